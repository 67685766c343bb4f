import { describe, expect, it } from 'vitest';
import { encodeQueryComponent, QueryParams } from '../../src/models/params.ts';

describe('QueryParams', () => {
  it('serializes pairs in the order given', () => {
    expect(new QueryParams({ b: '2', a: '1' }).toString()).toBe('b=2&a=1');
  });

  it('sends null as an empty value', () => {
    expect(new QueryParams({ a: null }).toString()).toBe('a=');
    expect(new QueryParams({ a: null }).get('a')).toBe('');
  });

  it('sends booleans as true and false', () => {
    expect(new QueryParams({ yes: true, no: false }).toString()).toBe('yes=true&no=false');
  });

  it('sends numbers as their decimal text', () => {
    expect(new QueryParams({ n: 0, f: 1.5, neg: -3 }).toString()).toBe('n=0&f=1.5&neg=-3');
  });

  it('repeats a name for each item of an array', () => {
    expect(new QueryParams({ tag: ['a', 'b', null, 3] }).toString()).toBe('tag=a&tag=b&tag=&tag=3');
  });

  it('skips undefined values', () => {
    expect(new QueryParams({ a: undefined, b: '1' }).toString()).toBe('b=1');
  });

  it('encodes a space as %20, never +', () => {
    expect(new QueryParams({ q: 'two words' }).toString()).toBe('q=two%20words');
    expect(encodeQueryComponent('a b+c')).toBe('a%20b%2Bc');
  });

  it('percent-encodes reserved characters in names and values', () => {
    expect(new QueryParams({ 'a&b': 'c=d/e?#' }).toString()).toBe('a%26b=c%3Dd%2Fe%3F%23');
  });

  it('encodes unicode as UTF-8', () => {
    expect(new QueryParams({ café: 'ünï 😀' }).toString()).toBe('caf%C3%A9=%C3%BCn%C3%AF%20%F0%9F%98%80');
  });

  it('builds from pairs, keeping repeated names', () => {
    const params = new QueryParams([
      ['a', '1'],
      ['a', '2'],
      ['b', true],
    ]);
    expect(params.getList('a')).toEqual(['1', '2']);
    expect(params.toString()).toBe('a=1&a=2&b=true');
  });

  it('builds from a query string, decoding it', () => {
    const params = new QueryParams('?a=1&b=two+words&c=%C3%A9');
    expect([...params]).toEqual([
      ['a', '1'],
      ['b', 'two words'],
      ['c', 'é'],
    ]);
  });

  it('builds from URLSearchParams and from another QueryParams', () => {
    const fromSearch = new QueryParams(new URLSearchParams('x=1&x=2'));
    expect(fromSearch.getList('x')).toEqual(['1', '2']);
    const copy = new QueryParams(fromSearch);
    copy.append('x', '3');
    expect(fromSearch.size).toBe(2);
    expect(copy.size).toBe(3);
  });

  it('is empty when built from nothing or null', () => {
    expect(new QueryParams().toString()).toBe('');
    expect(new QueryParams(null).size).toBe(0);
  });

  it('returns the first value from get, and null when missing', () => {
    const params = new QueryParams([
      ['a', '1'],
      ['a', '2'],
    ]);
    expect(params.get('a')).toBe('1');
    expect(params.get('missing')).toBeNull();
    expect(params.has('a')).toBe(true);
    expect(params.has('A')).toBe(false);
  });

  it('replaces every value of a name with set', () => {
    const params = new QueryParams([
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ]);
    params.set('a', 'x');
    expect(params.getList('a')).toEqual(['x']);
    expect(params.get('b')).toBe('2');
  });

  it('removes every value of a name with delete', () => {
    const params = new QueryParams('a=1&b=2&a=3');
    params.delete('a');
    expect(params.toString()).toBe('b=2');
  });

  it('lets the incoming values win per name with update', () => {
    const params = new QueryParams('page=1&sort=asc&page=2');
    params.update({ page: [5, 6], extra: 'e' });
    expect(params.getList('page')).toEqual(['5', '6']);
    expect(params.get('sort')).toBe('asc');
    expect(params.get('extra')).toBe('e');
  });

  it('doubles its pairs when extended with itself, and is unchanged when updated with itself', () => {
    const params = new QueryParams('a=1&b=2');
    params.update(params);
    expect(params.toString()).toBe('a=1&b=2');
    params.extend(params);
    expect(params.toString()).toBe('a=1&b=2&a=1&b=2');
  });

  it('adds to the values already there with extend', () => {
    const params = new QueryParams('a=1');
    params.extend({ a: 2 });
    expect(params.getList('a')).toEqual(['1', '2']);
  });
});
