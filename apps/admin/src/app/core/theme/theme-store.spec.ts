import { TestBed } from '@angular/core/testing';

import { ThemeStore } from './theme-store';

describe('ThemeStore', () => {
  beforeEach(() => {
    localStorage.clear();
    document.documentElement.className = '';
  });

  function create(): ThemeStore {
    const store = TestBed.inject(ThemeStore);
    TestBed.tick();
    return store;
  }

  it('follows the system by default and cycles light → dark → system', () => {
    const store = create();
    expect(store.mode()).toBe('system');

    store.cycle();
    TestBed.tick();
    expect(document.documentElement.classList.contains('theme-light')).toBe(true);

    store.cycle();
    TestBed.tick();
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
    expect(document.documentElement.classList.contains('theme-light')).toBe(false);

    store.cycle();
    TestBed.tick();
    expect(store.mode()).toBe('system');
    expect(document.documentElement.className).toBe('');
  });

  it('remembers the choice on this browser', () => {
    localStorage.setItem('cd-theme', 'dark');

    expect(create().mode()).toBe('dark');
    expect(document.documentElement.classList.contains('theme-dark')).toBe(true);
  });
});
