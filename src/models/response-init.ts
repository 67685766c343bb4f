import { ownValue } from '../config/own.ts';
import { jsonText } from '../content/content-objects.ts';
import type { HeadersInit } from './headers.ts';
import type { Request } from './request.ts';

export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1' | 'HTTP/2';

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
