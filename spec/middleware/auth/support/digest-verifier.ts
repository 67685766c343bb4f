import { createHash, randomBytes } from 'node:crypto';

/**
 * A small RFC 7616 server side, written apart from the client code (node:crypto hashes, its
 * own header parsing), so the client's answers are checked by something that does not share
 * its mistakes. It issues challenges, verifies answers and records what it saw.
 */
/** Every algorithm DigestAuth answers, each checked by the specs against this verifier. */
export const ANSWERED_ALGORITHMS = [
  'MD5',
  'MD5-sess',
  'SHA-256',
  'SHA-256-sess',
  'SHA-512',
  'SHA-512-sess',
  'SHA-512-256',
  'SHA-512-256-sess',
] as const;

export interface DigestServerOptions {
  users: Record<string, string>;
  /** @default 'tests@httprx' */
  realm?: string;
  /** The `algorithm` of each challenge, in order of preference. @default ['MD5'] */
  algorithms?: string[];
  /** The `qop` parameter, or null to send none (RFC 2069). @default 'auth' */
  qop?: string | null;
  /** @default a random opaque */
  opaque?: string | null;
  userhash?: boolean;
  /** A nonce is refused as stale after this many answers. @default Infinity */
  nonceUses?: number;
  /** Answer every answer with a stale 401 (a broken server). */
  alwaysStale?: boolean;
}

/** One verified (or refused) answer. */
export interface SeenAnswer {
  username: string;
  nonce: string;
  nc: string | undefined;
  cnonce: string | undefined;
  algorithm: string | undefined;
  ok: boolean;
}

export interface DigestReply {
  status: number;
  headers: [string, string][];
  body: string;
}

const NODE_HASH: Record<string, string> = {
  md5: 'md5',
  'sha-256': 'sha256',
  'sha-512': 'sha512',
  'sha-512-256': 'sha512-256',
};

export class DigestVerifier {
  /** How many 401s with a challenge were sent. */
  challenges = 0;
  /** Every request that carried an Authorization header, verified or not. */
  readonly answers: SeenAnswer[] = [];
  readonly realm: string;
  readonly opaque: string | null;
  readonly #options: DigestServerOptions;
  readonly #nonces = new Map<string, { uses: number; lastNc: number; expired: boolean }>();

  constructor(options: DigestServerOptions) {
    this.#options = options;
    this.realm = options.realm ?? 'tests@httprx';
    this.opaque = options.opaque === undefined ? randomBytes(8).toString('hex') : options.opaque;
  }

  /** Makes every nonce issued so far stale. */
  expireNonces(): void {
    for (const state of this.#nonces.values()) state.expired = true;
  }

  reply(method: string, uri: string, authorization: string | undefined): DigestReply {
    if (!authorization?.startsWith('Digest ')) return this.#challenge(false);
    const fields = parseFields(authorization.slice('Digest '.length));
    const nonce = fields.get('nonce') ?? '';
    const state = this.#nonces.get(nonce);
    const username = this.#username(fields);
    const seen: SeenAnswer = {
      username: username ?? '',
      nonce,
      nc: fields.get('nc'),
      cnonce: fields.get('cnonce'),
      algorithm: fields.get('algorithm'),
      ok: false,
    };
    this.answers.push(seen);
    if (state === undefined || username === undefined || fields.get('uri') !== uri)
      return this.#challenge(false);
    if (this.#options.opaque !== null && fields.get('opaque') !== this.opaque) return this.#challenge(false);
    if (!this.#verify(fields, method, username, nonce)) return this.#challenge(false);
    const nc = Number.parseInt(fields.get('nc') ?? '0', 16);
    if (this.#options.qop !== null && nc <= state.lastNc) return this.#challenge(false);
    state.lastNc = nc;
    const overused = ++state.uses > (this.#options.nonceUses ?? Number.POSITIVE_INFINITY);
    if (this.#options.alwaysStale || state.expired || overused) return this.#challenge(true);
    seen.ok = true;
    return {
      status: 200,
      headers: [['Content-Type', 'application/json']],
      body: JSON.stringify({ username }),
    };
  }

  #username(fields: Map<string, string>): string | undefined {
    const star = fields.get('username*');
    if (star !== undefined) return decodeURIComponent(star.replace(/^UTF-8''/i, ''));
    const given = fields.get('username');
    if (fields.get('userhash') !== 'true') return given;
    const algorithm = this.#hashName(fields.get('algorithm'));
    return Object.keys(this.#options.users).find(
      (user) => hash(algorithm, `${user}:${this.realm}`) === given,
    );
  }

  #verify(fields: Map<string, string>, method: string, username: string, nonce: string): boolean {
    const password = this.#options.users[username];
    if (password === undefined) return false;
    const offered = (this.#options.algorithms ?? ['MD5']).map((name) => name.toLowerCase());
    const name = (fields.get('algorithm') ?? 'MD5').toLowerCase();
    if (!offered.includes(name)) return false;
    const algorithm = this.#hashName(name);
    const cnonce = fields.get('cnonce') ?? '';
    let ha1 = hash(algorithm, `${username}:${this.realm}:${password}`);
    if (name.endsWith('-sess')) ha1 = hash(algorithm, `${ha1}:${nonce}:${cnonce}`);
    const ha2 = hash(algorithm, `${method}:${fields.get('uri')}`);
    const qop = this.#options.qop === undefined ? 'auth' : this.#options.qop;
    const expected =
      qop === null
        ? hash(algorithm, `${ha1}:${nonce}:${ha2}`)
        : hash(algorithm, `${ha1}:${nonce}:${fields.get('nc')}:${cnonce}:${fields.get('qop')}:${ha2}`);
    if (qop !== null && (fields.get('qop') !== 'auth' || !/^[0-9a-f]{8}$/.test(fields.get('nc') ?? '')))
      return false;
    return fields.get('response') === expected;
  }

  #hashName(algorithm: string | undefined): string {
    return NODE_HASH[(algorithm ?? 'MD5').toLowerCase().replace(/-sess$/, '')]!;
  }

  #challenge(stale: boolean): DigestReply {
    this.challenges++;
    const nonce = randomBytes(12).toString('base64');
    this.#nonces.set(nonce, { uses: 0, lastNc: 0, expired: false });
    const qop = this.#options.qop === undefined ? 'auth' : this.#options.qop;
    const headers: [string, string][] = (this.#options.algorithms ?? ['MD5']).map((algorithm) => {
      const params = [`realm="${this.realm}"`, `nonce="${nonce}"`, `algorithm=${algorithm}`];
      if (qop !== null) params.push(`qop="${qop}"`);
      if (this.opaque !== null) params.push(`opaque="${this.opaque}"`);
      if (this.#options.userhash) params.push('userhash=true');
      if (stale) params.push('stale=true');
      return ['WWW-Authenticate', `Digest ${params.join(', ')}`];
    });
    return { status: 401, headers, body: 'unauthorized' };
  }
}

function hash(algorithm: string, text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

/** `name=value` and `name="quoted \" value"` pairs, by name. */
function parseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const match of text.matchAll(/([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    fields.set(match[1]!, match[2] === undefined ? match[3]! : match[2].replace(/\\(.)/g, '$1'));
  }
  return fields;
}
