import { readQuoted } from './quoted-string.ts';

/** One challenge of a `WWW-Authenticate` header: its scheme and parameters (or token68). */
export interface Challenge {
  /** The scheme as sent (compare it case-insensitively). */
  scheme: string;
  /** Parameters by lower-case name, quoted strings unescaped; the first of a repeated name wins. */
  params: Map<string, string>;
  /** The token68 form (`Negotiate abc==`), when the challenge has one instead of parameters. */
  token68?: string;
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * Parses `WWW-Authenticate` values (RFC 9110 §11.6.1): each value may hold several challenges
 * separated by commas, the same commas that separate a challenge's parameters, so a bare token
 * not followed by `=` starts the next challenge. Quoted strings may hold commas and `\` escapes.
 * Malformed pieces are skipped, never thrown: a client reads what it can of a challenge.
 */
export function parseChallenges(values: readonly string[]): Challenge[] {
  const challenges: Challenge[] = [];
  for (const value of values) new Reader(value).readInto(challenges);
  return challenges;
}

class Reader {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  readInto(challenges: Challenge[]): void {
    let current: Challenge | undefined;
    while (this.#skip(' \t,') < this.#text.length) {
      const name = this.#token();
      if (name === '') {
        this.#skipPast(',');
        continue;
      }
      const afterName = this.#at;
      this.#skip(' \t');
      if (current !== undefined && this.#peek() === '=') {
        this.#at++;
        this.#skip(' \t');
        const value = this.#peek() === '"' ? this.#quoted() : this.#token();
        if (!current.params.has(name.toLowerCase())) current.params.set(name.toLowerCase(), value);
        continue;
      }
      current = { scheme: name, params: new Map() };
      challenges.push(current);
      // After the scheme and a space, a token68 (`abc==`, never `name=value`) is the whole challenge.
      const token68 = this.#at > afterName ? TOKEN68.exec(this.#text.slice(this.#at)) : null;
      if (token68 && /^[ \t]*(,|$)/.test(this.#text.slice(this.#at + token68[0].length))) {
        current.token68 = token68[0];
        this.#at += token68[0].length;
      }
    }
  }

  #peek(): string | undefined {
    return this.#text[this.#at];
  }

  #skip(chars: string): number {
    while (this.#at < this.#text.length && chars.includes(this.#text[this.#at]!)) this.#at++;
    return this.#at;
  }

  #skipPast(char: string): void {
    const end = this.#text.indexOf(char, this.#at);
    this.#at = end === -1 ? this.#text.length : end + 1;
  }

  #token(): string {
    const start = this.#at;
    while (this.#at < this.#text.length && TCHAR.test(this.#text[this.#at]!)) this.#at++;
    return this.#text.slice(start, this.#at);
  }

  #quoted(): string {
    const { value, end } = readQuoted(this.#text, this.#at);
    this.#at = end;
    return value;
  }
}
