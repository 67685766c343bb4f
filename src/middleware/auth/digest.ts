import type { Request } from '../../models/request.ts';
import type { Response } from '../../models/response.ts';
import { withAuthorization } from './basic.ts';
import { digestAuthorization, randomCnonce } from './digest-answer.ts';
import { type DigestChallenge, digestChallenge } from './digest-challenge.ts';
import type { Auth } from './types.ts';

/** The challenge last answered, and where it applies. */
interface Remembered {
  challenge: DigestChallenge;
  /** The origin that sent it: the challenge is reused for this origin only. */
  origin: string;
  /** How many answers its nonce has been used for (the next `nc` is one more). */
  count: number;
}

/**
 * HTTP Digest authentication (RFC 7616): MD5, SHA-256, SHA-512-256 and (as httpx) SHA-512, each
 * also as `-sess`, with `qop=auth` (or none, RFC 2069 style), `userhash`, and the `opaque` echoed.
 *
 * The first request goes out without credentials; a `401` with a Digest challenge is answered
 * once. The challenge is then remembered: later requests to the same origin through the same
 * `DigestAuth` send their answer up front, with `nc` counting up for the nonce and a fresh
 * cnonce each time, and fall back to the challenge flow if the server refuses it. A `401`
 * marked `stale=true` is answered again with its new nonce; any other `401` to an answer is
 * final (a wrong password is not retried), and so is a `401` from another origin than the
 * request's, reached through a redirect: its challenge is neither answered nor remembered. A challenge that cannot be answered (only
 * `qop=auth-int`, an unknown algorithm) fails the request with a `ProtocolError`.
 *
 * @example
 * ```ts
 * const client = new Client({ auth: new DigestAuth('Mufasa', 'Circle of Life') });
 * ```
 */
export class DigestAuth implements Auth {
  readonly #username: string;
  readonly #password: string;
  #last: Remembered | undefined;

  constructor(username: string, password: string) {
    this.#username = username;
    this.#password = password;
  }

  *authFlow(request: Request): Generator<Request, void, Response> {
    const reusing = this.#last !== undefined && this.#last.origin === request.url.origin;
    let response = yield reusing ? this.#answer(request) : request;
    // Whether the last answer was made from a challenge received in this flow (not a reused one).
    let answeredHere = false;
    let staleAnswered = false;
    // A 401 from another origin (reached through a redirect) is that origin's: never answered.
    while (response.status === 401 && response.url.origin === request.url.origin) {
      const challenge = digestChallenge(response, request);
      if (challenge === undefined) return;
      if (answeredHere) {
        if (!challenge.stale || staleAnswered) return;
        staleAnswered = true;
      }
      this.#remember(challenge, request.url.origin);
      response = yield this.#answer(request);
      answeredHere = true;
    }
  }

  #remember(challenge: DigestChallenge, origin: string): void {
    const last = this.#last;
    const sameNonce = last?.challenge.nonce === challenge.nonce && last.origin === origin;
    this.#last = { challenge, origin, count: sameNonce ? last.count : 0 };
  }

  #answer(request: Request): Request {
    const last = this.#last!;
    last.count++;
    const header = digestAuthorization({
      challenge: last.challenge,
      method: request.method,
      uri: request.target,
      username: this.#username,
      password: this.#password,
      nc: last.count,
      cnonce: randomCnonce(),
    });
    return withAuthorization(request, header);
  }
}
