import { checkOptionNames } from '../config/option-names.ts';
import { ownValue } from '../config/own.ts';
import { jsonText } from '../content/content-objects.ts';
import { Headers, type HeadersInit } from './headers.ts';
import type { Request } from './request.ts';

export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';

/**
 * The key under which a transport's helper (`ResponseBody`) hands a head it read to
 * `new Response`: taken as it is, without the checks and copies a caller's init gets.
 * @internal
 */
export const HEAD_READ: unique symbol = Symbol('a response head a transport read');

export interface ResponseInit {
  headers?: HeadersInit | null;
  /** The (decoded) body. A string is encoded as UTF-8. */
  content?: Uint8Array | string;
  /** Sets the body and `Content-Type: text/plain; charset=utf-8`. */
  text?: string;
  /** Sets the body and `Content-Type: text/html; charset=utf-8`. */
  html?: string;
  /** Sets the body (compact JSON) and `Content-Type: application/json`. */
  json?: unknown;
  request?: Request;
  /** @default 'HTTP/1.1' */
  httpVersion?: HttpVersion;
  /** @default the standard phrase for the status */
  reasonPhrase?: string;
  extensions?: Record<string, unknown>;
  /** A head a transport read (`ResponseBody`): the other fields are then not read. @internal */
  [HEAD_READ]?: ReadHead;
}

const encoder = new TextEncoder();

/** The names `new Response(status, init)` accepts. */
export const RESPONSE_INIT_NAMES: ReadonlySet<string> = new Set([
  'headers',
  'content',
  'text',
  'html',
  'json',
  'request',
  'httpVersion',
  'reasonPhrase',
  'extensions',
]);

/** The body `init` gives (`content`, `text`, `html` or `json`; own properties only) and its type. */
export function initialBody(init: ResponseInit): { bytes: Uint8Array; type?: string } | undefined {
  const content = ownValue(init, 'content', init.content);
  if (content !== undefined)
    return { bytes: typeof content === 'string' ? encoder.encode(content) : content };
  const text = ownValue(init, 'text', init.text);
  if (text !== undefined) return { bytes: encoder.encode(text), type: 'text/plain; charset=utf-8' };
  const html = ownValue(init, 'html', init.html);
  if (html !== undefined) return { bytes: encoder.encode(html), type: 'text/html; charset=utf-8' };
  const json = ownValue(init, 'json', init.json);
  if (json !== undefined)
    return {
      bytes: encoder.encode(jsonText(json, 'The json of new Response(status, { json })')),
      type: 'application/json',
    };
  return undefined;
}

/** A head a transport read, for a response whose body is still to come. @internal */
export interface ReadHead {
  headers: Headers;
  /** The headers were made for this response alone: kept without a copy. */
  ownHeaders: boolean;
  reasonPhrase?: string;
  httpVersion?: HttpVersion;
  extensions?: Record<string, unknown>;
  request?: Request | undefined;
}

/** A caller's init as a head: checked (own properties only), its headers copied. @internal */
export function readInit(init: ResponseInit): ReadHead {
  checkOptionNames('response', init, RESPONSE_INIT_NAMES);
  return {
    headers: new Headers(ownValue(init, 'headers', init.headers)),
    ownHeaders: true,
    reasonPhrase: ownValue(init, 'reasonPhrase', init.reasonPhrase),
    httpVersion: ownValue(init, 'httpVersion', init.httpVersion),
    extensions: ownValue(init, 'extensions', init.extensions),
    request: ownValue(init, 'request', init.request),
  };
}
