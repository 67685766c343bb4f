import { expect, it, describe as suite } from 'vitest';
import { describe } from '../../src/config/describe.ts';

class Agent {}

suite('describe', () => {
  it.each<[unknown, string]>([
    ['localhost:8000', "'localhost:8000'"],
    ["it's", "'it\\'s'"],
    ['say "hi"', `'say "hi"'`],
    ['line\nbreak', "'line\\nbreak'"],
    ['', "''"],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [10n, '10n'],
    [true, 'true'],
    [undefined, 'undefined'],
    [null, 'null'],
    [Symbol('s'), 'Symbol(s)'],
    [[], 'an empty array'],
    [[1, 2, 3], 'an array of 3'],
    [{}, 'an object'],
    [Object.create(null), 'an object'],
    [new Map(), 'a Map'],
    [new Agent(), 'an Agent'],
    [() => 1, 'a function'],
    [function named() {}, 'a function'],
  ])('describes %s as %s', (value, expected) => {
    expect(describe(value)).toBe(expected);
  });

  it('cuts a long string to a readable length', () => {
    expect(describe('x'.repeat(100))).toBe(`'${'x'.repeat(60)}…'`);
  });

  it('tells the global fetch Response by its class name', () => {
    expect(describe(new globalThis.Response('x'))).toBe('a Response');
  });
});
