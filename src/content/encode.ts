import { ownValue } from '../config/own.ts';
import { randomBoundary } from './boundary.ts';
import { utf8 } from './bytes.ts';
import type { RequestContent } from './content.ts';
import { jsonText } from './content-objects.ts';
import { FORM_CONTENT_TYPE, formPairs, urlencode } from './form.ts';
import { MultipartContent } from './multipart.ts';
import { fieldParts, fileParts } from './multipart-parts.ts';
import { bytesContent, contentFrom } from './raw-content.ts';
import type { BodyInit } from './types.ts';

/**
 * Turns the body fields of a request into one `RequestContent`, or `null` for no body.
 *
 * - `content`: raw content (see `contentFrom`); alone.
 * - `json`: compact JSON (`json: null` sends `null`; `undefined` means absent); alone.
 * - `files` (with or without `data`): `multipart/form-data`, `data` as text fields first.
 * - `data` alone: `application/x-www-form-urlencoded`.
 *
 * Giving `content` or `json` together with any other body field is a `TypeError`. As in httpx,
 * empty `data` and empty `files` count as none: `{ data: {} }` sends no body.
 */
export function encodeBody(init: BodyInit): RequestContent | null {
  // Own properties only: a value inherited from a polluted Object.prototype is no body.
  const content = ownValue(init, 'content', init.content);
  const data = ownValue(init, 'data', init.data);
  const files = ownValue(init, 'files', init.files);
  const json = ownValue(init, 'json', init.json);
  if (content == null && data == null && files == null && json === undefined) return null;
  const given = [
    content != null && 'content',
    data != null && 'data',
    files != null && 'files',
    json !== undefined && 'json',
  ].filter((name): name is string => name !== false);
  if (given.length > 1 && (given.includes('content') || given.includes('json'))) {
    throw new TypeError(`Give one request body, not ${given.join(' and ')}: they clash`);
  }
  if (content != null) return contentFrom(content);
  if (json !== undefined) return bytesContent(utf8(jsonText(json, 'The `json` body')), 'application/json');
  const fileList = files == null ? [] : fileParts(files);
  if (fileList.length > 0) {
    const fields = data == null ? [] : fieldParts(data);
    return new MultipartContent([...fields, ...fileList], randomBoundary());
  }
  const pairs = data == null ? [] : formPairs(data);
  if (pairs.length === 0) return null;
  return bytesContent(utf8(urlencode(pairs)), FORM_CONTENT_TYPE);
}
