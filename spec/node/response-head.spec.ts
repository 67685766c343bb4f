import { describe, expect, it } from 'vitest';
import { Headers } from '../../src/models/headers.ts';
import { declaredLength, responseHead } from '../../src/node/response-head.ts';

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

describe('declaredLength', () => {
  it('reads a Content-Length of digits only', () => {
    expect(declaredLength(new Headers({ 'Content-Length': '1024' }))).toBe(1024);
    expect(declaredLength(new Headers({ 'Content-Length': '-1' }))).toBeUndefined();
    expect(declaredLength(new Headers({ 'Content-Length': '1e3' }))).toBeUndefined();
    expect(declaredLength(new Headers())).toBeUndefined();
  });
});
