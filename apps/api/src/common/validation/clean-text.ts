import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Length, ValidateBy } from 'class-validator';

export interface CleanTextOptions {
  /** Characters after trimming; 1 (the default) refuses a blank value. */
  min?: number;
  max: number;
  /** Addresses and notes keep line breaks and tabs; names and references do not. */
  multiline?: boolean;
}

/**
 * C0/C1 controls (a multi-line field keeps tab and line feed), and the bidirectional embeddings,
 * overrides and isolates that make text display differently from what it is ("Trojan Source").
 */
const FORBIDDEN_SINGLE_LINE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
const FORBIDDEN_MULTILINE = /(?![\t\n])[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** NFC, CR LF → LF, outer white space trimmed: one spelling of the same text. */
export function cleanText(value: string, multiline = false): string {
  const normalized = value.normalize('NFC');
  return (multiline ? normalized.replace(/\r\n?/g, '\n') : normalized).trim();
}

/** The first character a text field may not hold, or null. */
export function forbiddenCharacterIn(value: string, multiline = false): string | null {
  const match = (multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_SINGLE_LINE).exec(value);
  return match ? match[0] : null;
}

/**
 * A human-readable text field: cleaned as above, then refused when it holds control or
 * bidirectional-override characters or its cleaned length is outside `min`–`max`.
 */
export function CleanText({
  min = 1,
  max,
  multiline = false,
}: CleanTextOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? cleanText(value, multiline) : value,
    ),
    IsString({ message: 'must be a string' }),
    ValidateBy(
      {
        name: 'cleanText',
        validator: {
          validate: (value: unknown) =>
            typeof value === 'string' && forbiddenCharacterIn(value, multiline) === null,
          defaultMessage: () =>
            multiline
              ? 'must not contain control or text-direction characters'
              : 'must be one line without control or text-direction characters',
        },
      },
      {},
    ),
    Length(min, max, {
      message:
        min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`,
    }),
  );
}
