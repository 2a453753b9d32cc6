import { describe, expect, it } from 'vitest';

import { readAmount, readDate } from './import-row-validation.js';

describe('readAmount', () => {
  it.each([
    ['1,234.56', 2, 123456],
    ['1.234,56', 2, 123456],
    ['1 234,56', 2, 123456],
    ['€ 12', 2, 1200],
    ['12.5 EUR', 2, 1250],
    ['1,234', 2, 123400],
    ['1.234', 0, 1234],
    ['1.234', 3, 1234],
    ['0', 2, 0],
  ] as const)(
    'reads %s in a currency with %i decimals as %i minor units',
    (text, digits, minor) => {
      expect(readAmount(text, digits)).toBe(minor);
    },
  );

  it('reads number cells without binary noise, and refuses a fraction finer than the currency', () => {
    expect(readAmount(0.1 + 0.2, 2)).toBe(30);
    expect(readAmount(1250.5, 2)).toBe(125050);
    expect(readAmount(12.345, 2)).toBe('has more than 2 decimals');
    expect(readAmount(12.5, 0)).toBe('must be a whole amount in this currency');
  });

  it.each([
    [null, 'is required'],
    ['  ', 'is required'],
    ['-5', 'must not be negative'],
    ['(5.00)', 'must not be negative'],
    [-5, 'must not be negative'],
    ['twelve', 'must be an amount such as 1,234.56'],
    ['1.2.3,4', 'must be an amount such as 1,234.56'],
    [true, 'must be an amount such as 1,234.56'],
  ] as const)('refuses %j: %s', (cell, message) => {
    expect(readAmount(cell, 2)).toBe(message);
  });
});

describe('readDate', () => {
  it('reads date cells, Excel serial numbers and ISO text whatever the chosen format', () => {
    expect(readDate(new Date(Date.UTC(2027, 0, 31)), 'DD/MM/YYYY')).toBe('2027-01-31');
    expect(readDate(46387, 'MM/DD/YYYY')).toBe('2026-12-31');
    expect(readDate('2027-01-31', 'DD/MM/YYYY')).toBe('2027-01-31');
    expect(readDate('2027-01-31T00:00:00Z', 'YYYY-MM-DD')).toBe('2027-01-31');
  });

  it('reads day-month text as the upload says, and asks for a format when it says none', () => {
    expect(readDate('3/4/2027', 'DD/MM/YYYY')).toBe('2027-04-03');
    expect(readDate('3/4/2027', 'MM/DD/YYYY')).toBe('2027-03-04');
    expect(readDate('03.04.2027', 'DD/MM/YYYY')).toBe('2027-04-03');
    expect(readDate('3/4/2027', 'YYYY-MM-DD')).toEqual({
      error: expect.stringContaining('choose the date format DD/MM/YYYY or MM/DD/YYYY'),
    });
  });

  it('refuses what is no date', () => {
    expect(readDate(null, 'YYYY-MM-DD')).toEqual({ error: 'is required' });
    expect(readDate(0, 'YYYY-MM-DD')).toEqual({ error: 'must be a date' });
    expect(readDate('next week', 'MM/DD/YYYY')).toEqual({
      error: 'must be a date such as 12/31/2026',
    });
  });
});
