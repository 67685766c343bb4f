import net from 'node:net';
import { Agent, errors, request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloseError,
  ConnectError,
  ConnectTimeout,
  DecodingError,
  LocalProtocolError,
  NetworkError,
  ProxyError,
  ReadError,
  ReadTimeout,
  RemoteProtocolError,
  type RequestError,
  UnsupportedProtocol,
  WriteError,
  WriteTimeout,
} from '../../src/errors.ts';
import { Request } from '../../src/models/request.ts';
import { type Phase, translateError } from '../../src/node/translate-error.ts';

type ErrorClass = abstract new (...args: never[]) => RequestError;

const request = new Request('GET', 'http://user:pw@example.test:8080/private/path?token=secret');

/** An error shaped like Node's system errors (`connect ECONNREFUSED …`). */
function errno(code: string, message = `connect ${code} 10.0.0.1:443`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, errno: -1, syscall: 'connect' });
}

/** Translates and checks what every translation must hold: class, name, cause, request, message. */
function expectTranslated(
  native: unknown,
  phase: Phase,
  Class: ErrorClass,
  on: Request = request,
): RequestError {
  const error = translateError(native, on, phase);
  expect(error).toBeInstanceOf(Class);
  expect(error.name).toBe(Class.name);
  expect(error.cause).toBe(native);
  expect(error.request).toBe(on);
  return error;
}

describe('translateError: the table', () => {
  it.each<[string, () => unknown, Phase, ErrorClass]>([
    ['ECONNREFUSED', () => errno('ECONNREFUSED'), 'connect', ConnectError],
    ['ENOTFOUND', () => errno('ENOTFOUND', 'getaddrinfo ENOTFOUND nowhere.test'), 'connect', ConnectError],
    ['EAI_AGAIN', () => errno('EAI_AGAIN', 'getaddrinfo EAI_AGAIN nowhere.test'), 'connect', ConnectError],
    ['EHOSTUNREACH', () => errno('EHOSTUNREACH'), 'connect', ConnectError],
    ['ENETUNREACH', () => errno('ENETUNREACH'), 'connect', ConnectError],
    ['ETIMEDOUT while connecting', () => errno('ETIMEDOUT'), 'connect', ConnectTimeout],
    ['ETIMEDOUT while reading', () => errno('ETIMEDOUT', 'read ETIMEDOUT'), 'read', ReadTimeout],
    ['ETIMEDOUT while writing', () => errno('ETIMEDOUT', 'write ETIMEDOUT'), 'write', WriteTimeout],
    ['ECONNRESET while connecting', () => errno('ECONNRESET'), 'connect', ConnectError],
    ['ECONNRESET while writing', () => errno('ECONNRESET', 'write ECONNRESET'), 'write', WriteError],
    ['ECONNRESET while reading', () => errno('ECONNRESET', 'read ECONNRESET'), 'read', ReadError],
    ['EPIPE while writing', () => errno('EPIPE', 'write EPIPE'), 'write', WriteError],
    ['EPIPE while reading', () => errno('EPIPE', 'write EPIPE'), 'read', ReadError],
    ['UND_ERR_SOCKET while connecting', () => new errors.SocketError('closed'), 'connect', ConnectError],
    ['UND_ERR_SOCKET while writing', () => new errors.SocketError('other side closed'), 'write', WriteError],
    ['UND_ERR_SOCKET while reading', () => new errors.SocketError('other side closed'), 'read', ReadError],
    ['UND_ERR_CONNECT_TIMEOUT', () => new errors.ConnectTimeoutError(), 'connect', ConnectTimeout],
    ['UND_ERR_HEADERS_TIMEOUT', () => new errors.HeadersTimeoutError(), 'read', ReadTimeout],
    ['UND_ERR_BODY_TIMEOUT', () => new errors.BodyTimeoutError(), 'read', ReadTimeout],
    [
      'UND_ERR_INVALID_ARG',
      () => new errors.InvalidArgumentError('invalid header value'),
      'write',
      LocalProtocolError,
    ],
    ['UND_ERR_NOT_SUPPORTED', () => new errors.NotSupportedError('upgrade'), 'write', LocalProtocolError],
    [
      'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
      () => new errors.RequestContentLengthMismatchError(),
      'write',
      LocalProtocolError,
    ],
    [
      'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
      () => new errors.ResponseContentLengthMismatchError(),
      'read',
      RemoteProtocolError,
    ],
    ['UND_ERR_HEADERS_OVERFLOW', () => new errors.HeadersOverflowError(), 'read', RemoteProtocolError],
    [
      'an HTTPParserError without a code',
      () => new errors.HTTPParserError('Response does not match the HTTP/1.1 protocol (Invalid character)'),
      'read',
      RemoteProtocolError,
    ],
    [
      'a plain HPE_ code',
      () => Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_CHUNK_SIZE' }),
      'read',
      RemoteProtocolError,
    ],
    [
      'HTTP/2 stream error',
      () =>
        Object.assign(new Error('Stream closed with error code NGHTTP2_PROTOCOL_ERROR'), {
          code: 'ERR_HTTP2_STREAM_ERROR',
        }),
      'read',
      RemoteProtocolError,
    ],
    ['UND_ERR_INFO while reading', () => new errors.InformationalError('reset'), 'read', ReadError],
    [
      'UND_ERR_INFO while connecting',
      () => new errors.InformationalError('No DNS entries found'),
      'connect',
      ConnectError,
    ],
    ['UND_ERR_CLOSED', () => new errors.ClientClosedError(), 'connect', CloseError],
    ['UND_ERR_DESTROYED', () => new errors.ClientDestroyedError(), 'read', CloseError],
    [
      'a proxy 407',
      () => new errors.RequestAbortedError('Proxy response (407) !== 200 when HTTP Tunneling'),
      'connect',
      ProxyError,
    ],
    [
      'a proxy 502',
      () => new errors.RequestAbortedError('Proxy response (502) !== 200 when HTTP Tunneling'),
      'connect',
      ProxyError,
    ],
    [
      'UND_ERR_SOCKS5_AUTH_FAILED',
      () => new errors.Socks5ProxyError('Authentication failed', 'UND_ERR_SOCKS5_AUTH_FAILED'),
      'connect',
      ProxyError,
    ],
    ['UND_ERR_SOCKS5', () => new errors.Socks5ProxyError('SOCKS5 proxy error'), 'connect', ProxyError],
    [
      'UND_ERR_PRX_TLS wrapping a refused connection',
      () => new errors.SecureProxyConnectionError(errno('ECONNREFUSED')),
      'connect',
      ProxyError,
    ],
    ['CERT_HAS_EXPIRED', () => errno('CERT_HAS_EXPIRED', 'certificate has expired'), 'connect', ConnectError],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      () => errno('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      'connect',
      ConnectError,
    ],
    ['SELF_SIGNED_CERT_IN_CHAIN', () => errno('SELF_SIGNED_CERT_IN_CHAIN'), 'connect', ConnectError],
    [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      () => errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      'connect',
      ConnectError,
    ],
    [
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      () => errno('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'),
      'connect',
      ConnectError,
    ],
    [
      'ERR_TLS_CERT_ALTNAME_INVALID',
      () => errno('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      'connect',
      ConnectError,
    ],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      () => errno('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      'connect',
      ConnectError,
    ],
    ['EPROTO', () => errno('EPROTO', 'write EPROTO SSL routines'), 'connect', ConnectError],
    ['ERR_TLS_HANDSHAKE_TIMEOUT', () => errno('ERR_TLS_HANDSHAKE_TIMEOUT'), 'connect', ConnectTimeout],
    [
      'ERR_INVALID_URL',
      () => Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }),
      'connect',
      UnsupportedProtocol,
    ],
    [
      "undici's unsupported protocol",
      () =>
        new errors.InvalidArgumentError('Invalid URL protocol: the URL must start with `http:` or `https:`.'),
      'connect',
      UnsupportedProtocol,
    ],
  ])('%s', (_, make, phase, Class) => {
    const native = make();
    const error = expectTranslated(native, phase, Class);
    expect(error.message).toContain((native as Error).message);
  });
});

describe('translateError: around the table', () => {
  it('puts the method and origin in the message, never the path, query or credentials', () => {
    const error = translateError(errno('ECONNREFUSED'), request, 'connect');
    expect(error.message).toBe(
      'Connection refused (GET http://example.test:8080): connect ECONNREFUSED 10.0.0.1:443',
    );
    expect(error.message).not.toMatch(/secret|private|pw/);
  });

  it('looks through the cause chain undici wraps around the real error', () => {
    const native = new Error('fetch failed', { cause: new Error('inner', { cause: errno('ENOTFOUND') }) });
    const error = expectTranslated(native, 'connect', ConnectError);
    expect(error.message).toMatch(/^Host not found/);
  });

  it("looks into an AggregateError's members (Node's multi-address connect)", () => {
    const native = new AggregateError([
      errno('ECONNREFUSED', 'connect ECONNREFUSED ::1:80'),
      errno('ECONNREFUSED'),
    ]);
    const error = expectTranslated(native, 'connect', ConnectError);
    expect(error.message).toMatch(/^Connection refused/);
  });

  it('prefers the more specific row when an outer error wraps an errno', () => {
    expectTranslated(new errors.ProxyConnectionError(errno('ECONNRESET')), 'read', ProxyError);
  });

  it('does not take an ordinary abort for a proxy failure', () => {
    expectTranslated(new errors.RequestAbortedError(), 'read', ReadError);
  });

  it.each<[Phase, ErrorClass, RegExp]>([
    ['connect', ConnectError, /^Could not connect/],
    ['write', WriteError, /^Could not send the request/],
    ['read', ReadError, /^Could not receive the response/],
  ])('falls back to the %s phase NetworkError for an unknown code', (phase, Class, message) => {
    const error = expectTranslated(errno('EWHATEVER', 'something odd'), phase, Class);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/something odd$/);
  });

  it('wraps values that are not errors', () => {
    const error = expectTranslated('boom', 'read', ReadError);
    expect(error.message).toMatch(/: boom$/);
    expect(expectTranslated(undefined, 'write', WriteError).message).toMatch(/: undefined$/);
  });

  it('uses the code when the native message is empty', () => {
    expect(translateError(errno('ECONNRESET', ''), request, 'read').message).toMatch(/: ECONNRESET$/);
  });

  it('survives a cause cycle', () => {
    const native = errno('EODD', 'loops') as Error;
    native.cause = native;
    expectTranslated(native, 'read', ReadError);
  });

  it('passes an httprx error through, attaching the request it lacks', () => {
    const own = new DecodingError('bad gzip');
    expect(translateError(own, request, 'read')).toBe(own);
    expect(own.request).toBe(request);
  });

  it('keeps the request an httprx error already carries', () => {
    const other = new Request('POST', 'https://other.test/');
    const own = new ReadTimeout('slow', other);
    expect(translateError(own, request, 'read')).toBe(own);
    expect(own.request).toBe(other);
  });
});

describe('translateError: errors provoked from undici', () => {
  let agent: Agent;
  let closedPort: number;
  let server: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  /** What the test server answers, by the first word of the request path. */
  const replies: Record<string, string | null> = {
    cut: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc',
    garbage: 'HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\nabc',
    silent: null,
  };

  beforeAll(async () => {
    agent = new Agent();
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));

    server = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('data', (head: Buffer) => {
        const word = /^[A-Z]+ \/(\w+)/.exec(head.toString())?.[1] ?? '';
        const reply = replies[word];
        if (reply !== null && reply !== undefined) socket.end(reply);
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await agent.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Runs an undici request to completion and returns what it failed with. */
  async function failure(url: string, options: Parameters<typeof undiciRequest>[1] = {}): Promise<unknown> {
    try {
      const response = await undiciRequest(url, { dispatcher: agent, ...options });
      await response.body.text();
    } catch (error) {
      return error;
    }
    throw new Error('the request succeeded');
  }

  it('ECONNREFUSED from a closed port is a ConnectError', async () => {
    const url = `http://127.0.0.1:${closedPort}/`;
    const native = await failure(url);
    expect((native as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    const on = new Request('GET', url);
    const error = expectTranslated(native, 'connect', ConnectError, on);
    expect(error.message).toBe(
      `Connection refused (GET http://127.0.0.1:${closedPort}): connect ECONNREFUSED 127.0.0.1:${closedPort}`,
    );
  });

  it('a connection closed mid-body is a ReadError', async () => {
    const native = await failure(`http://127.0.0.1:${port}/cut`);
    expect((native as NodeJS.ErrnoException).code).toBe('UND_ERR_SOCKET');
    expectTranslated(native, 'read', ReadError);
  });

  it('a malformed response is a RemoteProtocolError', async () => {
    const native = await failure(`http://127.0.0.1:${port}/garbage`);
    expect((native as Error).name).toBe('HTTPParserError');
    expectTranslated(native, 'read', RemoteProtocolError);
  });

  it('a missed headers timeout is a ReadTimeout', async () => {
    const native = await failure(`http://127.0.0.1:${port}/silent`, { headersTimeout: 50 });
    expect((native as NodeJS.ErrnoException).code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expectTranslated(native, 'read', ReadTimeout);
  });

  it('a body longer than its Content-Length is a LocalProtocolError', async () => {
    const native = await failure(`http://127.0.0.1:${port}/silent`, {
      method: 'POST',
      headers: { 'content-length': '10' },
      body: 'abc',
    });
    expect((native as NodeJS.ErrnoException).code).toBe('UND_ERR_REQ_CONTENT_LENGTH_MISMATCH');
    expectTranslated(native, 'write', LocalProtocolError);
  });

  it('a header with CR LF is a LocalProtocolError', async () => {
    const native = await failure(`http://127.0.0.1:${port}/silent`, { headers: { 'x-bad': 'a\r\nb' } });
    expect((native as NodeJS.ErrnoException).code).toBe('UND_ERR_INVALID_ARG');
    expectTranslated(native, 'write', LocalProtocolError);
  });

  it('an ftp:// URL is an UnsupportedProtocol', async () => {
    const native = await failure('ftp://127.0.0.1/file');
    expectTranslated(native, 'connect', UnsupportedProtocol);
  });

  it('a request on a closed pool is a CloseError', async () => {
    const closed = new Agent();
    await closed.close();
    const native = await failure(`http://127.0.0.1:${port}/silent`, { dispatcher: closed });
    expect((native as NodeJS.ErrnoException).code).toMatch(/^UND_ERR_(CLOSED|DESTROYED)$/);
    expectTranslated(native, 'connect', CloseError);
  });
});
