import { describe, expect, it } from 'vitest';
import { own } from '../../src/config/own.ts';

describe('own', () => {
  it('reads an own property', () => {
    expect(own({ auth: 'mine' }, 'auth')).toBe('mine');
  });

  it('ignores an inherited one', () => {
    const options = Object.create({ auth: 'inherited' }) as { auth?: string };
    expect(options.auth).toBe('inherited');
    expect(own(options, 'auth')).toBeUndefined();
  });

  it('reads an own property set to undefined as undefined', () => {
    expect(own({ auth: undefined }, 'auth')).toBeUndefined();
  });
});
