import { describe, expect, it } from 'vitest';

import { unsupportedNodeReason } from './node-version.js';

describe('unsupportedNodeReason', () => {
  it('accepts Node 24 and later', () => {
    expect(unsupportedNodeReason('24.0.0')).toBeNull();
    expect(unsupportedNodeReason('26.1.0')).toBeNull();
  });

  it('refuses older majors and says how to get the right one', () => {
    const reason = unsupportedNodeReason('20.20.2');
    expect(reason).toContain('needs Node.js 24 or newer');
    expect(reason).toContain('this is Node.js 20.20.2');
    expect(reason).toContain('npm start');
  });
});
