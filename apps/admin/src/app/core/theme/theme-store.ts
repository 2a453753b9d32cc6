import { DOCUMENT } from '@angular/common';
import { effect, inject, Injectable, signal } from '@angular/core';

export type ThemeMode = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'cd-theme';
const NEXT: Record<ThemeMode, ThemeMode> = { system: 'light', light: 'dark', dark: 'system' };

/** Light, dark, or whatever the operating system prefers; remembered on this browser. */
@Injectable({ providedIn: 'root' })
export class ThemeStore {
  private readonly document = inject(DOCUMENT);
  readonly mode = signal<ThemeMode>(readSavedMode(this.document));

  constructor() {
    effect(() => {
      const mode = this.mode();
      const root = this.document.documentElement;
      root.classList.toggle('theme-light', mode === 'light');
      root.classList.toggle('theme-dark', mode === 'dark');
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, mode);
    });
  }

  cycle(): void {
    this.mode.update((mode) => NEXT[mode]);
  }
}

function readSavedMode(document: Document): ThemeMode {
  const saved = document.defaultView?.localStorage.getItem(STORAGE_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}
