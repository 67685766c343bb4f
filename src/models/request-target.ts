import { LocalProtocolError } from '../errors.ts';

/** What an `extensions.target` may hold: visible ASCII, without `#` (a fragment is never sent). */
const SAFE = /^[\x21\x22\x24-\x7e]+$/;
const UNSAFE = /[^\x21\x22\x24-\x7e]/;
/** absolute-form: a scheme, then anything safe (RFC 3986's absolute-URI). */
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:/;
/** authority-form, for CONNECT: `host:port`, the host a name, an IPv4 address or `[IPv6]`. */
const AUTHORITY = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

const NAMED: Readonly<Record<number, string>> = { 0: 'NUL', 9: 'TAB', 10: 'LF', 13: 'CR', 32: 'a space' };

/**
 * Checks an `extensions.target` before it can reach the wire: it is sent as it is, so it must
 * be one of the forms of RFC 9112 §3.2 and hold only visible ASCII, no CR, LF, space or other
 * control character that would split the request line, nor a fragment. It is not
 * percent-encoded for you: a target is a raw override, and changing it would defeat it.
 *
 * - origin-form `/path?query`, for any method;
 * - asterisk-form `*`, with OPTIONS only;
 * - absolute-form `scheme:…` (`http://host/path`), for any method but CONNECT;
 * - authority-form `host:port`, which CONNECT needs.
 *
 * Throws `LocalProtocolError` naming what is wrong (as for a bad method, a target that is not
 * a string included). The `Request` constructor calls it, and the Node transport again before
 * it dispatches, for a target set afterwards (`with()`, or changed in place).
 */
export function checkTarget(target: unknown, method: string): void {
  if (typeof target !== 'string')
    throw new LocalProtocolError(
      `extensions.target must be a string, not ${target === null ? 'null' : typeof target}`,
    );
  const shown = JSON.stringify(target);
  if (!SAFE.test(target)) {
    if (target === '')
      throw new LocalProtocolError('extensions.target is empty: leave it out to send the path');
    const at = target.search(UNSAFE);
    const code = target.codePointAt(at)!;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const what =
      code === 0x23
        ? "'#'"
        : `${NAMED[code] ?? (code < 0x20 || code === 0x7f ? 'a control character' : 'a non-ASCII character')} (${hex})`;
    throw new LocalProtocolError(
      `The request target ${shown} has ${what} at index ${at}: a target is sent as it is, so ` +
        'percent-encode it (encodeURI) and leave any fragment out',
    );
  }
  if (method === 'CONNECT') {
    if (!AUTHORITY.test(target))
      throw new LocalProtocolError(
        `A CONNECT request target must be host:port (authority-form), not ${shown}`,
      );
    return;
  }
  if (target === '*') {
    if (method !== 'OPTIONS')
      throw new LocalProtocolError(
        `The request target * (asterisk-form) goes only with OPTIONS, not ${method}`,
      );
    return;
  }
  if (target.startsWith('/') || ABSOLUTE.test(target)) return;
  throw new LocalProtocolError(
    `The request target ${shown} is none of the forms of RFC 9112 §3.2: use /path?query (origin-form), ` +
      'an absolute URL (absolute-form), * with OPTIONS, or host:port with CONNECT',
  );
}
