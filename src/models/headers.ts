import { LocalProtocolError } from '../errors.ts';

/** Anything a `Headers` can be built from. */
export type HeadersInit =
  | Headers
  | Record<string, string | number | readonly string[] | undefined>
  | Iterable<readonly [string, string]>;

/** RFC 9110 token: the characters allowed in a header name. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;
const MASKED = new Set(['authorization', 'proxy-authorization']);

/** The name as a string, read once (an object's `toString` could answer differently later). */
function checkName(given: string): string {
  const name = typeof given === 'string' ? given : String(given);
  if (!TOKEN.test(name)) {
    throw new LocalProtocolError(`Invalid header name ${JSON.stringify(name)}`);
  }
  return name;
}

function checkValue(name: string, value: unknown): string {
  const text = String(value);
  if (FORBIDDEN_IN_VALUE.test(text)) {
    throw new LocalProtocolError(`Header ${name} has a CR, LF or NUL character in its value`);
  }
  return text.trim();
}

/**
 * A case-insensitive, ordered multi-map of HTTP headers. Names keep the casing they were
 * given (sent as such over HTTP/1.1); look-ups ignore case. Names and values are checked
 * when added: a CR, LF or NUL in a value, or a name that is not a token, raises
 * `LocalProtocolError` before anything reaches the network.
 */
export class Headers implements Iterable<[string, string]> {
  // One flat array of (name as given, lower-cased key, value) triples: a request copies its
  // headers on every send, and one exact-size array is the least that can cost.
  #entries: string[] = [];

  constructor(init?: HeadersInit | null) {
    if (init) this.extend(init);
  }

  /** Builds from trusted, already-valid pairs (a transport's raw response headers). */
  static fromRaw(flat: ReadonlyArray<string>): Headers {
    const entries = new Array<string>((flat.length >> 1) * 3);
    for (let i = 0, j = 0; i + 1 < flat.length; i += 2, j += 3) {
      const name = flat[i]!;
      entries[j] = name;
      // `Host` heads every request: its key is one shared string, not a new one each time.
      entries[j + 1] = name === 'Host' ? 'host' : name.toLowerCase();
      entries[j + 2] = flat[i + 1]!;
    }
    return Headers.fromTriples(entries);
  }

  /** @internal Builds from trusted (name, lower-cased key, value) triples, taken as they are. */
  static fromTriples(triples: string[]): Headers {
    const headers = new Headers();
    headers.#entries = triples;
    return headers;
  }

  /**
   * @internal `Host: host`, then `rest` as it is: what `fromRaw(['Host', host]).update(rest)`
   * gives, in one array of the exact size (`rest` unchecked: its entries were checked when added).
   */
  static hostThen(host: string, rest: Headers): Headers {
    if (rest.hasKey('host')) return Headers.fromRaw(['Host', host]).update(rest);
    const theirs = rest.#entries;
    const entries = new Array<string>(theirs.length + 3);
    entries[0] = 'Host';
    entries[1] = 'host';
    entries[2] = host;
    for (let i = 0; i < theirs.length; i++) entries[i + 3] = theirs[i]!;
    return Headers.fromTriples(entries);
  }

  /** The number of entries (a name given twice counts twice). */
  get size(): number {
    return this.#entries.length / 3;
  }

  /** Every value of `name` joined with `', '`, or `null` when absent. */
  get(name: string): string | null {
    return this.getKey(name.toLowerCase());
  }

  /** @internal {@link get} for a name already lower-cased (the library's own look-ups of fixed names). */
  getKey(key: string): string | null {
    const entries = this.#entries;
    let found: string | null = null;
    for (let i = 1; i < entries.length; i += 3) {
      if (entries[i] === key) found = found === null ? entries[i + 1]! : `${found}, ${entries[i + 1]}`;
    }
    return found;
  }

  /** Every value of `name`, in order; empty when absent. */
  getList(name: string): string[] {
    return this.getListKey(name.toLowerCase());
  }

  /** @internal {@link getList} for a name already lower-cased. */
  getListKey(key: string): string[] {
    const entries = this.#entries;
    const list: string[] = [];
    for (let i = 1; i < entries.length; i += 3) if (entries[i] === key) list.push(entries[i + 1]!);
    return list;
  }

  has(name: string): boolean {
    return this.#indexOf(name.toLowerCase(), 0) !== -1;
  }

  /** @internal {@link has} for a name already lower-cased. */
  hasKey(key: string): boolean {
    return this.#indexOf(key, 0) !== -1;
  }

  /** Replaces every value of `name` with `value`, keeping the position of the first. */
  set(given: string, value: string | number): this {
    const name = checkName(given);
    const key = name.toLowerCase();
    const text = checkValue(name, value);
    const at = this.#indexOf(key, 0);
    if (at === -1) return this.#push(name, key, text);
    this.#entries[at] = name;
    this.#entries[at + 2] = text;
    this.#remove(key, at + 3);
    return this;
  }

  /** Adds a value for `name`, keeping the ones it already has. */
  append(given: string, value: string | number): this {
    const name = checkName(given);
    return this.#push(name, name.toLowerCase(), checkValue(name, value));
  }

  delete(name: string): this {
    this.#remove(name.toLowerCase(), 0);
    return this;
  }

  /** Adds every entry of `init` (appending to names already present). */
  extend(init: HeadersInit): this {
    if (init instanceof Headers) {
      // concat makes an array of the exact size.
      this.#entries = this.#entries.concat(init.#entries);
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (value === undefined) continue;
        // An array gives several values; any other value (an object too) is one, as its string.
        if (Array.isArray(value)) for (const item of value) this.append(name, item);
        else this.append(name, value as string | number);
      }
    }
    return this;
  }

  /** For each name in `other`, replaces this map's values with `other`'s (the merge rule). */
  update(other: HeadersInit): this {
    if (other === this) return this;
    const incoming = other instanceof Headers ? other : new Headers(other);
    const theirs = incoming.#entries;
    for (let i = 1; i < theirs.length; i += 3) {
      const key = theirs[i]!;
      if (this.#indexOf(key, 0) !== -1) this.#remove(key, 0);
    }
    return this.extend(incoming);
  }

  copy(): Headers {
    return new Headers(this);
  }

  /** Entries as `[name, value]` with the casing they were given. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i += 3) yield [entries[i]!, entries[i + 2]!];
  }

  entries(): IterableIterator<[string, string]> {
    return this[Symbol.iterator]();
  }

  /** The distinct names, lower-cased, in first-seen order. */
  keys(): string[] {
    const keys = new Set<string>();
    for (let i = 1; i < this.#entries.length; i += 3) keys.add(this.#entries[i]!);
    return [...keys];
  }

  /** Flat `[name, value, name, value, …]` with raw casing: what goes on the wire. */
  raw(): string[] {
    const entries = this.#entries;
    const flat = new Array<string>((entries.length / 3) * 2);
    for (let i = 0, j = 0; i < entries.length; i += 3, j += 2) {
      flat[j] = entries[i]!;
      flat[j + 1] = entries[i + 2]!;
    }
    return flat;
  }

  /** @internal {@link raw} without the entries of `key` (lower-cased). */
  rawWithout(key: string): string[] {
    if (!this.hasKey(key)) return this.raw();
    const entries = this.#entries;
    const flat: string[] = [];
    for (let i = 0; i < entries.length; i += 3)
      if (entries[i + 1] !== key) flat.push(entries[i]!, entries[i + 2]!);
    return flat;
  }

  /** A plain object of lower-cased names to joined values. Credentials are NOT masked. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of this.keys()) out[key] = this.get(key)!;
    return out;
  }

  /** `Headers({"Accept": "*\/*", "Authorization": "[secure]"})`: credentials are masked. */
  toString(): string {
    const parts: string[] = [];
    const entries = this.#entries;
    for (let i = 0; i < entries.length; i += 3) {
      const value = MASKED.has(entries[i + 1]!) ? '[secure]' : entries[i + 2];
      parts.push(`${JSON.stringify(entries[i])}: ${JSON.stringify(value)}`);
    }
    return `Headers({${parts.join(', ')}})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** The index of the first triple with `key`, from triple index `from`, or -1. */
  #indexOf(key: string, from: number): number {
    const entries = this.#entries;
    for (let i = from + 1; i < entries.length; i += 3) if (entries[i] === key) return i - 1;
    return -1;
  }

  #push(name: string, key: string, value: string): this {
    this.#entries.push(name, key, value);
    return this;
  }

  /** Removes every triple with `key` from entry index `from` on. */
  #remove(key: string, from: number): void {
    const entries = this.#entries;
    for (let i = entries.length - 2; i >= from + 1; i -= 3) if (entries[i] === key) entries.splice(i - 1, 3);
  }
}
