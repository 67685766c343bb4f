import { LocalProtocolError } from '../errors.ts';

/** Anything a `Headers` can be built from. */
export type HeadersInit =
  | Headers
  | Record<string, string | number | readonly string[] | undefined>
  | Iterable<readonly [string, string]>;

/** RFC 9110 token: the characters allowed in a header name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;
const MASKED = new Set(['authorization', 'proxy-authorization']);

function checkName(name: string): string {
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
  // Three parallel arrays: fewer allocations than an array of tuples on the hot path.
  #names: string[] = [];
  #keys: string[] = [];
  #values: string[] = [];

  constructor(init?: HeadersInit | null) {
    if (init) this.extend(init);
  }

  /** Builds from trusted, already-valid pairs (a transport's raw response headers). */
  static fromRaw(flat: ReadonlyArray<string>): Headers {
    const headers = new Headers();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const name = flat[i]!;
      headers.#names.push(name);
      headers.#keys.push(name.toLowerCase());
      headers.#values.push(flat[i + 1]!);
    }
    return headers;
  }

  /** The number of entries (a name given twice counts twice). */
  get size(): number {
    return this.#names.length;
  }

  /** Every value of `name` joined with `', '`, or `null` when absent. */
  get(name: string): string | null {
    const key = name.toLowerCase();
    let found: string | null = null;
    for (let i = 0; i < this.#keys.length; i++) {
      if (this.#keys[i] === key) found = found === null ? this.#values[i]! : `${found}, ${this.#values[i]}`;
    }
    return found;
  }

  /** Every value of `name`, in order; empty when absent. */
  getList(name: string): string[] {
    const key = name.toLowerCase();
    const list: string[] = [];
    for (let i = 0; i < this.#keys.length; i++) if (this.#keys[i] === key) list.push(this.#values[i]!);
    return list;
  }

  has(name: string): boolean {
    return this.#keys.includes(name.toLowerCase());
  }

  /** Replaces every value of `name` with `value`, keeping the position of the first. */
  set(name: string, value: string | number): this {
    const key = checkName(name).toLowerCase();
    const text = checkValue(name, value);
    const at = this.#keys.indexOf(key);
    if (at === -1) return this.#push(name, key, text);
    this.#names[at] = name;
    this.#values[at] = text;
    this.#remove(key, at + 1);
    return this;
  }

  /** Adds a value for `name`, keeping the ones it already has. */
  append(name: string, value: string | number): this {
    return this.#push(checkName(name), name.toLowerCase(), checkValue(name, value));
  }

  delete(name: string): this {
    this.#remove(name.toLowerCase(), 0);
    return this;
  }

  /** Adds every entry of `init` (appending to names already present). */
  extend(init: HeadersInit): this {
    if (init instanceof Headers) {
      // concat makes arrays of the exact size: a request's headers are copied on every request.
      this.#names = this.#names.concat(init.#names);
      this.#keys = this.#keys.concat(init.#keys);
      this.#values = this.#values.concat(init.#values);
    } else if (Symbol.iterator in init) {
      for (const [name, value] of init as Iterable<readonly [string, string]>) this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (value === undefined) continue;
        if (typeof value === 'object') for (const item of value) this.append(name, item);
        else this.append(name, value);
      }
    }
    return this;
  }

  /** For each name in `other`, replaces this map's values with `other`'s (the merge rule). */
  update(other: HeadersInit): this {
    if (other === this) return this;
    const incoming = other instanceof Headers ? other : new Headers(other);
    for (const key of incoming.#keys) if (this.#keys.includes(key)) this.#remove(key, 0);
    return this.extend(incoming);
  }

  copy(): Headers {
    return new Headers(this);
  }

  /** Entries as `[name, value]` with the casing they were given. */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (let i = 0; i < this.#names.length; i++) yield [this.#names[i]!, this.#values[i]!];
  }

  entries(): IterableIterator<[string, string]> {
    return this[Symbol.iterator]();
  }

  /** The distinct names, lower-cased, in first-seen order. */
  keys(): string[] {
    return [...new Set(this.#keys)];
  }

  /** Flat `[name, value, name, value, …]` with raw casing: what goes on the wire. */
  raw(): string[] {
    const flat = new Array<string>(this.#names.length * 2);
    for (let i = 0; i < this.#names.length; i++) {
      flat[2 * i] = this.#names[i]!;
      flat[2 * i + 1] = this.#values[i]!;
    }
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
    const parts = this.#names.map(
      (name, i) =>
        `${JSON.stringify(name)}: ${JSON.stringify(MASKED.has(this.#keys[i]!) ? '[secure]' : this.#values[i])}`,
    );
    return `Headers({${parts.join(', ')}})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #push(name: string, key: string, value: string): this {
    this.#names.push(name);
    this.#keys.push(key);
    this.#values.push(value);
    return this;
  }

  #remove(key: string, from: number): void {
    for (let i = this.#keys.length - 1; i >= from; i--) {
      if (this.#keys[i] === key) {
        this.#names.splice(i, 1);
        this.#keys.splice(i, 1);
        this.#values.splice(i, 1);
      }
    }
  }
}
