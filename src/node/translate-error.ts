/**
 * One table from native errors (undici `UND_ERR_*`, Node errno codes, TLS codes, HTTP parser errors) to the
 * httprx error tree (§3.6). The first matching row wins, so rows go from most to least specific. A row
 * matches when the error, or any error in its `cause` chain (undici wraps) or in an `AggregateError`'s
 * `errors` (Node's multi-address connect), has the row's `code` (and `name`/`message`, when given).
 * Anything unmatched becomes the phase's `NetworkError`.
 */

import type { ErrorOptions } from '../errors.ts';
import {
  attachRequest,
  CloseError,
  ConnectError,
  ConnectTimeout,
  LocalProtocolError,
  ProxyError,
  ReadError,
  ReadTimeout,
  RemoteProtocolError,
  RequestError,
  UnsupportedProtocol,
  WriteError,
  WriteTimeout,
} from '../errors.ts';
import type { Request } from '../models/request.ts';
import { ProxyRefusal } from './proxy-refusal.ts';

/**
 * Where the exchange was when the error happened: opening the connection (DNS, TCP, TLS, proxy tunnel),
 * sending the request, or receiving the response.
 */
export type Phase = 'connect' | 'write' | 'read';

type ErrorClass = new (message: string, request?: Request, options?: ErrorOptions) => RequestError;
type ByPhase = Readonly<Record<Phase, ErrorClass>>;

interface Row {
  /** The native `code`: exact, or a pattern. */
  readonly code?: string | RegExp;
  /** The native error's `name`, for errors that may lack a code (undici's `HTTPParserError`). */
  readonly name?: string;
  /** A pattern the native message must match too. */
  readonly message?: RegExp;
  /** What went wrong, in words; the message starts with it. */
  readonly label: string;
  readonly to: ErrorClass | ByPhase;
}

const NETWORK: ByPhase = { connect: ConnectError, write: WriteError, read: ReadError };
const TIMEOUT: ByPhase = { connect: ConnectTimeout, write: WriteTimeout, read: ReadTimeout };

const TLS_VERIFY =
  /^(CERT_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_[A-Z_]+|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME_INVALID|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED)$/;

/** Most specific first. */
const TABLE: readonly Row[] = [
  // Proxies: before the errno rows, since undici wraps the proxy's own connect error.
  { code: 'HTTPRX_PROXY_REFUSED', label: 'The proxy refused the request', to: ProxyError },
  {
    code: 'UND_ERR_ABORTED',
    message: /^Proxy response \(\d+\)/,
    label: 'The proxy refused the tunnel',
    to: ProxyError,
  },
  { code: /^UND_ERR_SOCKS5/, label: 'The SOCKS5 proxy failed', to: ProxyError },
  { code: 'UND_ERR_PRX_TLS', label: 'The TLS connection to the proxy failed', to: ProxyError },
  { code: 'UND_ERR_PRX_CONN', label: 'The connection to the proxy failed', to: ProxyError },
  // The URL cannot be used by this transport.
  { code: 'ERR_INVALID_URL', label: 'Invalid URL', to: UnsupportedProtocol },
  { code: 'ERR_INVALID_PROTOCOL', label: 'Unsupported protocol', to: UnsupportedProtocol },
  {
    code: 'UND_ERR_INVALID_ARG',
    message: /^Invalid URL protocol/,
    label: 'Unsupported protocol',
    to: UnsupportedProtocol,
  },
  // Timeouts.
  { code: 'UND_ERR_CONNECT_TIMEOUT', label: 'Timed out while connecting', to: ConnectTimeout },
  { code: 'ERR_TLS_HANDSHAKE_TIMEOUT', label: 'Timed out during the TLS handshake', to: ConnectTimeout },
  { code: 'UND_ERR_HEADERS_TIMEOUT', label: 'Timed out waiting for the response headers', to: ReadTimeout },
  { code: 'UND_ERR_BODY_TIMEOUT', label: 'Timed out waiting for the response body', to: ReadTimeout },
  { code: 'ETIMEDOUT', label: 'The network operation timed out', to: TIMEOUT },
  // Opening the connection.
  { code: 'ECONNREFUSED', label: 'Connection refused', to: ConnectError },
  {
    code: /^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|EAI_NODATA)$/,
    label: 'Host not found',
    to: ConnectError,
  },
  {
    code: /^(EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|ENETDOWN|EADDRNOTAVAIL)$/,
    label: 'Host unreachable',
    to: ConnectError,
  },
  { code: TLS_VERIFY, label: 'TLS certificate verification failed', to: ConnectError },
  { code: /^(ERR_SSL_[A-Z0-9_]+|EPROTO|ERR_TLS_[A-Z_]+)$/, label: 'TLS error', to: NETWORK },
  // The request itself breaks the protocol.
  {
    code: 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
    label: 'The request body length does not match Content-Length',
    to: LocalProtocolError,
  },
  {
    code: /^(UND_ERR_INVALID_ARG|UND_ERR_NOT_SUPPORTED|ERR_INVALID_CHAR|ERR_INVALID_HTTP_TOKEN)$/,
    label: 'Invalid request',
    to: LocalProtocolError,
  },
  // The server breaks the protocol.
  {
    code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
    label: 'The response body length does not match Content-Length',
    to: RemoteProtocolError,
  },
  { code: 'UND_ERR_HEADERS_OVERFLOW', label: 'The response headers are too large', to: RemoteProtocolError },
  { code: /^HPE_/, label: 'Malformed response', to: RemoteProtocolError },
  { name: 'HTTPParserError', label: 'Malformed response', to: RemoteProtocolError },
  {
    code: /^ERR_HTTP2_(STREAM_ERROR|SESSION_ERROR|ERROR)$/,
    label: 'HTTP/2 protocol error',
    to: RemoteProtocolError,
  },
  // The pool was closed under the request.
  { code: /^UND_ERR_(CLOSED|DESTROYED)$/, label: 'The connection pool was closed', to: CloseError },
  // The connection broke: what that means depends on the phase.
  { code: /^(ECONNRESET|EPIPE|ECONNABORTED)$/, label: 'The connection was reset', to: NETWORK },
  { code: 'UND_ERR_SOCKET', label: 'The connection failed', to: NETWORK },
  { code: 'UND_ERR_INFO', label: 'The connection was closed', to: NETWORK },
];

const FALLBACK_LABEL: Readonly<Record<Phase, string>> = {
  connect: 'Could not connect',
  write: 'Could not send the request',
  read: 'Could not receive the response',
};

/**
 * Maps a native error (undici UND_ERR_*, Node errno codes, TLS codes, HPE_ parser errors) to the httprx
 * error class, with the original as `cause`. Already-httprx errors pass through with `request` attached.
 *
 * The message names what went wrong, the request's method and origin (never its path or query, which may
 * hold secrets), then the native message: `Connection refused (GET http://127.0.0.1:1): connect
 * ECONNREFUSED 127.0.0.1:1`.
 */
export function translateError(error: unknown, request: Request, phase: Phase): RequestError {
  if (error instanceof RequestError) return attachRequest(error, request);
  const chain = causes(error);
  const row = TABLE.find((candidate) => chain.some((link) => matches(candidate, link)));
  const to = row?.to ?? NETWORK;
  const Class = typeof to === 'function' ? to : to[phase];
  const label = row?.label ?? FALLBACK_LABEL[phase];
  const { url } = request;
  const message = `${label} (${request.method} ${url.protocol}//${url.host}): ${describe(error)}`;
  const translated = new Class(message, request, { cause: error });
  if (translated instanceof ProxyError) {
    const refusal = chain.find((link): link is ProxyRefusal => link instanceof ProxyRefusal);
    translated.status = refusal?.status;
    translated.headers = refusal?.headers;
  }
  return translated;
}

interface Native {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The error, its `cause` chain and any `AggregateError` members, outermost first (bounded, cycle-safe). */
function causes(error: unknown): Native[] {
  const found: Native[] = [];
  const queue: unknown[] = [error];
  for (let i = 0; i < queue.length && found.length < 16; i++) {
    const link = queue[i];
    if (typeof link !== 'object' || link === null || found.includes(link)) continue;
    found.push(link);
    queue.push((link as Native).cause);
    if (link instanceof AggregateError) queue.push(...(link.errors as unknown[]));
  }
  return found;
}

function matches(row: Row, link: Native): boolean {
  if (row.code !== undefined) {
    if (typeof link.code !== 'string') return false;
    if (typeof row.code === 'string' ? link.code !== row.code : !row.code.test(link.code)) return false;
  }
  if (row.name !== undefined && link.name !== row.name) return false;
  if (row.message !== undefined && !(typeof link.message === 'string' && row.message.test(link.message))) {
    return false;
  }
  return true;
}

/** The native message, or its code when it has none. */
function describe(error: unknown): string {
  const native = (typeof error === 'object' && error !== null ? error : {}) as Native;
  if (typeof native.message === 'string' && native.message !== '') return native.message;
  if (typeof native.code === 'string') return native.code;
  return typeof error === 'object' && error !== null ? Object.prototype.toString.call(error) : String(error);
}
