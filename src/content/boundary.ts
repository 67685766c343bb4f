import { describe } from '../config/describe.ts';

const BCHARS = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A fresh multipart boundary: 32 lowercase hex characters from `crypto.getRandomValues`. */
export function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Checks a caller's boundary against RFC 2046 (1–70 characters, no trailing space). */
export function checkBoundary(boundary: string): string {
  if (typeof boundary !== 'string' || !BCHARS.test(boundary))
    throw new TypeError(
      `Invalid multipart boundary ${describe(boundary)}: 1 to 70 letters, digits or '()+_,-./:=? (no trailing space)`,
    );
  return boundary;
}

/** `multipart/form-data; boundary=…`, quoting the boundary when it is not a token. */
export function multipartContentType(boundary: string): string {
  return `multipart/form-data; boundary=${TOKEN.test(boundary) ? boundary : `"${boundary}"`}`;
}
