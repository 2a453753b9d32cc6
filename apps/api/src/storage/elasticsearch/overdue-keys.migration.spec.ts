import { describe, expect, it } from 'vitest';

import { reorderedOverdueKey } from './overdue-keys.migration.js';

describe('overdue notification keys by due date', () => {
  const customerId = '0b7e2c4e-93d1-4f0a-9c61-5f1f6a3d2e10';

  it('puts the due date of an old key first', () => {
    expect(reorderedOverdueKey(`overdue:${customerId}:2026-10-31`)).toBe(
      `overdue:2026-10-31:${customerId}`,
    );
  });

  it('leaves keys of the new form and other keys alone', () => {
    expect(reorderedOverdueKey(`overdue:2026-10-31:${customerId}`)).toBeNull();
    expect(reorderedOverdueKey('payment:123')).toBeNull();
    expect(reorderedOverdueKey(null)).toBeNull();
  });
});
