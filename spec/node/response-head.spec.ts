import { describe, expect, it } from 'vitest';
import { Headers } from '../../src/models/headers.ts';
import { declaredLength, rawHeaderStrings, responseHead } from '../../src/node/response-head.ts';

describe('responseHead', () => {
  it("reads undici's raw headers, casing and order kept, and the status text when there is one", () => {
    const raw = [Buffer.from('Content-Type'), Buffer.from('text/plain'), 'X-Many', 'a', 'x-many', 'b'];
    const head = responseHead(201, raw, 'Made');
    expect([head.status, head.reasonPhrase]).toEqual([201, 'Made']);
    expect(head.headers.raw()).toEqual(['Content-Type', 'text/plain', 'X-Many', 'a', 'x-many', 'b']);
    expect(responseHead(204, undefined, '')).toEqual({
      status: 204,
      headers: new Headers(),
      ownHeaders: true,
    });
  });
});

describe("responseHead with undici's parsed headers", () => {
  const block = Buffer.from('Content-Type: text/plain\r\nx-one: 1\r\n', 'latin1');
  const view = (text: string) => {
    const at = block.indexOf(text, 0, 'latin1');
    return block.subarray(at, at + Buffer.byteLength(text, 'latin1'));
  };
  const raw = [view('Content-Type'), view('text/plain'), view('x-one'), view('1')];

  it('takes keys and values from the parse and decodes only the names, raw casing kept', () => {
    // Values that differ from the raw bytes show which source each part came from.
    const head = responseHead(200, raw, 'OK', { 'content-type': 'from parse', 'x-one': 'parsed' });
    expect(head.headers.raw()).toEqual(['Content-Type', 'from parse', 'x-one', 'parsed']);
    expect(head.headers.get('CONTENT-TYPE')).toBe('from parse');
  });

  it('decodes the raw pieces when the parse cannot hold them one to one', () => {
    const many = [view('x-one'), view('1'), view('x-one'), view('text/plain')];
    // A repeated name: undici makes it an array.
    expect(responseHead(200, many, 'OK', { 'x-one': ['1', 'text/plain'] }).headers.raw()).toEqual([
      'x-one',
      '1',
      'x-one',
      'text/plain',
    ]);
    // Integer-like names come first in an object, whatever their order on the wire.
    const digits = ['X-A', 'a', '7', 'b'];
    expect(responseHead(200, digits, 'OK', { 7: 'b', 'x-a': 'a' }).headers.raw()).toEqual(digits);
    // Fewer keys than names, or a key that cannot be the name.
    expect(responseHead(200, raw, 'OK', { 'content-type': 'x' }).headers.raw()).toEqual([
      'Content-Type',
      'text/plain',
      'x-one',
      '1',
    ]);
    expect(responseHead(200, raw, 'OK', { 'content-typ': 'x', 'x-one': 'y' }).headers.get('x-one')).toBe('1');
  });
});

describe('rawHeaderStrings', () => {
  const block = Buffer.from(
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Caf\xe9: \xe9t\xe9\r\n\r\n',
    'latin1',
  );
  const view = (text: string, from = 0) => {
    const at = block.indexOf(text, from, 'latin1');
    return block.subarray(at, at + Buffer.byteLength(text, 'latin1'));
  };

  it('cuts the pieces out of the chunk they view, as latin1, in their order', () => {
    const raw = [view('Content-Type'), view('text/plain'), view('X-Caf\xe9'), view('\xe9t\xe9')];
    expect(rawHeaderStrings(raw)).toEqual(['Content-Type', 'text/plain', 'X-Caf\xe9', '\xe9t\xe9']);
    // Out of order in the chunk: each piece is still its own bytes.
    expect(rawHeaderStrings([raw[2]!, raw[3]!, raw[0]!, raw[1]!])).toEqual([
      'X-Caf\xe9',
      '\xe9t\xe9',
      'Content-Type',
      'text/plain',
    ]);
  });

  it('decodes pieces one by one when they do not share one chunk, or are strings', () => {
    const joined = Buffer.concat([view('text/'), view('plain')]);
    expect(rawHeaderStrings([view('Content-Type'), joined])).toEqual(['Content-Type', 'text/plain']);
    expect(rawHeaderStrings(['X-A', view('text/plain')])).toEqual(['X-A', 'text/plain']);
    expect(rawHeaderStrings([])).toEqual([]);
  });

  it('decodes pieces far apart in one large buffer one by one', () => {
    const large = Buffer.alloc(200 * 1024, 0x61);
    large.write('Name', 0, 'latin1');
    large.write('Value', large.length - 5, 'latin1');
    expect(rawHeaderStrings([large.subarray(0, 4), large.subarray(large.length - 5)])).toEqual([
      'Name',
      'Value',
    ]);
  });
});

describe('declaredLength', () => {
  it('reads a Content-Length of digits only', () => {
    expect(declaredLength(new Headers({ 'Content-Length': '1024' }))).toBe(1024);
    expect(declaredLength(new Headers({ 'Content-Length': '-1' }))).toBeUndefined();
    expect(declaredLength(new Headers({ 'Content-Length': '1e3' }))).toBeUndefined();
    expect(declaredLength(new Headers())).toBeUndefined();
  });
});

describe('responseHead of an HTTP/2 response', () => {
  // undici hands an h2 response's headers as Node's http2 headers object.
  const h2 = {
    'content-type': 'text/plain',
    'set-cookie': ['a=1', 'b=2'],
    ':status': '200',
    gone: undefined,
  };

  it('takes the headers object, a repeated name once per value, pseudo-headers left out', () => {
    const head = responseHead(200, h2, '', h2);
    expect(head).toEqual({
      status: 200,
      headers: head.headers,
      ownHeaders: true,
      httpVersion: 'HTTP/2',
    });
    expect(head.headers.raw()).toEqual([
      'content-type',
      'text/plain',
      'set-cookie',
      'a=1',
      'set-cookie',
      'b=2',
    ]);
  });

  it("says the version the pool knows, and the headers' shape when it knows none", () => {
    expect(responseHead(200, ['X', '1'], 'OK', undefined, 'HTTP/2').httpVersion).toBe('HTTP/2');
    expect(responseHead(200, ['X', '1'], 'OK', undefined, 'HTTP/1.1').httpVersion).toBeUndefined();
    expect(responseHead(200, ['X', '1'], 'OK').httpVersion).toBeUndefined();
    expect(responseHead(200, h2, '', undefined, 'HTTP/1.1').httpVersion).toBeUndefined();
    expect(responseHead(200, h2, '').httpVersion).toBe('HTTP/2');
  });
});
