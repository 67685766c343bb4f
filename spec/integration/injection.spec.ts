import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, Headers, InvalidUrl, LocalProtocolError, type RequestOptions } from '../../src/index.ts';
import { type ByteServer, ok, startByteServer } from './support/byte-server.ts';

/**
 * Issue 13 item 1: what could inject bytes into a request, or frame it two ways, is refused
 * before any byte is sent. A raw server records every byte it receives: a refused request
 * leaves it with no connection and no byte.
 */
let server: ByteServer;
const clients: Client[] = [];
function client(options: ConstructorParameters<typeof Client>[0] = {}): Client {
  const made = new Client({ baseUrl: server.origin, ...options });
  clients.push(made);
  return made;
}
beforeAll(async () => {
  server = await startByteServer(() => ok());
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((made) => made.close()));
});
afterAll(async () => {
  await server.close();
});

/** The request fails with `kind` and nothing at all reached the server. */
async function expectRefused(send: () => Promise<unknown>, kind: Function, message?: RegExp): Promise<void> {
  const before = { connections: server.connections, received: server.received.length };
  const error = await Promise.resolve()
    .then(send)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(kind);
  if (message) expect((error as Error).message).toMatch(message);
  expect(server.connections).toBe(before.connections);
  expect(server.received.length).toBe(before.received);
}

const CRLF = 'v\r\nX-Injected: 1';
const stringy = (text: string) => ({ toString: () => text });
const primitive = (text: string) => ({ [Symbol.toPrimitive]: () => text });

describe('header injection', () => {
  it.each<[string, () => RequestOptions]>([
    ['a string value', () => ({ headers: { 'X-A': CRLF } })],
    ['a NUL in a value', () => ({ headers: { 'X-A': 'a\0b' } })],
    ['a bare LF', () => ({ headers: { 'X-A': 'a\nb' } })],
    ['a value whose toString returns it', () => ({ headers: { 'X-A': stringy(CRLF) as never } })],
    ['a value whose Symbol.toPrimitive returns it', () => ({ headers: [['X-A', primitive(CRLF) as never]] })],
    ['an item of an array value', () => ({ headers: { 'X-A': ['fine', stringy(CRLF) as never] } })],
    ['a Headers instance', () => ({ headers: new Headers([['X-A', 'fine']]).append('X-B', CRLF) })],
    ['a cookie value', () => ({ cookies: { session: CRLF } })],
    ['a name with CRLF', () => ({ headers: { 'X-A\r\nX-Injected': '1' } })],
    ['a name with a space or colon', () => ({ headers: [['X-A: 1\r\nX', 'v']] })],
  ])('header injection: CR/LF/NUL in %s is refused before any byte is sent', async (_shape, options) => {
    await expectRefused(() => firstValueFrom(client().get('/', options())), LocalProtocolError);
  });

  it('header injection: a client default header with CR/LF is refused when the client is made', () => {
    expect(() => new Client({ headers: { 'User-Agent': stringy(CRLF) as never } })).toThrow(
      LocalProtocolError,
    );
    expect(server.connections).toBe(0);
  });

  it('header injection: a header added later by with() or set() is checked too', async () => {
    const made = client();
    const request = made.buildRequest('GET', '/');
    expect(() => request.with({ headers: { 'X-A': CRLF } })).toThrow(LocalProtocolError);
    expect(() => request.headers.set('X-A', stringy(CRLF) as never)).toThrow(LocalProtocolError);
    expect(server.connections).toBe(0);
  });

  it('header injection: a name whose toString answers differently each time is read once, as it was checked', async () => {
    let reads = 0;
    const shifty = { toString: () => (reads++ === 0 ? 'X-Fine' : 'X-Evil\r\nInjected') };
    await firstValueFrom(client().get('/', { headers: [[shifty as never, 'v']] }));
    const head = server.heads.at(-1)!;
    expect(head).toContain('\r\nX-Fine: v');
    expect(server.received).not.toContain('Injected');
    expect(reads).toBe(1);
  });

  it('header injection: a Blob type or a part Content-Type with CR/LF is refused', async () => {
    class ShiftyBlob extends Blob {
      override get type(): string {
        return `text/plain${CRLF}`;
      }
    }
    await expectRefused(
      () => firstValueFrom(client().post('/', { content: new ShiftyBlob(['x']) })),
      LocalProtocolError,
    );
    await expectRefused(
      () => firstValueFrom(client().post('/', { files: { f: new ShiftyBlob(['x']) } })),
      LocalProtocolError,
    );
    await expectRefused(
      () => firstValueFrom(client().post('/', { files: { f: ['a.txt', 'x', `text/plain${CRLF}`] } })),
      LocalProtocolError,
    );
  });

  it('multipart injection: quotes, CR and LF in field names and filenames are escaped, never raw', async () => {
    const evil = 'a"; name="b\r\nContent-Type: text/html\r\n\r\nowned';
    await firstValueFrom(client().post('/', { data: { [evil]: 'v' }, files: { [evil]: [evil, 'x'] } }));
    const body = server.received.slice(
      server.received.lastIndexOf('\r\n\r\n', server.received.indexOf('--')),
    );
    expect(body).toContain('name="a%22; name=%22b%0D%0AContent-Type: text/html%0D%0A%0D%0Aowned"');
    expect(body).toContain('filename="a%22; name=%22b%0D%0AContent-Type: text/html%0D%0A%0D%0Aowned"');
    expect(body).not.toContain('\r\nContent-Type: text/html\r\n');
  });
});

describe('request-line injection', () => {
  it.each(['GET / HTTP/1.1\r\nX: 1', 'GET /', 'G\0T', ''])(
    'request-line injection: the method %j, not a token, is refused',
    async (method) => {
      await expectRefused(() => firstValueFrom(client().request(method, '/')), LocalProtocolError);
    },
  );

  it.each(['/a b', '/a\tb', '/a\r\nX: 1', '/a\0b', '*\x7f'])(
    'request-line injection: the raw target %j, with a space or control character, is refused',
    async (target) => {
      await expectRefused(
        () => firstValueFrom(client().options('/', { extensions: { target } })),
        LocalProtocolError,
      );
    },
  );

  it.each(['/a\r\nX-Injected: 1', '/a\nb', '/a\tb', '/a\0b', `/a\x01b`, 'http://127.0.0.1:1/\r\n'])(
    'request-line injection: the URL %j, with a control character the URL parser would drop unseen, is InvalidUrl',
    async (url) => {
      await expectRefused(() => firstValueFrom(client().get(url)), InvalidUrl, /control character/);
    },
  );

  it('request-line injection: spaces in a URL path are percent-encoded, never raw on the wire', async () => {
    await firstValueFrom(client().get('/a b?q=c d'));
    expect(server.heads.at(-1)!.split('\r\n')[0]).toBe('GET /a%20b?q=c%20d HTTP/1.1');
  });
});

describe('request smuggling', () => {
  it.each<[string, RequestOptions['headers']]>([
    [
      'Content-Length twice, in two casings',
      [
        ['Content-Length', '1'],
        ['content-length', '1'],
      ],
    ],
    [
      'Content-Length twice, with different values',
      [
        ['Content-Length', '1'],
        ['CONTENT-LENGTH', '10'],
      ],
    ],
    [
      'Host twice, in two casings',
      [
        ['Host', 'a.example'],
        ['HOST', 'b.example'],
      ],
    ],
    ['Host twice, as a record', { Host: 'a.example', host: 'b.example' }],
  ])('request smuggling: %s is refused before any connection', async (_case, headers) => {
    await expectRefused(
      () => firstValueFrom(client().post('/', { content: 'x', headers })),
      LocalProtocolError,
    );
  });

  it('request smuggling: a user Transfer-Encoding next to a Content-Length is refused, at build time and on the wire', async () => {
    const headers = { 'Transfer-Encoding': 'chunked', 'Content-Length': '1' };
    await expectRefused(
      () => firstValueFrom(client().post('/', { content: 'x', headers })),
      LocalProtocolError,
      /Transfer-Encoding and Content-Length/,
    );
    const built = client().buildRequest('POST', '/', { content: 'x' });
    const changed = built.with({ headers: { 'Transfer-Encoding': 'chunked' } });
    await expectRefused(
      () => firstValueFrom(client().send(changed)),
      LocalProtocolError,
      /Transfer-Encoding/,
    );
  });

  it.each([
    ['longer', 'abcdef', '3'],
    ['shorter', 'ab', '3'],
    ['absent', undefined, '3'],
  ])(
    'request smuggling: a body %s than its declared Content-Length is refused before any connection',
    async (_case, content, length) => {
      await expectRefused(
        () => firstValueFrom(client().post('/', { content, headers: { 'Content-Length': length } })),
        LocalProtocolError,
        /Content-Length "3" does not match/,
      );
    },
  );

  it('request smuggling: a streamed body never puts a byte past its declared length on the wire', async () => {
    async function* chunks() {
      yield new TextEncoder().encode('abc');
      yield new TextEncoder().encode('SMUGGLED');
    }
    const error = await lastValueFrom(
      client().post('/', { content: chunks(), headers: { 'Content-Length': '3' } }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalProtocolError);
    expect(server.received).not.toContain('SMUGGLED');
  });

  it('request smuggling: a streamed body shorter than declared errors and is never completed', async () => {
    async function* chunks() {
      yield new TextEncoder().encode('ab');
    }
    const error = await lastValueFrom(
      client().post('/short', { content: chunks(), headers: { 'Content-Length': '5' } }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalProtocolError);
    // The server got at most the head and the two bytes (undici may not have written even those).
    const at = server.received.indexOf('POST /short');
    const sent = at === -1 ? '' : server.received.slice(at);
    expect(sent === '' || /\r\n\r\n(ab)?$/.test(sent)).toBe(true);
  });
});
