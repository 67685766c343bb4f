import { describe, expect, it } from 'vitest';
import { own, ownValue } from '../../src/config/own.ts';

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

describe('ownValue', () => {
  it('passes a value read from an own property', () => {
    const options = { auth: 'mine' };
    expect(ownValue(options, 'auth', options.auth)).toBe('mine');
  });

  it('drops a value read from an inherited one', () => {
    const options = Object.create({ auth: 'inherited' }) as { auth?: string };
    expect(ownValue(options, 'auth', options.auth)).toBeUndefined();
  });
});
