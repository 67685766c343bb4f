import { ProtocolError } from '../../errors.ts';
import type { Request } from '../../models/request.ts';
import type { Response } from '../../models/response.ts';
import { DIGEST_ALGORITHMS, type DigestAlgorithm } from './digest-hash.ts';
import { type Challenge, parseChallenges } from './www-authenticate.ts';

/** A Digest challenge this client can answer. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  /** Echoed back unchanged. */
  opaque: string | undefined;
  algorithm: DigestAlgorithm;
  /** A `-sess` algorithm: the first hash also covers the nonce and cnonce. */
  session: boolean;
  /** `'auth'`, or `undefined` when the server sent no qop (the RFC 2069 form: no nc, no cnonce). */
  qop: 'auth' | undefined;
  /** The nonce was refused only because it expired: answer again with this one. */
  stale: boolean;
  /** The server wants the user name hashed (RFC 7616 §3.4.4). */
  userhash: boolean;
}

/** The supported algorithms by lower-case name (the `algorithm` token is case-insensitive). */
const ALGORITHMS: ReadonlyMap<string, DigestAlgorithm> = new Map(
  [...DIGEST_ALGORITHMS].map((algorithm) => [algorithm.toLowerCase(), algorithm]),
);

/**
 * The Digest challenge to answer in a response's `WWW-Authenticate` headers: the first one
 * this client supports, in the server's order of preference (RFC 7616 §3.7). `undefined` when
 * there is no Digest challenge at all. When there are Digest challenges but none can be
 * answered (an unknown algorithm, only `qop=auth-int`, no nonce), a `ProtocolError` says why.
 */
export function digestChallenge(response: Response, request: Request): DigestChallenge | undefined {
  const offered = parseChallenges(response.headers.getList('www-authenticate')).filter(
    (challenge) => challenge.scheme.toLowerCase() === 'digest',
  );
  let reason: string | undefined;
  for (const challenge of offered) {
    const read = readChallenge(challenge);
    if (typeof read !== 'string') return read;
    reason ??= read;
  }
  if (reason === undefined) return undefined;
  throw new ProtocolError(`Cannot answer the server's Digest challenge: ${reason}`, request);
}

/** The challenge, or why it cannot be answered. */
function readChallenge({ params }: Challenge): DigestChallenge | string {
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  if (realm === undefined || nonce === undefined) return 'it has no realm or no nonce';
  const name = (params.get('algorithm') ?? 'MD5').toLowerCase();
  const session = name.endsWith('-sess');
  const algorithm = ALGORITHMS.get(session ? name.slice(0, -'-sess'.length) : name);
  if (algorithm === undefined) return `the algorithm ${params.get('algorithm')} is not supported`;
  const qopOptions = params
    .get('qop')
    ?.split(',')
    .map((option) => option.trim().toLowerCase());
  if (qopOptions !== undefined && !qopOptions.includes('auth'))
    return `it asks for qop=${params.get('qop')}, and only qop=auth is supported (auth-int would need the whole body first)`;
  return {
    realm,
    nonce,
    opaque: params.get('opaque'),
    algorithm,
    session,
    qop: qopOptions === undefined ? undefined : 'auth',
    stale: params.get('stale')?.toLowerCase() === 'true',
    userhash: params.get('userhash')?.toLowerCase() === 'true',
  };
}
