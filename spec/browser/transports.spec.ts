/**
 * The browser transports in real headless Chromium against a real node:http server on another
 * origin: bodies both ways, progress, streaming, cancel (the server sees the abort), timeouts in
 * real and virtual time, retry, redirects, and the failures mapped into the error tree.
 */
import { firstValueFrom, lastValueFrom, type Observable, toArray, VirtualTimeScheduler } from 'rxjs';
import {
  Client,
  ConnectError,
  ConnectTimeout,
  DigestAuth,
  FetchTransport,
  type HttpEvent,
  HttpStatusError,
  LocalProtocolError,
  ReadTimeout,
  raiseForStatus,
  type Transport,
  XhrTransport,
} from '../../src/browser.ts';
import { api, seen, seenWhen, uniqueKey } from './support/api.ts';

const STREAM_LENGTH = 5 * 20_000;

function collect<T>(source: Observable<T>): Promise<T[]> {
  return lastValueFrom(source.pipe(toArray()));
}

/** The error a stream fails with (the spec fails if it does not fail). */
async function failure(source: Observable<unknown>): Promise<unknown> {
  try {
    await lastValueFrom(source);
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

function joined(events: HttpEvent[]): Uint8Array {
  const chunks = events.flatMap((event) => (event.type === 'chunk' ? [event.data] : []));
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const TRANSPORTS: [string, () => Transport][] = [
  ['XhrTransport', () => new XhrTransport()],
  ['FetchTransport', () => new FetchTransport()],
];

for (const [name, makeTransport] of TRANSPORTS) {
  describe(`${name} in Chromium`, () => {
    let client: Client;
    beforeEach(() => {
      client = new Client({ transport: makeTransport() });
    });
    afterEach(async () => {
      await client.close();
    });

    it('reads a JSON response, its status and its headers', async () => {
      const response = await firstValueFrom(client.get(api('/json')));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.json()).toEqual({ hello: 'world', n: [1, 2, 3] });
      expect(response.url.href).toBe(api('/json'));
    });

    it('decodes text by its charset and keeps bytes as bytes', async () => {
      const text = await firstValueFrom(client.get(api('/text')));
      expect(text.text).toBe('héllo, wörld');
      const bytes = await firstValueFrom(client.get(api('/bytes?size=256')));
      expect([...bytes.content]).toEqual(Array.from({ length: 256 }, (_, i) => i));
    });

    it('reads a gzip body as the browser decoded it', async () => {
      const response = await firstValueFrom(client.get(api('/gzip')));
      expect(response.headers.get('content-encoding')).toBe('gzip');
      expect(response.text).toBe('compressed '.repeat(2000));
    });

    it('counts a compressed body as the platform gives it: decoded bytes, no total', async () => {
      const events = await collect(client.events('GET', api('/gzip')));
      const downloads = events.flatMap((event) => (event.type === 'download' ? [event] : []));
      const last = events[events.length - 1]!;
      const response = last.type === 'response' ? last.response : undefined;
      expect(downloads.length).toBeGreaterThan(0);
      expect(downloads.every((event) => event.total === undefined)).toBe(true);
      expect(response?.numBytesDownloaded).toBe(downloads[downloads.length - 1]!.loaded);
      expect(response?.numBytesDownloaded).toBe(response?.content.length);
      expect(response?.text).toBe('compressed '.repeat(2000));
    });

    it('sends JSON, text, bytes and a Blob with their types and lengths', async () => {
      const echo = (options: Parameters<Client['post']>[1]) =>
        firstValueFrom(client.post(api('/echo'), options)).then((response) => response.json() as Echo);
      const json = await echo({ json: { a: 1 } });
      expect([json.contentType, json.text]).toEqual(['application/json', '{"a":1}']);
      const text = await echo({ content: 'plain', headers: { 'Content-Type': 'text/plain' } });
      expect([text.contentType, text.text, text.contentLength]).toEqual(['text/plain', 'plain', '5']);
      const bytes = await echo({ content: new Uint8Array([1, 2, 3, 250]).buffer });
      expect([bytes.length, bytes.text]).toEqual([4, '\x01\x02\x03\xfa']);
      const blob = await echo({ content: new Blob(['from a blob'], { type: 'text/x-blob' }) });
      expect([blob.contentType, blob.text]).toEqual(['text/x-blob', 'from a blob']);
    });

    it('sends a form and a multipart body with a Blob file, and a header of its own', async () => {
      const form = await firstValueFrom(client.post(api('/echo'), { data: { a: '1', b: 'x y' } }));
      expect((form.json() as Echo).text).toBe('a=1&b=x+y');
      const multipart = await firstValueFrom(
        client.post(api('/echo'), {
          data: { title: 'Notes' },
          files: { notes: new File(['first line\n'], 'notes.txt', { type: 'text/plain' }) },
          headers: { 'X-Echo': 'mine' },
        }),
      );
      const echo = multipart.json() as Echo;
      expect(echo.contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(echo.header).toBe('mine');
      expect(echo.text).toContain('filename="notes.txt"');
      expect(echo.text).toContain('first line\n');
      expect(echo.text).toContain('Notes');
    });

    it('emits headers, download progress up to the declared total, the body, then the response', async () => {
      const events = await collect(client.events('GET', api('/stream')));
      const types = events.map((event) => event.type);
      expect(types[0]).toBe('sent');
      expect(types.indexOf('headers')).toBeLessThan(types.indexOf('download'));
      expect(types[types.length - 1]).toBe('response');
      const downloads = events.flatMap((event) => (event.type === 'download' ? [event] : []));
      expect(downloads.length).toBeGreaterThan(1);
      expect(downloads.map((event) => event.loaded)).toEqual(
        [...downloads.map((event) => event.loaded)].sort((a, b) => a - b),
      );
      expect(downloads[downloads.length - 1]).toEqual({
        type: 'download',
        loaded: STREAM_LENGTH,
        total: STREAM_LENGTH,
      });
      const last = events[events.length - 1]!;
      expect(last.type === 'response' && last.response.content.length).toBe(STREAM_LENGTH);
    });

    it('streams the body as chunks as they arrive', async () => {
      const events = await collect(client.stream('GET', api('/stream')));
      const body = joined(events);
      expect(body.length).toBe(STREAM_LENGTH);
      expect(body[0]).toBe(97);
      expect(body[STREAM_LENGTH - 1]).toBe(101);
      // The first piece came before the last one was sent (the server waits 60 ms between them).
      const firstChunk = events.findIndex((event) => event.type === 'chunk');
      const lastDownload = events.findLastIndex((event) => event.type === 'download');
      expect(firstChunk).toBeLessThan(lastDownload);
    });

    it('aborts on unsubscribe, and the server sees the connection end', async () => {
      const key = uniqueKey();
      const subscription = client.get(api(`/hang?key=${key}`)).subscribe();
      await seenWhen(key, (now) => now.requests === 1);
      subscription.unsubscribe();
      expect(await seenWhen(key, (now) => now.aborted === 1)).toEqual(
        jasmine.objectContaining({ requests: 1, aborted: 1 }),
      );
    });

    it('times out a stalled body with ReadTimeout, and aborts it', async () => {
      const key = uniqueKey();
      const timed = new Client({ transport: makeTransport(), timeout: { read: 300 } });
      const error = await failure(timed.get(api(`/hang-body?key=${key}`)));
      expect(error).toBeInstanceOf(ReadTimeout);
      expect((await seenWhen(key, (now) => now.aborted === 1)).aborted).toBe(1);
      await timed.close();
    });

    it('bounds the wait for a response that never starts by connect (the browser cannot tell connect from read)', async () => {
      const timed = new Client({ transport: makeTransport(), timeout: { connect: 300 } });
      const error = await failure(timed.get(api(`/hang?key=${uniqueKey()}`)));
      expect(error).toBeInstanceOf(ConnectTimeout);
      await timed.close();
    });

    it('times out in virtual time, driven by the client scheduler', async () => {
      const scheduler = new VirtualTimeScheduler();
      const timed = new Client({ transport: makeTransport(), scheduler, timeout: { read: 60_000 } });
      const types: string[] = [];
      const error = await new Promise<unknown>((resolve) => {
        timed.events('GET', api(`/hang-body?key=${uniqueKey()}`)).subscribe({
          next: (event) => {
            types.push(event.type);
            // A minute passes in no time at all once the head is in.
            if (event.type === 'headers') scheduler.flush();
          },
          error: resolve,
          complete: () => resolve(null),
        });
      });
      expect(error).toBeInstanceOf(ReadTimeout);
      expect((error as Error).message).toContain('within 60000 ms (timeout.read)');
      expect(types).toContain('headers');
      await timed.close();
    });

    it('retries a 503 and answers with the success', async () => {
      const key = uniqueKey();
      const retrying = new Client({ transport: makeTransport(), retry: { limit: 3, backoff: () => 10 } });
      const response = await firstValueFrom(retrying.get(api(`/flaky?fail=2&key=${key}`)));
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({ attempt: 3 });
      expect((await seen(key)).requests).toBe(3);
      await retrying.close();
    });

    it('follows a redirect (the browser does), and the response names the final URL', async () => {
      const response = await firstValueFrom(
        client.get(api(`/redirect?to=${encodeURIComponent(api('/json'))}`)),
      );
      expect(response.status).toBe(200);
      expect(response.url.href).toBe(api('/json'));
      expect(response.json()).toEqual({ hello: 'world', n: [1, 2, 3] });
    });

    it('answers a 404 as a response, which raiseForStatus turns into HttpStatusError', async () => {
      const response = await firstValueFrom(client.get(api('/status?code=404')));
      expect(response.status).toBe(404);
      const error = await failure(client.get(api('/status?code=404')).pipe(raiseForStatus()));
      expect(error).toBeInstanceOf(HttpStatusError);
    });

    it('fails a response the CORS check refuses with ConnectError, the native failure as its cause', async () => {
      const error = await failure(client.get(api('/no-cors')));
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).message).toContain('CORS');
      expect((error as ConnectError).cause).toBeDefined();
      expect((error as ConnectError).request.url.href).toBe(api('/no-cors'));
    });

    it('refuses a Cookie header before sending, saying the browser owns cookies', async () => {
      const key = uniqueKey();
      const error = await failure(client.get(api(`/echo?key=${key}`), { cookies: { session: 'x' } }));
      expect(error).toBeInstanceOf(LocalProtocolError);
      expect((error as Error).message).toContain('the browser sends its own cookies');
      expect((await seen(key)).requests).toBe(0);
    });

    it('fails a refused connection with ConnectError', async () => {
      const error = await failure(client.get('http://127.0.0.1:9/nothing'));
      expect(error).toBeInstanceOf(ConnectError);
    });
  });
}

describe('XhrTransport only', () => {
  it('reports upload progress from xhr.upload against a server that reads slowly', async () => {
    const key = uniqueKey();
    const client = new Client({ transport: new XhrTransport() });
    const size = 8 * 1024 * 1024;
    const events = await collect(
      client.events('POST', api(`/slow-upload?key=${key}`), { content: new Uint8Array(size) }),
    );
    const uploads = events.flatMap((event) => (event.type === 'upload' ? [event] : []));
    expect(uploads.length).toBeGreaterThan(1);
    expect(uploads[uploads.length - 1]).toEqual({ type: 'upload', loaded: size, total: size });
    const last = events[events.length - 1]!;
    expect(last.type === 'response' && last.response.json()).toEqual({ length: size });
    expect((await seen(key)).pauses).toBeGreaterThan(1);
    await client.close();
  });

  it('sets withCredentials from its option and from a request extension', async () => {
    const made: XMLHttpRequest[] = [];
    const createXhr = () => {
      const xhr = new XMLHttpRequest();
      made.push(xhr);
      return xhr;
    };
    const client = new Client({ transport: new XhrTransport({ withCredentials: true, createXhr }) });
    await firstValueFrom(client.get(api('/json')));
    await firstValueFrom(client.get(api('/json'), { extensions: { credentials: 'omit' } }));
    expect(made.map((xhr) => xhr.withCredentials)).toEqual([true, false]);
    await client.close();
  });

  it('is the default transport of the browser Client (it reports upload progress)', async () => {
    const client = new Client();
    const events = await collect(client.events('POST', api('/echo'), { content: 'x'.repeat(1000) }));
    expect(events.filter((event) => event.type === 'upload').at(-1)).toEqual({
      type: 'upload',
      loaded: 1000,
      total: 1000,
    });
    await client.close();
  });
});

describe('the browser Client', () => {
  it('resolves a relative URL against the page, as fetch does, when it has no baseUrl', () => {
    const client = new Client();
    expect(client.buildRequest('GET', '/api/users?q=1').url.href).toBe(
      new URL('/api/users?q=1', document.baseURI).href,
    );
    expect(client.buildRequest('GET', 'beside').url.href).toBe(new URL('beside', document.baseURI).href);
    expect(client.buildRequest('GET', api('/json')).url.href).toBe(api('/json'));
  });

  it('takes a relative baseUrl as the page’s', () => {
    const client = new Client({ baseUrl: '/api/v1' });
    expect(client.baseUrl?.href).toBe(new URL('/api/v1/', document.baseURI).href);
    expect(client.buildRequest('GET', 'users').url.href).toBe(
      new URL('/api/v1/users', document.baseURI).href,
    );
  });

  it('joins a relative URL to baseUrl as httpx does when it has one', () => {
    const client = new Client({ baseUrl: api('/v1') });
    expect(client.buildRequest('GET', '/users').url.href).toBe(api('/v1/users'));
  });
});

interface Echo {
  method: string;
  contentType: string | null;
  contentLength: string | null;
  header: string | null;
  length: number;
  text: string | null;
}

describe('Digest auth in the browser', () => {
  // Same-origin (karma's proxy, then the API server, to a real Apache with mod_auth_digest):
  // the case where XHR would show the browser's own login prompt.
  it('answers Apache’s challenge through FetchTransport({ credentials: "omit" })', async () => {
    const client = new Client({
      transport: new FetchTransport({ credentials: 'omit' }),
      auth: new DigestAuth('ada', 'lovelace'),
    });
    const response = await firstValueFrom(client.get('/private/secret.txt'));
    expect(response.status).toBe(200);
    expect(response.text).toBe('the secret of /private/\n');
    expect(response.history.map((hop) => hop.status)).toEqual([401]);
    await client.close();
  });

  it('ends with the 401 for a wrong password (past the browser cache, by a fetch setting in extensions)', async () => {
    const client = new Client({
      transport: new FetchTransport({ credentials: 'omit' }),
      auth: new DigestAuth('ada', 'wrong'),
    });
    // The page above may be in the browser's HTTP cache, which would answer without asking Apache.
    const response = await firstValueFrom(
      client.get('/private/secret.txt', { extensions: { cache: 'no-store' } }),
    );
    expect(response.status).toBe(401);
    await client.close();
  });
});

describe('the browser Client’s pipeline', () => {
  it('runs event hooks and user middleware around the XHR transport', async () => {
    const seenHooks: string[] = [];
    const client = new Client({
      eventHooks: {
        request: [(request) => void seenHooks.push(`request ${request.method}`)],
        response: [(response) => void seenHooks.push(`response ${response.status}`)],
      },
      middleware: [(request, next) => next(request.with({ headers: { 'X-Echo': 'from middleware' } }))],
    });
    const response = await firstValueFrom(client.get(api('/echo')));
    expect((response.json() as Echo).header).toBe('from middleware');
    expect(seenHooks).toEqual(['request GET', 'response 200']);
    await client.close();
  });

  it('hands an Angular-style request’s fetch settings to fetch()', async () => {
    const inits: RequestInit[] = [];
    const spying: typeof fetch = (input, init) => {
      inits.push(init ?? {});
      return fetch(input, init);
    };
    const client = new Client({ transport: new FetchTransport({ fetch: spying, credentials: 'omit' }) });
    await firstValueFrom(
      client.get(api('/json'), { extensions: { keepalive: true, priority: 'high', cache: 'no-store' } }),
    );
    await firstValueFrom(client.get(api('/json'), { extensions: { credentials: 'include' } }));
    expect(
      inits.map(({ keepalive, priority, cache, credentials, redirect }) => ({
        keepalive,
        priority,
        cache,
        credentials,
        redirect,
      })),
    ).toEqual([
      { keepalive: true, priority: 'high', cache: 'no-store', credentials: 'omit', redirect: 'follow' },
      {
        keepalive: undefined,
        priority: undefined,
        cache: undefined,
        credentials: 'include',
        redirect: 'follow',
      },
    ]);
    await client.close();
  });
});
