/**
 * Our SOCKS5 client (RFC 1928, RFC 1929) byte for byte, through the public API: a fake proxy on
 * 127.0.0.1 records every byte of the handshake it gets and answers scripted bytes; after a
 * successful handshake it pipes to a real node:http target, or answers the target's bytes
 * itself. The fault cases (refusals, a proxy that hangs up, replies split into single bytes)
 * are what real SOCKS servers cannot easily be made to produce.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { lastValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, type NodeClientOptions, ProxyError } from '../../src/index.ts';
import { type SeenRequest, startRecordingServer, type TestServer } from '../integration/support/server.ts';

/** How the fake proxy answers, step by step. */
interface Script {
  /** The method it picks; default 0x02 when offered, else 0x00. */
  method?: number;
  /** The RFC 1929 status it answers the credentials with; default 0. */
  authStatus?: number;
  /** The reply code; default 0 (succeeded). */
  reply?: number;
  /** The reply's ATYP, BND.ADDR and BND.PORT; default IPv4 0.0.0.0 port 0. */
  bound?: Buffer;
  /** Bytes sent in the same write as a successful reply, instead of piping to the target. */
  leftover?: Buffer;
  /** Every answer written one byte at a time, each in its own packet. */
  bytewise?: boolean;
  /** Hang up instead of answering this step. */
  closeAt?: 'greeting' | 'auth' | 'request';
}

/** What the fake proxy got on one connection. */
interface Seen {
  greeting?: Buffer;
  auth?: Buffer;
  request?: Buffer;
  /** What came after the handshake, when the fake answered the target's bytes itself. */
  after: Buffer;
  closed: boolean;
}

interface FakeSocks {
  readonly url: string;
  readonly seen: Seen[];
  script: Script;
  /** Sockets to the fake still open (piped target connections not counted). */
  readonly open: number;
  close(): Promise<void>;
}

async function startFakeSocks(targetPort: () => number): Promise<FakeSocks> {
  const sockets = new Set<Socket>();
  const seen: Seen[] = [];
  const fake = { script: {} as Script };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const record: Seen = { after: Buffer.alloc(0), closed: false };
    seen.push(record);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    socket.on('close', () => {
      record.closed = true;
      sockets.delete(socket);
    });
    const script = fake.script;
    let buffered = Buffer.alloc(0);
    let step: 'greeting' | 'auth' | 'request' | 'after' | 'piped' = 'greeting';
    // Answers are written in order, even byte by byte.
    let writing = Promise.resolve();
    const answer = (bytes: Buffer, then?: () => void): void => {
      writing = writing.then(async () => {
        if (socket.destroyed) return;
        if (script.bytewise) {
          for (const byte of bytes) {
            socket.write(Buffer.from([byte]));
            await new Promise((resolve) => setTimeout(resolve, 2));
          }
        } else socket.write(bytes);
        then?.();
      });
    };
    const hangUp = (at: Script['closeAt']): boolean => {
      if (script.closeAt !== at) return false;
      socket.destroy();
      return true;
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      if (step === 'after') {
        record.after = Buffer.concat([record.after, chunk]);
        return;
      }
      if (step === 'greeting') {
        if (buffered.length < 2 || buffered.length < 2 + buffered[1]!) return;
        record.greeting = buffered.subarray(0, 2 + buffered[1]!);
        buffered = buffered.subarray(record.greeting.length);
        if (hangUp('greeting')) return;
        const offered = [...record.greeting.subarray(2)];
        const method = script.method ?? (offered.includes(0x02) ? 0x02 : 0x00);
        answer(Buffer.from([0x05, method]));
        if (method === 0x02) step = 'auth';
        else if (method === 0x00) step = 'request';
        else return;
      }
      if (step === 'auth') {
        if (buffered.length < 2) return;
        const userLength = buffered[1]!;
        if (buffered.length < 3 + userLength) return;
        const length = 3 + userLength + buffered[2 + userLength]!;
        if (buffered.length < length) return;
        record.auth = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (hangUp('auth')) return;
        const status = script.authStatus ?? 0;
        answer(Buffer.from([0x01, status]));
        if (status !== 0) return;
        step = 'request';
      }
      if (step === 'request') {
        if (buffered.length < 5) return;
        const type = buffered[3]!;
        const length = type === 0x01 ? 10 : type === 0x04 ? 22 : 7 + buffered[4]!;
        if (buffered.length < length) return;
        record.request = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (hangUp('request')) return;
        const reply = script.reply ?? 0;
        const bound = script.bound ?? Buffer.from([0x01, 0, 0, 0, 0, 0, 0]);
        const head = Buffer.concat([Buffer.from([0x05, reply, 0x00]), bound]);
        if (reply !== 0) {
          answer(head);
          return;
        }
        if (script.leftover !== undefined) {
          step = 'after';
          if (script.bytewise) answer(head, () => socket.write(script.leftover!));
          else answer(Buffer.concat([head, script.leftover]));
          return;
        }
        step = 'piped';
        socket.off('data', onData);
        socket.pause();
        answer(head, () => {
          const upstream = createConnection(targetPort(), '127.0.0.1');
          sockets.add(upstream);
          upstream.on('error', () => socket.destroy());
          upstream.on('close', () => {
            sockets.delete(upstream);
            socket.destroy();
          });
          socket.on('close', () => upstream.destroy());
          upstream.once('connect', () => {
            if (buffered.length > 0) upstream.write(buffered);
            socket.pipe(upstream).pipe(socket);
          });
        });
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return Object.assign(fake, {
    url: `socks5://127.0.0.1:${port}`,
    seen,
    get open() {
      return seen.filter((record) => !record.closed).length;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

let target: TestServer & { readonly requests: SeenRequest[] };
let fake: FakeSocks;
const clients: Client[] = [];

beforeAll(async () => {
  target = await startRecordingServer((seen, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`target saw ${seen.method} ${seen.url} host=${seen.headers.host}`);
  });
  fake = await startFakeSocks(() => target.port);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((made) => made.close()));
  fake.seen.length = 0;
  fake.script = {};
  target.requests.length = 0;
});

afterAll(async () => {
  await fake.close();
  await target.close();
});

/** A client through the fake proxy; `scheme` and `auth` (`user:password@`) make its URL. */
function client(scheme = 'socks5', auth = '', options: NodeClientOptions = {}): Client {
  const made = new Client({
    proxy: `${scheme}://${auth}${fake.url.slice('socks5://'.length)}`,
    trustEnv: false,
    ...options,
  });
  clients.push(made);
  return made;
}

async function text(made: Client, url: string): Promise<string> {
  return (await lastValueFrom(made.get(url))).text;
}

async function failure(made: Client, url: string): Promise<ProxyError> {
  const error = await lastValueFrom(made.get(url)).then(
    () => new Error('the request did not fail'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProxyError);
  return error as ProxyError;
}

/** Waits until `predicate` holds, for two seconds at most; the caller asserts. */
async function until(predicate: () => boolean): Promise<void> {
  for (let waited = 0; !predicate() && waited < 2000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Waits (boundedly) until every connection to the fake has closed, then says whether they all have. */
async function allClosed(): Promise<boolean> {
  await until(() => fake.open === 0);
  return fake.open === 0;
}

const port = (value: number) => [value >> 8, value & 0xff];
const bytes = (...parts: (number | number[] | Buffer | string)[]): Buffer =>
  Buffer.concat(
    parts.map((part) =>
      typeof part === 'number'
        ? Buffer.from([part])
        : typeof part === 'string'
          ? Buffer.from(part, 'utf8')
          : Buffer.from(part),
    ),
  );

describe('the greeting and the login', () => {
  it('offers "no authentication" alone without credentials: 05 01 00', async () => {
    expect(await text(client(), `${target.origin}/plain`)).toBe(
      `target saw GET /plain host=127.0.0.1:${target.port}`,
    );
    expect(fake.seen).toHaveLength(1);
    expect(fake.seen[0]!.greeting).toEqual(bytes(0x05, 0x01, 0x00));
    expect(fake.seen[0]!.auth).toBeUndefined();
  });

  it('offers "no authentication" and "username/password" with credentials: 05 02 00 02, then RFC 1929', async () => {
    expect(await text(client('socks5', 'alice:s3cret@'), `${target.origin}/login`)).toBe(
      `target saw GET /login host=127.0.0.1:${target.port}`,
    );
    const [seen] = fake.seen;
    expect(seen!.greeting).toEqual(bytes(0x05, 0x02, 0x00, 0x02));
    expect(seen!.auth).toEqual(bytes(0x01, 5, 'alice', 6, 's3cret'));
    // The target never hears of the credentials.
    expect(target.requests[0]!.headers['proxy-authorization']).toBeUndefined();
    expect(target.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('sends the percent-decoded credentials in UTF-8, their lengths in bytes', async () => {
    expect(await text(client('socks5', 'j%C3%BCrgen:p%3Ass%40%E2%82%AC@'), `${target.origin}/utf8`)).toMatch(
      /^target saw GET \/utf8 /,
    );
    const user = Buffer.from('jürgen', 'utf8');
    const password = Buffer.from('p:ss@€', 'utf8');
    expect(fake.seen[0]!.auth).toEqual(bytes(0x01, user.length, user, password.length, password));
    expect([user.length, password.length]).toEqual([7, 8]);
  });

  it('sends an empty password as a zero length', async () => {
    expect(await text(client('socks5', 'alice@'), `${target.origin}/empty`)).toMatch(
      /^target saw GET \/empty /,
    );
    expect(fake.seen[0]!.auth).toEqual(bytes(0x01, 5, 'alice', 0));
  });

  it('goes on without a login when the proxy picks "no authentication" though credentials were offered', async () => {
    fake.script = { method: 0x00 };
    expect(await text(client('socks5', 'alice:s3cret@'), `${target.origin}/no-login`)).toMatch(
      /^target saw GET \/no-login /,
    );
    expect(fake.seen[0]!.greeting).toEqual(bytes(0x05, 0x02, 0x00, 0x02));
    expect(fake.seen[0]!.auth).toBeUndefined();
    expect(fake.seen[0]!.request).toEqual(bytes(0x05, 0x01, 0x00, 0x01, [127, 0, 0, 1], port(target.port)));
  });
});

describe('the CONNECT request', () => {
  it('names an IPv4 address with ATYP 1 and four bytes', async () => {
    await text(client(), `${target.origin}/v4`);
    expect(fake.seen[0]!.request).toEqual(bytes(0x05, 0x01, 0x00, 0x01, [127, 0, 0, 1], port(target.port)));
  });

  it('names an IPv6 literal with ATYP 4 and sixteen bytes', async () => {
    // The fake pipes to 127.0.0.1 whatever the address: what matters is what it was asked.
    expect(await text(client(), `http://[::1]:${target.port}/v6`)).toBe(
      `target saw GET /v6 host=[::1]:${target.port}`,
    );
    expect(fake.seen[0]!.request).toEqual(
      bytes(0x05, 0x01, 0x00, 0x04, Buffer.alloc(15), 1, port(target.port)),
    );
  });

  it('writes out every group of a longer IPv6 literal, around the ::', async () => {
    await text(client(), `http://[2001:db8:0:0:1::ab]:${target.port}/v6-long`);
    expect(fake.seen[0]!.request).toEqual(
      bytes(
        0x05,
        0x01,
        0x00,
        0x04,
        [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0xab],
        port(target.port),
      ),
    );
  });

  it('names an IPv4-mapped IPv6 literal with ATYP 4: ::ffff:127.0.0.1', async () => {
    expect(await text(client(), `http://[::ffff:127.0.0.1]:${target.port}/mapped`)).toMatch(
      /^target saw GET \/mapped /,
    );
    expect(fake.seen[0]!.request).toEqual(
      bytes(0x05, 0x01, 0x00, 0x04, Buffer.alloc(10), [0xff, 0xff, 127, 0, 0, 1], port(target.port)),
    );
  });

  it('sends the name with socks5h: ATYP 3, its length, then the name', async () => {
    expect(await text(client('socks5h'), `http://localhost:${target.port}/by-name`)).toBe(
      `target saw GET /by-name host=localhost:${target.port}`,
    );
    expect(fake.seen[0]!.request).toEqual(bytes(0x05, 0x01, 0x00, 0x03, 9, 'localhost', port(target.port)));
  });

  it('sends an address, not a name, with socks5h when the host is an address', async () => {
    await text(client('socks5h'), `${target.origin}/h-address`);
    expect(fake.seen[0]!.request).toEqual(bytes(0x05, 0x01, 0x00, 0x01, [127, 0, 0, 1], port(target.port)));
  });

  it('resolves the name here with socks5: localhost goes as 127.0.0.1 (ATYP 1) or ::1 (ATYP 4)', async () => {
    expect(await text(client('socks5'), `http://localhost:${target.port}/local-dns`)).toBe(
      `target saw GET /local-dns host=localhost:${target.port}`,
    );
    const request = fake.seen[0]!.request!;
    expect([
      bytes(0x05, 0x01, 0x00, 0x01, [127, 0, 0, 1], port(target.port)),
      bytes(0x05, 0x01, 0x00, 0x04, Buffer.alloc(15), 1, port(target.port)),
    ]).toContainEqual(request);
    expect(request.includes(Buffer.from('localhost'))).toBe(false);
  });

  it('asks for port 80 when an http URL names none, and 443 for https', async () => {
    fake.script = { reply: 0x05 };
    await failure(client('socks5h'), 'http://plain.test/');
    await failure(client('socks5h'), 'https://secure.test/');
    expect(fake.seen.map((seen) => seen.request)).toEqual([
      bytes(0x05, 0x01, 0x00, 0x03, 10, 'plain.test', port(80)),
      bytes(0x05, 0x01, 0x00, 0x03, 11, 'secure.test', port(443)),
    ]);
  });
});

describe('the reply', () => {
  const response = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nleftover');

  it.each([
    ['an IPv4 address (ATYP 1)', bytes(0x01, [10, 1, 2, 3], port(4321))],
    ['a domain name (ATYP 3)', bytes(0x03, 17, 'proxy.example.com', port(4321))],
    ['an IPv6 address (ATYP 4)', bytes(0x04, [0x20, 0x01, 0x0d, 0xb8], Buffer.alloc(11), 7, port(4321))],
  ])('bound to %s is read to its end, and the bytes after it are the response', async (_what, bound) => {
    fake.script = { bound, leftover: response };
    const made = client();
    const got = await lastValueFrom(made.get(`${target.origin}/leftover`));
    expect(got.status).toBe(200);
    expect(got.text).toBe('leftover');
    // The request still went out, after the handshake, to the fake (it may land after the answer).
    await until(() => fake.seen[0]!.after.length > 0);
    expect(fake.seen[0]!.after.toString('latin1')).toMatch(/^GET \/leftover HTTP\/1\.1\r\n/);
    expect(target.requests).toEqual([]);
  });

  it('bound to a domain name, then piped: the target answers', async () => {
    fake.script = { bound: bytes(0x03, 4, 'abcd', port(1)) };
    expect(await text(client(), `${target.origin}/piped-name`)).toBe(
      `target saw GET /piped-name host=127.0.0.1:${target.port}`,
    );
  });

  it('arrives byte by byte, each step split into packets of one byte', async () => {
    fake.script = { bytewise: true, bound: bytes(0x03, 17, 'proxy.example.com', port(4321)) };
    expect(await text(client('socks5h', 'alice:s3cret@'), `http://localhost:${target.port}/split`)).toBe(
      `target saw GET /split host=localhost:${target.port}`,
    );
    expect(fake.seen[0]!.auth).toEqual(bytes(0x01, 5, 'alice', 6, 's3cret'));
    expect(fake.seen[0]!.request).toEqual(bytes(0x05, 0x01, 0x00, 0x03, 9, 'localhost', port(target.port)));
  });

  it('arrives byte by byte with an IPv6 bound address and the response right behind it', async () => {
    fake.script = { bytewise: true, bound: bytes(0x04, Buffer.alloc(15), 1, port(4321)), leftover: response };
    const got = await lastValueFrom(client().get(`${target.origin}/split-leftover`));
    expect(got.text).toBe('leftover');
  });
});

describe('a refusal is a ProxyError with the byte that said no', () => {
  it('method 0xFF without credentials: status 255, it wants credentials', async () => {
    fake.script = { method: 0xff };
    const error = await failure(client(), `${target.origin}/no-method`);
    expect(error.status).toBe(255);
    expect(error.message).toContain(`The SOCKS5 proxy ${fake.url.slice(9)} wants credentials (auth)`);
    expect(error.request.url.href).toBe(`${target.origin}/no-method`);
    expect(fake.seen[0]!.request).toBeUndefined();
    expect(target.requests).toEqual([]);
    expect(await allClosed()).toBe(true);
  });

  it('method 0xFF with credentials: status 255, none of the methods offered', async () => {
    fake.script = { method: 0xff };
    const error = await failure(client('socks5', 'alice:s3cret@'), `${target.origin}/no-method`);
    expect(error.status).toBe(255);
    expect(error.message).toContain('accepts none of the methods offered');
    expect(fake.seen[0]!.auth).toBeUndefined();
  });

  it('a login asked for though none was offered: status 2', async () => {
    fake.script = { method: 0x02 };
    const error = await failure(client(), `${target.origin}/unasked`);
    expect(error.status).toBe(2);
    expect(error.message).toContain('wants credentials (auth)');
    expect(fake.seen[0]!.request).toBeUndefined();
  });

  it('credentials refused: the RFC 1929 status', async () => {
    fake.script = { authStatus: 1 };
    const error = await failure(client('socks5', 'alice:wrong@'), `${target.origin}/wrong`);
    expect(error.status).toBe(1);
    expect(error.message).toContain(`The SOCKS5 proxy ${fake.url.slice(9)} refused the credentials`);
    expect(error.message).not.toContain('wrong');
    expect(fake.seen[0]!.request).toBeUndefined();
    expect(target.requests).toEqual([]);
    expect(await allClosed()).toBe(true);
  });

  it('credentials refused with another non-zero status keep it', async () => {
    fake.script = { authStatus: 0xff };
    expect((await failure(client('socks5', 'alice:wrong@'), `${target.origin}/wrong`)).status).toBe(255);
  });

  it.each([
    [1, 'general SOCKS server failure'],
    [2, 'connection not allowed by ruleset'],
    [3, 'network unreachable'],
    [4, 'host unreachable'],
    [5, 'connection refused'],
    [6, 'TTL expired'],
    [7, 'command not supported'],
    [8, 'address type not supported'],
  ])('reply %i: %s', async (code, wording) => {
    fake.script = { reply: code };
    const error = await failure(client(), `${target.origin}/refused`);
    expect(error.status).toBe(code);
    expect(error.message).toContain(
      `The SOCKS5 proxy ${fake.url.slice(9)} could not connect to 127.0.0.1:${target.port}: ${wording}`,
    );
    expect(error.headers).toBeUndefined();
    expect(target.requests).toEqual([]);
    expect(await allClosed()).toBe(true);
  });

  it('an unassigned reply code is named by its number', async () => {
    fake.script = { reply: 9 };
    const error = await failure(client('socks5h'), `http://localhost:${target.port}/x`);
    expect(error.status).toBe(9);
    expect(error.message).toContain(`could not connect to localhost:${target.port}: reply 9`);
  });

  it('a refusal split into single bytes still carries its code', async () => {
    fake.script = { reply: 4, bytewise: true, bound: bytes(0x03, 3, 'abc', port(1)) };
    const error = await failure(client(), `${target.origin}/split-refusal`);
    expect(error.status).toBe(4);
    expect(error.message).toContain('host unreachable');
  });
});

describe('a server that is no SOCKS5 proxy', () => {
  it('(HTTP on the port) is named as such, not taken for one that wants credentials', async () => {
    const made = new Client({ proxy: `socks5://127.0.0.1:${target.port}`, trustEnv: false });
    clients.push(made);
    const error = await failure(made, `http://127.0.0.1:${target.port}/`);
    expect(error.message).toMatch(
      /answered with a byte no SOCKS5 server sends \(0x48\): is it a SOCKS5 proxy\?$/,
    );
    expect(error.status).toBeUndefined();
    expect(target.requests).toEqual([]);
  });
});

describe('a proxy that hangs up during the handshake', () => {
  it.each([
    ['after the greeting', 'greeting', ''],
    ['after the login', 'auth', 'alice:s3cret@'],
    ['after the CONNECT request', 'request', ''],
  ] as const)('%s is a ProxyError that says so, not a hang', async (_when, closeAt, auth) => {
    fake.script = { closeAt };
    const error = await failure(client('socks5', auth, { timeout: 10_000 }), `${target.origin}/hang-up`);
    expect(error.message).toContain(
      `The SOCKS5 proxy ${fake.url.slice(9)} closed the connection during the handshake`,
    );
    expect(error.status).toBeUndefined();
    expect(target.requests).toEqual([]);
    expect(await allClosed()).toBe(true);
  });
});

describe('the connections', () => {
  it('are reused for the next request, with one handshake each', async () => {
    const made = client('socks5', 'alice:s3cret@');
    expect(await text(made, `${target.origin}/one`)).toMatch(/^target saw GET \/one /);
    expect(await text(made, `${target.origin}/two`)).toMatch(/^target saw GET \/two /);
    expect(fake.seen).toHaveLength(1);
    expect(String(made)).toBe('<Client [0 active, 1 idle]>');
    await made.close();
    expect(await allClosed()).toBe(true);
  });
});
