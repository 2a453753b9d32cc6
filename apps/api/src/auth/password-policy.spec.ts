import { describe, expect, it } from 'vitest';

import { commonPasswordCount, passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('ships a list of at least 10,000 common passwords', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it('counts characters, not bytes or UTF-16 units', () => {
    expect(passwordProblem('🔐'.repeat(8))).toBeNull();
    expect(passwordProblem('🔐'.repeat(7))).toBe('must be at least 8 characters');
    expect(passwordProblem('é'.repeat(128))).toBeNull();
    expect(passwordProblem('é'.repeat(129))).toBe('must be at most 128 characters');
  });

  it('has no composition rules but refuses common passwords in any case', () => {
    expect(passwordProblem('all lower case words')).toBeNull();
    expect(passwordProblem('Password1')).toBe(
      'is one of the most common passwords: choose another',
    );
    expect(passwordProblem('iloveyou')).toBe('is one of the most common passwords: choose another');
  });
});
