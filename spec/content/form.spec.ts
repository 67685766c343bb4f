import { describe, expect, it } from 'vitest';
import { formPairs, urlencode } from '../../src/content/form.ts';
import type { FormInit } from '../../src/content/types.ts';

describe('formPairs', () => {
  it('flattens a record: arrays repeat, true/false as text, null as empty, undefined skipped', () => {
    expect(formPairs({ a: 1, b: [true, false], c: null, d: undefined, e: 'x' })).toEqual([
      ['a', '1'],
      ['b', 'true'],
      ['b', 'false'],
      ['c', ''],
      ['e', 'x'],
    ]);
  });

  it('keeps the order of pairs and URLSearchParams', () => {
    expect(
      formPairs([
        ['z', 1],
        ['a', 2],
      ]),
    ).toEqual([
      ['z', '1'],
      ['a', '2'],
    ]);
    expect(formPairs(new URLSearchParams('q=1&q=2'))).toEqual([
      ['q', '1'],
      ['q', '2'],
    ]);
  });

  it('rejects raw bodies given as data', () => {
    expect(() => formPairs('a=1' as unknown as FormInit)).toThrow(/send raw bodies with content/);
    expect(() => formPairs(new Uint8Array(1) as unknown as FormInit)).toThrow(TypeError);
  });
});

describe('urlencode', () => {
  it('writes a space as + and percent-encodes reserved and non-ASCII characters as UTF-8', () => {
    expect(
      urlencode([
        ['q', 'rx js'],
        ['a&b', '1=2'],
        ['é', '*-._~'],
      ]),
    ).toBe('q=rx+js&a%26b=1%3D2&%C3%A9=*-._%7E');
  });

  it('is empty for no pairs', () => {
    expect(urlencode([])).toBe('');
  });
});
