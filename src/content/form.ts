import { describe } from '../config/describe.ts';
import { QueryParams } from '../models/params.ts';
import { isBinary } from './bytes.ts';
import type { FormInit } from './types.ts';

/** The media type of an urlencoded form. */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * Form fields as `[name, value]` text pairs, in order: `true` → `'true'`, `null` → `''`,
 * numbers as `String(n)`, an array value gives one pair per item, `undefined` is skipped.
 */
export function formPairs(data: FormInit): [string, string][] {
  if (typeof data === 'string' || isBinary(data)) {
    throw new TypeError(`data must be form fields, not ${describe(data)}: send raw bodies with content`);
  }
  if (typeof data !== 'object' || data === null)
    throw new TypeError(
      `data must be form fields such as { name: 'value' } or [name, value] pairs, not ${describe(data)}`,
    );
  return [...new QueryParams(data)];
}

/**
 * `application/x-www-form-urlencoded` text as browsers write it (the WHATWG serializer): a
 * space becomes `+`, and everything but `A–Z a–z 0–9 * - . _` is percent-encoded as UTF-8.
 */
export function urlencode(pairs: Iterable<readonly [string, string]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of pairs) params.append(name, value);
  return params.toString();
}
