import type http from 'node:http';
import { firstValueFrom, lastValueFrom, type Observable, tap } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  ClientClosed,
  ConnectError,
  DecodingError,
  type HttpEvent,
  InvalidUrl,
  LocalProtocolError,
  ReadError,
  RemoteProtocolError,
  type RequestError,
  type Response,
  UnsupportedProtocol,
} from '../../src/index.ts';
import { closedPort, startServer, type TestServer } from './support/server.ts';

/** The error an Observable fails with (the test fails if it emits and completes instead). */
async function failure(source$: Observable<Response | HttpEvent>): Promise<unknown> {
  try {
    await lastValueFrom(source$);
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

/** The native error codes in an error's cause chain. */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = (error as Error).cause; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

let client: Client;
let server: TestServer;
/** Per path: what the server does. */
const behaviours = new Map<string, (req: http.IncomingMessage, res: http.ServerResponse) => void>();

beforeAll(async () => {
  server = await startServer((req, res) => {
    const behave = behaviours.get(req.url ?? '/');
    if (behave) behave(req, res);
    else res.end('ok');
  });
});
afterEach(async () => {
  await client.close();
  behaviours.clear();
});
afterAll(async () => {
  await server.close();
});

describe('connecting', () => {
  it('raises ConnectError with the request and the native cause when the connection is refused', async () => {
    const port = await closedPort();
    client = new Client();
    const url = `http://127.0.0.1:${port}/nothing`;
    const error = await failure(client.get(url));
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).request.url.href).toBe(url);
    expect((error as ConnectError).request.method).toBe('GET');
    expect((error as ConnectError).cause).toBeInstanceOf(Error);
    expect(causeCodes(error)).toContain('ECONNREFUSED');
  });
});

describe('invalid requests never reach the network', () => {
  it('raises LocalProtocolError for a CR LF in a header value, and the server sees no connection', async () => {
    client = new Client();
    const before = server.connections;
    const error = await failure(client.get(server.url, { headers: { 'X-Bad': 'a\r\nInjected: yes' } }));
    expect(error).toBeInstanceOf(LocalProtocolError);
    expect(server.connections).toBe(before);
  });

  it('raises LocalProtocolError for a bare LF or NUL in a header value', async () => {
    client = new Client();
    const before = server.connections;
    expect(await failure(client.get(server.url, { headers: { 'X-Bad': 'a\nb' } }))).toBeInstanceOf(
      LocalProtocolError,
    );
    expect(await failure(client.get(server.url, { headers: { 'X-Bad': 'a\0b' } }))).toBeInstanceOf(
      LocalProtocolError,
    );
    expect(server.connections).toBe(before);
  });

  it('raises LocalProtocolError for a header name that is not a token', async () => {
    client = new Client();
    const error = await failure(client.get(server.url, { headers: { 'X Bad\r\n': 'v' } }));
    expect(error).toBeInstanceOf(LocalProtocolError);
  });

  it('raises LocalProtocolError for an invalid method', async () => {
    client = new Client();
    const before = server.connections;
    expect(await failure(client.request('GET /evil', server.url))).toBeInstanceOf(LocalProtocolError);
    expect(server.connections).toBe(before);
  });

  it('raises InvalidUrl through the Observable, not from the call', async () => {
    client = new Client();
    let response$: Observable<Response> | undefined;
    expect(() => {
      response$ = client.get('http://exa mple.com/');
    }).not.toThrow();
    expect(await failure(response$!)).toBeInstanceOf(InvalidUrl);
  });

  it('raises InvalidUrl for a relative URL without a base URL', async () => {
    client = new Client();
    expect(await failure(client.get('/just/a/path'))).toBeInstanceOf(InvalidUrl);
  });

  it('throws InvalidUrl from buildRequest synchronously', () => {
    client = new Client();
    expect(() => client.buildRequest('GET', 'not a url')).toThrow(InvalidUrl);
  });

  it('raises UnsupportedProtocol with the request for ftp://', async () => {
    client = new Client();
    const error = await failure(client.get('ftp://127.0.0.1/file.txt'));
    expect(error).toBeInstanceOf(UnsupportedProtocol);
    expect((error as UnsupportedProtocol).request.url.protocol).toBe('ftp:');
  });
});

describe('a closed client', () => {
  it('raises ClientClosed with the request for every kind of call, and connects nowhere', async () => {
    client = new Client();
    await client.close();
    expect(client.isClosed).toBe(true);
    const before = server.connections;
    const fromVerb = await failure(client.get(server.url));
    expect(fromVerb).toBeInstanceOf(ClientClosed);
    expect((fromVerb as ClientClosed).request.url.href).toBe(server.url);
    expect(await failure(client.events('POST', server.url, { content: 'x' }))).toBeInstanceOf(ClientClosed);
    expect(await failure(client.stream('GET', server.url))).toBeInstanceOf(ClientClosed);
    expect(await failure(client.send(client.buildRequest('GET', server.url)))).toBeInstanceOf(ClientClosed);
    expect(server.connections).toBe(before);
  });

  it('can be closed twice', async () => {
    client = new Client();
    await client.close();
    await expect(client.close()).resolves.toBeUndefined();
  });
});

describe('the server breaking the connection', () => {
  /**
   * Serves `path`: status line, headers and the first 100 of `length` body bytes (or a chunked body
   * when `length` is undefined), then waits until the client has seen body bytes, then closes the
   * connection with `how`. Returns the callback the client calls once it has seen a download event.
   */
  function cutMidBody(path: string, how: 'end' | 'reset', length?: number): () => void {
    let clientSawBody: () => void = () => {};
    const seen = new Promise<void>((resolve) => {
      clientSawBody = resolve;
    });
    behaviours.set(path, (_req, res) => {
      res.writeHead(200, length === undefined ? {} : { 'content-length': length });
      res.write('x'.repeat(100));
      void seen.then(() => (how === 'end' ? res.socket?.destroy() : res.socket?.resetAndDestroy()));
    });
    return clientSawBody;
  }

  function eventsUntilCut(path: string, onBody: () => void): Observable<HttpEvent> {
    return client.events('GET', `${server.origin}${path}`).pipe(
      tap((event) => {
        if (event.type === 'download') onBody();
      }),
    );
  }

  // A peer that closes cleanly (FIN) before the body its framing announced is complete has broken
  // the HTTP message, as httpx (h11) says: "peer closed connection without sending complete message
  // body" is a RemoteProtocolError. A reset (RST) is a network failure while reading: ReadError.
  it('raises RemoteProtocolError when the server closes the connection before the Content-Length is reached', async () => {
    client = new Client();
    const onBody = cutMidBody('/short', 'end', 1000);
    const error = await failure(eventsUntilCut('/short', onBody));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RequestError).request.url.pathname).toBe('/short');
  });

  it('raises RemoteProtocolError when the server closes a chunked body before its last chunk', async () => {
    client = new Client();
    const onBody = cutMidBody('/short-chunked', 'end');
    const error = await failure(eventsUntilCut('/short-chunked', onBody));
    expect(error).toBeInstanceOf(RemoteProtocolError);
  });

  it('raises ReadError when the server resets the connection mid-body', async () => {
    client = new Client();
    const onBody = cutMidBody('/reset', 'reset', 1000);
    const error = await failure(eventsUntilCut('/reset', onBody));
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).request.url.pathname).toBe('/reset');
    expect(causeCodes(error)).toContain('ECONNRESET');
  });

  it('raises RemoteProtocolError when the server closes the connection before responding to a POST, sent once', async () => {
    behaviours.set('/hang-up', (req) => req.socket.destroy());
    client = new Client();
    const before = server.connections;
    const error = await failure(client.post(`${server.origin}/hang-up`, { content: 'data' }));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).request.method).toBe('POST');
    expect(server.connections - before).toBe(1);
  });

  it('raises RemoteProtocolError when the server keeps closing the connection before responding to a GET', async () => {
    behaviours.set('/hang-up', (req) => req.socket.destroy());
    client = new Client();
    const error = await failure(client.get(`${server.origin}/hang-up`));
    expect(error).toBeInstanceOf(RemoteProtocolError);
    expect((error as RemoteProtocolError).request.url.pathname).toBe('/hang-up');
  });

  it('raises RemoteProtocolError for a response that is not HTTP', async () => {
    behaviours.set('/garbage', (req) => {
      req.socket.end('SMTP ready\r\n\r\n');
    });
    client = new Client();
    const error = await failure(client.post(`${server.origin}/garbage`));
    expect(error).toBeInstanceOf(RemoteProtocolError);
  });

  it('keeps the client usable after the server broke a connection', async () => {
    behaviours.set('/hang-up', (req) => req.socket.destroy());
    client = new Client();
    await failure(client.post(`${server.origin}/hang-up`));
    expect((await firstValueFrom(client.get(server.url))).text).toBe('ok');
  });
});

describe('errors a user can act on', () => {
  it('raises DecodingError naming the URL when response.json() meets a body that is not JSON', async () => {
    behaviours.set('/gateway', (_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>upstream down</html>');
    });
    client = new Client();
    const response = await firstValueFrom(client.get(`${server.origin}/gateway`));
    let error: unknown;
    try {
      response.json();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodingError);
    expect((error as DecodingError).request).toBe(response.request);
    expect((error as DecodingError).cause).toBeInstanceOf(SyntaxError);
    expect((error as DecodingError).message).toMatch(
      new RegExp(
        `^GET ${server.origin}/gateway: response\\.json\\(\\) found no JSON in the body \\(Content-Type: text/html\\): .*; the body starts '<html>upstream down</html>'$`,
      ),
    );
  });

  it('raises TypeError saying it was the json body when it cannot be serialized, sending nothing', async () => {
    client = new Client();
    const before = server.connections;
    const error = await failure(client.post(server.url, { json: { id: 1n } }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^The `json` body could not be serialized as JSON: .*BigInt/);
    expect(server.connections).toBe(before);
  });
});
