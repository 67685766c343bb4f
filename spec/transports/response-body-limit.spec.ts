import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ResponseTooLarge } from '../../src/errors.ts';
import { DELIVERIES } from '../../src/models/delivery.ts';
import { Headers } from '../../src/models/headers.ts';
import { Request } from '../../src/models/request.ts';
import { ResponseBody } from '../../src/transports/response-body.ts';
import type { TransportEvent } from '../../src/transports/transport.ts';

/**
 * The limit every transport gets from `ResponseBody` (XHR and fetch in browsers, the Node pool,
 * MockTransport, AppTransport): a body driven past the request's `maxResponseSize`.
 */
function play(
  maxResponseSize: number | null | undefined,
  script: (body: ResponseBody) => void,
  head: Record<string, string> = {},
  total?: number,
) {
  const request = new Request('GET', 'https://example.com/', {
    extensions: { delivery: DELIVERIES.response, maxResponseSize },
  });
  const seen = { types: [] as string[], error: undefined as unknown, completed: false, tornDown: false };
  new Observable<TransportEvent>((subscriber) => {
    const body = new ResponseBody(subscriber, request, { status: 200, headers: new Headers(head) }, total);
    script(body);
    // What a transport's teardown does: abort its exchange (close the connection).
    return () => {
      seen.tornDown = true;
    };
  }).subscribe({
    next: (event) => seen.types.push(event.type),
    error: (error) => {
      seen.error = error;
    },
    complete: () => {
      seen.completed = true;
    },
  });
  return seen;
}

const bytes = (n: number) => new Uint8Array(n);

describe("ResponseBody's maxResponseSize", () => {
  it('size limit: decoded bytes past the limit fail with ResponseTooLarge and tear the transport down', () => {
    const seen = play(10, (body) => {
      body.begin();
      body.data(bytes(6));
      body.data(bytes(5));
      body.end();
    });
    expect(seen.error).toBeInstanceOf(ResponseTooLarge);
    expect((seen.error as ResponseTooLarge).message).toBe(
      'The response body is over maxResponseSize (10 bytes)',
    );
    expect((seen.error as ResponseTooLarge).request.url.href).toBe('https://example.com/');
    expect([seen.completed, seen.tornDown]).toEqual([false, true]);
  });

  it('size limit: a body of exactly the limit, or with no limit (null), completes', () => {
    for (const limit of [10, null, undefined]) {
      const seen = play(limit, (body) => {
        body.begin();
        body.data(bytes(10));
        body.end();
      });
      expect([seen.error, seen.completed]).toEqual([undefined, true]);
    }
  });

  it('size limit: a declared Content-Length over the limit fails at the head without Content-Encoding, not with one', () => {
    const plain = play(10, (body) => body.begin(), {}, 11);
    expect(plain.error).toBeInstanceOf(ResponseTooLarge);
    expect(plain.types).toEqual(['headers']);
    const encoded = play(10, (body) => body.begin(), { 'content-encoding': 'gzip' }, 11);
    expect([encoded.error, encoded.tornDown]).toEqual([undefined, false]);
  });
});
