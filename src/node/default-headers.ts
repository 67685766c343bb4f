import { defaultHeaders as startingHeaders } from '../default-headers.ts';
import type { Headers } from '../models/headers.ts';
import { VERSION } from '../version.ts';

/** What the Node client sends after the neutral `Accept`, in this order (DESIGN §3.1). */
export const NODE_DEFAULT_HEADERS: readonly (readonly [name: string, value: string])[] = [
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Connection', 'keep-alive'],
  ['User-Agent', `httprx/${VERSION}`],
];

/**
 * The headers every Node `Client` starts with, in this order: `Accept`, `Accept-Encoding`,
 * `Connection`, `User-Agent`. A fresh `Headers` on each call.
 */
export function defaultHeaders(): Headers {
  return startingHeaders(NODE_DEFAULT_HEADERS);
}
