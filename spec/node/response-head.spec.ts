import { describe, expect, it } from 'vitest';
import { Headers } from '../../src/models/headers.ts';
import { Request } from '../../src/models/request.ts';
import { declaredLength, responseHead } from '../../src/node/response-head.ts';

describe('responseHead', () => {
  it("builds the response of undici's raw headers, casing and order kept, body unread", () => {
    const request = new Request('GET', 'https://example.com/');
    const raw = [Buffer.from('Content-Type'), Buffer.from('text/plain'), 'X-Many', 'a', 'x-many', 'b'];
    const response = responseHead(request, 201, raw, 'Made');
    expect([response.status, response.reasonPhrase, response.request]).toEqual([201, 'Made', request]);
    expect(response.headers.raw()).toEqual(['Content-Type', 'text/plain', 'X-Many', 'a', 'x-many', 'b']);
    expect(response.isRead).toBe(false);
    expect(responseHead(request, 204, undefined, '').reasonPhrase).toBe('No Content');
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
