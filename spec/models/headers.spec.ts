import { describe, expect, it } from 'vitest';
import { LocalProtocolError } from '../../src/errors.ts';
import { Headers } from '../../src/models/headers.ts';

describe('Headers', () => {
  describe('look-ups', () => {
    it('finds a name whatever its case', () => {
      const headers = new Headers({ 'Content-Type': 'text/plain' });
      expect(headers.get('content-type')).toBe('text/plain');
      expect(headers.get('CONTENT-TYPE')).toBe('text/plain');
      expect(headers.has('cOnTeNt-TyPe')).toBe(true);
    });

    it('returns null for a name it does not have', () => {
      const headers = new Headers({ Accept: '*/*' });
      expect(headers.get('x-missing')).toBeNull();
      expect(headers.has('x-missing')).toBe(false);
    });

    it('joins every value of a name with a comma and a space', () => {
      const headers = new Headers([
        ['Accept', 'text/html'],
        ['X-Other', '1'],
        ['accept', 'application/json'],
      ]);
      expect(headers.get('Accept')).toBe('text/html, application/json');
    });

    it('lists every value of a name in order, and nothing for a missing one', () => {
      const headers = new Headers([
        ['Set-Cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ]);
      expect(headers.getList('SET-COOKIE')).toEqual(['a=1', 'b=2']);
      expect(headers.getList('x-missing')).toEqual([]);
    });

    it('counts each entry in size, a repeated name once per value', () => {
      const headers = new Headers([
        ['A', '1'],
        ['a', '2'],
        ['B', '3'],
      ]);
      expect(headers.size).toBe(3);
      expect(headers.keys()).toEqual(['a', 'b']);
    });
  });

  describe('order and casing', () => {
    it('keeps the order entries were added in', () => {
      const headers = new Headers();
      headers.append('Zeta', '1').append('Alpha', '2').append('Mid', '3');
      expect([...headers].map(([name]) => name)).toEqual(['Zeta', 'Alpha', 'Mid']);
    });

    it('keeps the casing each name was given in iteration and raw()', () => {
      const headers = new Headers([
        ['X-CUSTOM-Thing', 'a'],
        ['x-lower', 'b'],
      ]);
      expect([...headers]).toEqual([
        ['X-CUSTOM-Thing', 'a'],
        ['x-lower', 'b'],
      ]);
      expect(headers.raw()).toEqual(['X-CUSTOM-Thing', 'a', 'x-lower', 'b']);
      expect([...headers.entries()]).toEqual([...headers]);
    });

    it('lower-cases names and joins values in toJSON()', () => {
      const headers = new Headers([
        ['Accept', 'a'],
        ['ACCEPT', 'b'],
        ['Authorization', 'secret'],
      ]);
      expect(headers.toJSON()).toEqual({ accept: 'a, b', authorization: 'secret' });
    });
  });

  describe('set, append and delete', () => {
    it('replaces every value of a name with set, keeping the position of the first', () => {
      const headers = new Headers([
        ['A', '1'],
        ['B', '2'],
        ['a', '3'],
        ['C', '4'],
      ]);
      headers.set('A', 'new');
      expect([...headers]).toEqual([
        ['A', 'new'],
        ['B', '2'],
        ['C', '4'],
      ]);
    });

    it('adds a name set for the first time at the end', () => {
      const headers = new Headers({ A: '1' });
      headers.set('B', 2);
      expect(headers.raw()).toEqual(['A', '1', 'B', '2']);
    });

    it('keeps the values already there when appending', () => {
      const headers = new Headers({ Vary: 'Accept' });
      headers.append('vary', 'Origin');
      expect(headers.getList('Vary')).toEqual(['Accept', 'Origin']);
    });

    it('deletes every value of a name whatever its case', () => {
      const headers = new Headers([
        ['A', '1'],
        ['B', '2'],
        ['a', '3'],
      ]);
      headers.delete('A');
      expect(headers.has('a')).toBe(false);
      expect(headers.raw()).toEqual(['B', '2']);
    });

    it('trims whitespace around values', () => {
      const headers = new Headers({ Accept: '  text/html \t' });
      headers.append('X-Pad', '  padded  ');
      expect(headers.get('accept')).toBe('text/html');
      expect(headers.get('x-pad')).toBe('padded');
    });

    it('sends numbers as their decimal text', () => {
      const headers = new Headers({ 'Content-Length': 42 });
      expect(headers.get('content-length')).toBe('42');
    });
  });

  describe('validation', () => {
    it.each([
      ['a carriage return', 'a\rb'],
      ['a line feed', 'a\nInjected: yes'],
      ['a NUL', 'a\0b'],
    ])('rejects a value with %s', (_what, value) => {
      expect(() => new Headers({ 'X-Test': value })).toThrow(LocalProtocolError);
      expect(() => new Headers().append('X-Test', value)).toThrow(LocalProtocolError);
      expect(() => new Headers().set('X-Test', value)).toThrow(LocalProtocolError);
    });

    it.each([
      ['a space', 'Bad Name'],
      ['a colon', 'Bad:Name'],
      ['a line feed', 'Bad\nName'],
      ['nothing', ''],
    ])('rejects a name with %s', (_what, name) => {
      expect(() => new Headers([[name, 'v']])).toThrow(LocalProtocolError);
      expect(() => new Headers().set(name, 'v')).toThrow(LocalProtocolError);
    });

    it('says which header is wrong', () => {
      expect(() => new Headers({ 'X-Evil': 'a\r\nb' })).toThrow(/X-Evil/);
    });

    it('leaves the map unchanged when a value is rejected', () => {
      const headers = new Headers({ A: '1' });
      expect(() => headers.set('A', 'x\ny')).toThrow(LocalProtocolError);
      expect(headers.get('a')).toBe('1');
    });
  });

  describe('construction', () => {
    it('builds from a record, with an array giving several values and undefined skipped', () => {
      const headers = new Headers({
        Accept: ['text/html', 'application/json'],
        'X-One': 'x',
        'X-None': undefined,
      });
      expect(headers.getList('accept')).toEqual(['text/html', 'application/json']);
      expect(headers.get('x-one')).toBe('x');
      expect(headers.has('x-none')).toBe(false);
    });

    it('builds from pairs, keeping repeated names', () => {
      const headers = new Headers([
        ['A', '1'],
        ['A', '2'],
      ]);
      expect(headers.getList('a')).toEqual(['1', '2']);
    });

    it('builds from a Map of names to values', () => {
      const headers = new Headers(new Map([['X-From-Map', 'yes']]));
      expect(headers.get('x-from-map')).toBe('yes');
    });

    it('copies another Headers, so later changes do not leak back', () => {
      const original = new Headers([
        ['A', '1'],
        ['a', '2'],
      ]);
      const copy = new Headers(original);
      copy.set('A', 'changed');
      expect(original.getList('a')).toEqual(['1', '2']);
      expect(copy.get('a')).toBe('changed');
      expect(original.copy().raw()).toEqual(['A', '1', 'a', '2']);
    });

    it('is empty when built from nothing or null', () => {
      expect(new Headers().size).toBe(0);
      expect(new Headers(null).size).toBe(0);
    });

    it('takes trusted raw pairs as they are', () => {
      const headers = Headers.fromRaw(['Content-Type', 'text/plain', 'X-A', '1', 'x-a', '2']);
      expect(headers.get('content-type')).toBe('text/plain');
      expect(headers.get('X-A')).toBe('1, 2');
      expect(headers.raw()).toEqual(['Content-Type', 'text/plain', 'X-A', '1', 'x-a', '2']);
    });
  });

  describe('merging', () => {
    it('lets the incoming values win per name with update', () => {
      const client = new Headers([
        ['Accept', '*/*'],
        ['X-Trace', 'a'],
        ['X-Trace', 'b'],
        ['User-Agent', 'httprx'],
      ]);
      client.update({ 'x-trace': 'mine', Extra: 'e' });
      expect(client.getList('X-Trace')).toEqual(['mine']);
      expect(client.get('accept')).toBe('*/*');
      expect(client.get('user-agent')).toBe('httprx');
      expect(client.get('extra')).toBe('e');
    });

    it('keeps every incoming value of a name on update', () => {
      const headers = new Headers({ Accept: 'a' });
      headers.update([
        ['Accept', 'b'],
        ['Accept', 'c'],
      ]);
      expect(headers.getList('accept')).toEqual(['b', 'c']);
    });

    it('adds to the values already there with extend', () => {
      const headers = new Headers({ Accept: 'a' });
      headers.extend({ accept: 'b' });
      expect(headers.getList('accept')).toEqual(['a', 'b']);
    });

    it('is unchanged when updated with itself, and doubles when extended with itself', () => {
      const headers = new Headers({ A: '1', B: '2' });
      headers.update(headers);
      expect(headers.raw()).toEqual(['A', '1', 'B', '2']);
      headers.extend(headers);
      expect(headers.getList('a')).toEqual(['1', '1']);
    });

    it('does not change the Headers passed to update', () => {
      const incoming = new Headers({ A: '1' });
      new Headers({ A: '0' }).update(incoming).append('A', '2');
      expect(incoming.getList('a')).toEqual(['1']);
    });
  });

  describe('printing', () => {
    it('masks Authorization and Proxy-Authorization when printed', () => {
      const headers = new Headers({
        Accept: '*/*',
        Authorization: 'Bearer secret-token',
        'proxy-authorization': 'Basic c2VjcmV0',
      });
      const printed = headers.toString();
      expect(printed).toBe(
        'Headers({"Accept": "*/*", "Authorization": "[secure]", "proxy-authorization": "[secure]"})',
      );
      expect(printed).not.toContain('secret');
      expect(printed).not.toContain('c2VjcmV0');
    });

    it('still returns the real credentials from get', () => {
      const headers = new Headers({ Authorization: 'Bearer secret-token' });
      expect(headers.get('authorization')).toBe('Bearer secret-token');
    });
  });

  describe("the library's own look-ups by lower-cased key", () => {
    const headers = new Headers([
      ['Transfer-Encoding', 'chunked'],
      ['Set-Cookie', 'a=1'],
      ['set-cookie', 'b=2'],
    ]);

    it('find what get, getList and has find for that name', () => {
      expect(headers.getKey('set-cookie')).toBe(headers.get('Set-Cookie'));
      expect(headers.getListKey('set-cookie')).toEqual(['a=1', 'b=2']);
      expect([headers.hasKey('transfer-encoding'), headers.hasKey('content-length')]).toEqual([true, false]);
    });

    it('put Host first, before a copy of the rest, unless the rest has its own', () => {
      const client = new Headers({ Accept: '*/*', 'User-Agent': 'x' });
      const made = Headers.hostThen('example.com', client);
      expect(made.raw()).toEqual(['Host', 'example.com', 'Accept', '*/*', 'User-Agent', 'x']);
      made.set('Accept', 'text/plain');
      expect(client.get('accept')).toBe('*/*');
      const own = new Headers({ Accept: '*/*', host: 'proxy.example' });
      expect(Headers.hostThen('example.com', own).raw()).toEqual(['Accept', '*/*', 'host', 'proxy.example']);
    });

    it('leave one name out of the raw pairs, the rest in order and casing', () => {
      expect(headers.rawWithout('transfer-encoding')).toEqual(['Set-Cookie', 'a=1', 'set-cookie', 'b=2']);
      expect(headers.rawWithout('set-cookie')).toEqual(['Transfer-Encoding', 'chunked']);
      expect(headers.rawWithout('accept')).toEqual(headers.raw());
    });
  });
});
