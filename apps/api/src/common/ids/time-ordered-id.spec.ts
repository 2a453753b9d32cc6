import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';

import { timeOrderedId, timeOrderedIdFloor } from './time-ordered-id.js';

describe('timeOrderedId', () => {
  it('makes distinct version-7 UUIDs that sort in the order they were made, within a millisecond too', () => {
    const ids = Array.from({ length: 20_000 }, () => timeOrderedId());

    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the time it was made', () => {
    const before = Date.now();
    const id = timeOrderedId();
    const msecs = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    expect(msecs).toBeLessThanOrEqual(Date.now() + 1);
  });

  it('has a floor per millisecond: ids made before it sort below, ids made after it above', () => {
    const made = timeOrderedId();
    expect(timeOrderedIdFloor(new Date(Date.now() + 2)) > made).toBe(true);
    expect(timeOrderedIdFloor(new Date(Date.now() - 1000)) < made).toBe(true);
    expect(validate(timeOrderedIdFloor(new Date()))).toBe(true);
  });
});
