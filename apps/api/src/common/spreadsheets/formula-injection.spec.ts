import { describe, expect, it } from 'vitest';

import { neutralizeForCsv, startsLikeFormula, withoutStrayControls } from './formula-injection.js';

// Payloads from OWASP's CSV-injection page and the probe, plus harmless look-alikes.
const SUSPECT = [
  '=1+1',
  '+1 call back',
  '-2+3',
  '@SUM(A1:A2)',
  '|calc',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '\u0000=1+1',
  ' =1+1',
  '\u00a0=1+1',
  '\u200b=1+1',
  '\ufeff=1+1',
  '＝1+1',
  '＋1',
  '－1',
  '＠SUM(1)',
  '｜calc',
  '=HYPERLINK("http://evil.example","click")',
  "=cmd|' /C calc'!A0",
  '\t',
];
const HARMLESS = [
  'Acme Trading',
  '1+1',
  'a=b',
  'x@y.test',
  "O'Brien",
  '',
  '100%',
  '(555) 0101',
  '£5',
];

describe('formula injection', () => {
  it.each(SUSPECT)('treats %j as a formula', (value) => {
    expect(startsLikeFormula(value)).toBe(true);
  });

  it.each(HARMLESS)('leaves %j alone', (value) => {
    expect(startsLikeFormula(value)).toBe(false);
    expect(neutralizeForCsv(value)).toBe(value);
  });

  it('prefixes suspect CSV text with an apostrophe and drops NUL and stray controls', () => {
    expect(neutralizeForCsv('\u0000=1+1')).toBe("'=1+1");
    expect(neutralizeForCsv('\n=1+1')).toBe("'\n=1+1");
    expect(neutralizeForCsv('＝1+1')).toBe("'＝1+1");
    expect(neutralizeForCsv('a\u0000b\u0007c')).toBe('abc');
    expect(withoutStrayControls('line\nnext\ttab\r')).toBe('line\nnext\ttab\r');
  });
});
