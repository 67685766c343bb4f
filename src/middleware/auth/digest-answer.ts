import type { DigestChallenge } from './digest-challenge.ts';
import { digestHex } from './digest-hash.ts';

/** Everything one Digest answer is computed from. */
export interface DigestAnswerInput {
  challenge: DigestChallenge;
  method: string;
  /** The request target, as sent on the request line. */
  uri: string;
  username: string;
  password: string;
  /** How many answers this nonce has now been used for, from 1. */
  nc: number;
  /** The client nonce: random, fresh for every answer. */
  cnonce: string;
}

/**
 * The `Authorization` value answering a Digest challenge (RFC 7616 §3.4):
 *
 *   HA1      = H(user:realm:password), for `-sess` H(H(user:realm:password):nonce:cnonce)
 *   HA2      = H(method:uri)
 *   response = H(HA1:nonce:nc:cnonce:qop:HA2), or H(HA1:nonce:HA2) when the server sent no qop
 *
 * With `userhash` the user name is sent as H(user:realm); a user name that is not plain ASCII
 * goes in `username*` (RFC 8187 encoding), as §3.4.4 asks.
 */
export function digestAuthorization(input: DigestAnswerInput): string {
  const { challenge, method, uri, username, password, cnonce } = input;
  const { realm, nonce, qop } = challenge;
  const hash = (text: string): string => digestHex(challenge.algorithm, text);
  const nc = input.nc.toString(16).padStart(8, '0');
  let ha1 = hash(`${username}:${realm}:${password}`);
  if (challenge.session) ha1 = hash(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = hash(`${method}:${uri}`);
  const response = qop
    ? hash(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`)
    : hash(`${ha1}:${nonce}:${ha2}`);

  const fields = [
    userField(challenge, username, hash),
    `realm=${quote(realm)}`,
    `uri=${quote(uri)}`,
    `algorithm=${challenge.algorithm}${challenge.session ? '-sess' : ''}`,
    `nonce=${quote(nonce)}`,
  ];
  if (qop) fields.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${qop}`);
  else if (challenge.session) fields.push(`cnonce=${quote(cnonce)}`);
  fields.push(`response=${quote(response)}`);
  if (challenge.opaque !== undefined) fields.push(`opaque=${quote(challenge.opaque)}`);
  if (challenge.userhash) fields.push('userhash=true');
  return `Digest ${fields.join(', ')}`;
}

/** A fresh client nonce: 16 bytes from the platform's CSPRNG, as hex. */
export function randomCnonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function userField(challenge: DigestChallenge, username: string, hash: (text: string) => string): string {
  if (challenge.userhash) return `username=${quote(hash(`${username}:${challenge.realm}`))}`;
  if (/^[\x20-\x7e]*$/.test(username)) return `username=${quote(username)}`;
  return `username*=UTF-8''${encodeExtValue(username)}`;
}

/** RFC 8187 percent-encoding: `encodeURIComponent` leaves `'()*` as they are, which attr-char does not allow. */
function encodeExtValue(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A quoted string: `"` and `\` escaped with `\`. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}
