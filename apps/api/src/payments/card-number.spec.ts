import { describe, expect, it } from 'vitest';

import { TEST_CARDS } from '@collection-desk/contracts';

import { cardBrand, cardDigits, passesLuhn } from './card-number.js';

describe('card numbers', () => {
  it.each([
    ...Object.values(TEST_CARDS),
    '5555555555554444',
    '378282246310005',
    '6011111111111117',
  ])('accepts the valid number %s', (number) => expect(passesLuhn(number)).toBe(true));

  it.each(['4242424242424241', '1234567890123456', '42424242', 'abcd', '4242 4242 4242 4242'])(
    'refuses %j',
    (number) => expect(passesLuhn(number)).toBe(false),
  );

  it('reads grouped digits and names the scheme', () => {
    expect(cardDigits('4242 4242-4242 4242')).toBe('4242424242424242');
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223003122003222')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('3530111333300000')).toBe('card');
  });
});
