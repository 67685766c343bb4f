import { readQuoted } from './quoted-string.ts';

/** One entry of a netrc file: a `machine` or the `default`. */
export interface NetrcEntry {
  login?: string;
  password?: string;
  account?: string;
}

/** A parsed netrc file: entries by lower-case host name (the first entry for a host wins), and the `default`. */
export interface Netrc {
  readonly machines: ReadonlyMap<string, NetrcEntry>;
  readonly default?: NetrcEntry;
}

const FIELDS = new Set(['login', 'password', 'account']);

/**
 * Parses the text of a netrc file. Tokens are separated by any white space, so an entry may
 * span lines or share one; a token may be double-quoted (with `\` escapes) to hold spaces;
 * `#` at the start of a token comments out the rest of its line; `macdef` bodies (up to the
 * next blank line) are skipped. Unknown tokens are ignored rather than rejected.
 */
export function parseNetrc(text: string): Netrc {
  const machines = new Map<string, NetrcEntry>();
  let fallback: NetrcEntry | undefined;
  let entry: NetrcEntry | undefined;
  const tokens = new Tokens(text);
  for (let token = tokens.next(); token !== undefined; token = tokens.next()) {
    if (token === 'machine') {
      const host = tokens.next();
      if (host === undefined) break;
      entry = {};
      if (!machines.has(host.toLowerCase())) machines.set(host.toLowerCase(), entry);
    } else if (token === 'default') {
      entry = {};
      fallback ??= entry;
    } else if (token === 'macdef') {
      tokens.next();
      tokens.skipMacro();
      entry = undefined;
    } else if (FIELDS.has(token) && entry !== undefined) {
      const value = tokens.next();
      if (value === undefined) break;
      entry[token as keyof NetrcEntry] ??= value;
    }
  }
  return { machines, default: fallback };
}

/** `[login, password]` for a host: its `machine` entry, else the `default`; none without a password. */
export function netrcCredentials(netrc: Netrc, host: string): readonly [string, string] | undefined {
  const entry = netrc.machines.get(host.toLowerCase()) ?? netrc.default;
  if (entry?.password === undefined) return undefined;
  return [entry.login ?? '', entry.password];
}

/** A URL's host name as a netrc file names it: no port, no IPv6 brackets. */
export function netrcHost(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') ? host.slice(1, -1) : host;
}

/** Reads netrc tokens one by one. */
class Tokens {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  next(): string | undefined {
    const text = this.#text;
    for (;;) {
      while (this.#at < text.length && /\s/.test(text[this.#at]!)) this.#at++;
      if (this.#at >= text.length) return undefined;
      if (text[this.#at] !== '#') break;
      this.#skipLine();
    }
    return text[this.#at] === '"' ? this.#quoted() : this.#bare();
  }

  /** Skips a macro's body: the rest of its line and every line up to a blank one. */
  skipMacro(): void {
    this.#skipLine();
    const text = this.#text;
    while (this.#at < text.length) {
      const end = text.indexOf('\n', this.#at);
      const line = text.slice(this.#at, end === -1 ? text.length : end);
      this.#at = end === -1 ? text.length : end + 1;
      if (line.trim() === '') return;
    }
  }

  #skipLine(): void {
    const end = this.#text.indexOf('\n', this.#at);
    this.#at = end === -1 ? this.#text.length : end + 1;
  }

  #bare(): string {
    const start = this.#at;
    while (this.#at < this.#text.length && !/\s/.test(this.#text[this.#at]!)) this.#at++;
    return this.#text.slice(start, this.#at);
  }

  #quoted(): string {
    const { value, end } = readQuoted(this.#text, this.#at);
    this.#at = end;
    return value;
  }
}
