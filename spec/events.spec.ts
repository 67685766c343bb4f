import { filter, lastValueFrom, type Observable, of, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { DecodingError, HttpStatusError } from '../src/errors.ts';
import {
  chunks,
  type HttpEvent,
  isEvent,
  json,
  ofType,
  type Progress,
  progress,
  raiseForStatus,
  responses,
  tapEvent,
} from '../src/events.ts';
import { Request } from '../src/models/request.ts';
import { Response } from '../src/models/response.ts';

const request = { method: 'GET' } as unknown as Request;
const ok = new Response(200, { text: 'hello' });
const redirect = new Response(302, { headers: { Location: '/next' } });
const bytes = (text: string) => new TextEncoder().encode(text);

/** The events of one request whose body is 10 bytes, arriving in two pieces. */
const e: Record<string, HttpEvent> = {
  s: { type: 'sent', request, attempt: 1 },
  u: { type: 'upload', loaded: 3, total: 3 },
  h: { type: 'headers', response: ok },
  d: { type: 'download', loaded: 4, total: 10 },
  a: { type: 'chunk', data: bytes('hel') },
  D: { type: 'download', loaded: 10, total: 10 },
  b: { type: 'chunk', data: bytes('lo') },
  x: { type: 'redirect', response: redirect, request },
  t: { type: 'retry', attempt: 2, delay: 500 },
  r: { type: 'response', response: ok },
};

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('isEvent', () => {
  it('is true only for events of its type', () => {
    const isChunk = isEvent('chunk');
    expect(isChunk(e.a!)).toBe(true);
    expect(isChunk(e.d!)).toBe(false);
    expect(Object.values(e).filter(isEvent('download'))).toEqual([e.d, e.D]);
  });

  it('narrows the event type for filter', async () => {
    const loaded = await lastValueFrom(of(e.s!, e.u!, e.d!).pipe(filter(isEvent('upload')), toArray()));
    expect(loaded.map((event) => event.loaded)).toEqual([3]);
  });
});

describe('ofType', () => {
  it('keeps only the events of one type, in order and at their time', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('s-h-d-a-D-b-r|', e);
      expectObservable(source.pipe(ofType('download'))).toBe('----d---D----|', e);
    });
  });
});

describe('responses', () => {
  it('emits the final response and nothing else', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('s-h-a-b-r|', e);
      expectObservable(source.pipe(responses())).toBe('--------r|', { r: ok });
    });
  });

  it('ignores responses of headers and redirect events', async () => {
    const found = await lastValueFrom(of(e.x!, e.h!, e.r!).pipe(responses(), toArray()));
    expect(found).toEqual([ok]);
  });

  it('completes without a value when the stream has no response event', async () => {
    const found = await lastValueFrom(of(e.s!, e.h!).pipe(responses(), toArray()));
    expect(found).toEqual([]);
  });

  it('passes an error through', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const failure = new Error('reset');
      expectObservable(cold('s-h-#', e, failure).pipe(responses())).toBe('----#', undefined, failure);
    });
  });
});

describe('chunks', () => {
  it('emits the data of each chunk event', async () => {
    const pieces = await lastValueFrom(of(e.s!, e.h!, e.a!, e.D!, e.b!, e.r!).pipe(chunks(), toArray()));
    expect(pieces.map((piece) => new TextDecoder().decode(piece))).toEqual(['hel', 'lo']);
  });
});

describe('progress', () => {
  it('gives the fraction of the download done when the total is known', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const expected: Record<string, Progress> = {
        p: { loaded: 4, total: 10, fraction: 0.4 },
        q: { loaded: 10, total: 10, fraction: 1 },
      };
      expectObservable(cold('s-h-d-a-D-b-r|', e).pipe(progress('download'))).toBe('----p---q----|', expected);
    });
  });

  it('gives only the bytes loaded when the total is unknown', async () => {
    const steps = await lastValueFrom(
      of<HttpEvent[]>({ type: 'download', loaded: 100 }, { type: 'download', loaded: 250 }).pipe(
        progress('download'),
        toArray(),
      ),
    );
    expect(steps).toEqual([{ loaded: 100 }, { loaded: 250 }]);
    expect(steps[0]).not.toHaveProperty('fraction');
  });

  it('counts an empty body with a known total as done', async () => {
    const steps = await lastValueFrom(
      of<HttpEvent[]>({ type: 'download', loaded: 0, total: 0 }).pipe(progress('download'), toArray()),
    );
    expect(steps).toEqual([{ loaded: 0, total: 0, fraction: 1 }]);
  });

  it('follows only the direction asked for', async () => {
    const upload = await lastValueFrom(of(e.u!, e.d!, e.D!).pipe(progress('upload'), toArray()));
    expect(upload).toEqual([{ loaded: 3, total: 3, fraction: 1 }]);
  });
});

describe('tapEvent', () => {
  it('calls the function for each event of its type and passes every event on unchanged', () => {
    const delays: number[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold('s-t-s-t-r|', e);
      expectObservable(source.pipe(tapEvent('retry', (event) => delays.push(event.delay)))).toBe(
        's-t-s-t-r|',
        e,
      );
    });
    expect(delays).toEqual([500, 500]);
  });

  it('does not call the function for other types', async () => {
    const seen: HttpEvent[] = [];
    const passed = await lastValueFrom(
      of(e.s!, e.h!, e.r!).pipe(
        tapEvent('chunk', (event) => seen.push(event)),
        toArray(),
      ),
    );
    expect(seen).toEqual([]);
    expect(passed).toEqual([e.s, e.h, e.r]);
  });
});

describe('raiseForStatus and json, on Response streams', () => {
  const users = new Request('GET', 'https://api.example.test/users');
  const answer = (status: number, init: ConstructorParameters<typeof Response>[1]) =>
    new Response(status, { ...init, request: users });
  const r: Record<string, Response> = {
    a: answer(200, { json: [{ id: 1, name: 'Ada' }] }),
    b: answer(201, { json: { id: 2, name: 'Grace' } }),
    n: answer(204, {}),
    m: answer(301, { headers: { Location: '/people' } }),
    f: answer(404, { html: '<h1>Not Found</h1>' }),
    x: answer(500, { text: 'oops' }),
    h: answer(200, { html: '<h1>Users</h1>' }),
  };
  /** The error `fn` throws: what the operator must deliver through the Observable. */
  const thrownBy = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    throw new Error('expected a throw');
  };

  it('raiseForStatus passes every 2xx response through, at its time', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-b-n|', r).pipe(raiseForStatus())).toBe('a-b-n|', r);
    });
  });

  it('raiseForStatus errors with the HttpStatusError of the first non-2xx response, and stops there', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-f-b|', r);
      expectObservable(source.pipe(raiseForStatus())).toBe(
        'a-#',
        r,
        thrownBy(() => r.f!.raiseForStatus()),
      );
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('m|', r).pipe(raiseForStatus())).toBe(
        '#',
        undefined,
        thrownBy(() => r.m!.raiseForStatus()),
      );
      expectObservable(cold('--x|', r).pipe(raiseForStatus())).toBe(
        '--#',
        undefined,
        thrownBy(() => r.x!.raiseForStatus()),
      );
    });
  });

  it('raiseForStatus delivers an HttpStatusError that carries the response and names the status and URL', async () => {
    const error = await lastValueFrom(of(r.f!).pipe(raiseForStatus())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).response).toBe(r.f);
    expect((error as HttpStatusError).message).toBe(
      "Client error '404 Not Found' for GET https://api.example.test/users",
    );
  });

  it('json maps each response to its parsed body, at its time', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a--b|', r).pipe(json())).toBe('a--b|', {
        a: [{ id: 1, name: 'Ada' }],
        b: { id: 2, name: 'Grace' },
      });
    });
  });

  it('json errors with what response.json() raises for a body that is no JSON', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a-h-b|', r).pipe(json())).toBe(
        'a-#',
        { a: [{ id: 1, name: 'Ada' }] },
        thrownBy(() => r.h!.json()),
      );
    });
  });

  it('json delivers a DecodingError that names the request and keeps the SyntaxError as cause', async () => {
    const error = await lastValueFrom(of(r.h!).pipe(json())).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as DecodingError).message).toContain('GET https://api.example.test/');
    expect((error as DecodingError).cause).toBeInstanceOf(SyntaxError);
  });

  it('raiseForStatus before json stops an error page before it is parsed', () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('f|', r).pipe(raiseForStatus(), json())).toBe(
        '#',
        undefined,
        thrownBy(() => r.f!.raiseForStatus()),
      );
    });
  });

  it('json<T>() types the values it emits', async () => {
    interface User {
      id: number;
      name: string;
    }
    const grace: Observable<User> = of(r.b!).pipe(raiseForStatus(), json<User>());
    expect((await lastValueFrom(grace)).name).toBe('Grace');
  });
});
