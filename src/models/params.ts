/** A value a query parameter accepts: `true`/`false` are sent as `true`/`false`, `null` as empty. */
export type QueryValue = string | number | boolean | null;

/** Anything `QueryParams` can be built from. */
export type QueryParamsInit =
  | QueryParams
  | URLSearchParams
  | string
  | Record<string, QueryValue | readonly QueryValue[] | undefined>
  | Iterable<readonly [string, QueryValue]>;

function text(value: QueryValue): string {
  return value === null ? '' : String(value);
}

/** Percent-encodes a query component; a space becomes `%20`, never `+`. */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value);
}

/** An ordered multi-map of query parameters. */
export class QueryParams implements Iterable<[string, string]> {
  readonly #pairs: [string, string][] = [];

  constructor(init?: QueryParamsInit | null) {
    if (init) this.extend(init);
  }

  get size(): number {
    return this.#pairs.length;
  }

  /** The first value of `name`, or `null`. */
  get(name: string): string | null {
    return this.#pairs.find(([key]) => key === name)?.[1] ?? null;
  }

  getList(name: string): string[] {
    return this.#pairs.filter(([key]) => key === name).map(([, value]) => value);
  }

  has(name: string): boolean {
    return this.#pairs.some(([key]) => key === name);
  }

  append(name: string, value: QueryValue): this {
    this.#pairs.push([name, text(value)]);
    return this;
  }

  set(name: string, value: QueryValue): this {
    this.delete(name);
    return this.append(name, value);
  }

  delete(name: string): this {
    for (let i = this.#pairs.length - 1; i >= 0; i--)
      if (this.#pairs[i]![0] === name) this.#pairs.splice(i, 1);
    return this;
  }

  extend(init: QueryParamsInit): this {
    if (typeof init === 'string') {
      for (const [name, value] of new URLSearchParams(init)) this.append(name, value);
    } else if (init instanceof QueryParams || init instanceof URLSearchParams || Symbol.iterator in init) {
      // A snapshot, so that extending a QueryParams with itself ends.
      for (const [name, value] of [...(init as Iterable<readonly [string, QueryValue]>)])
        this.append(name, value);
    } else {
      for (const [name, value] of Object.entries(init)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const item of value as QueryValue[]) this.append(name, item);
        else this.append(name, value as QueryValue);
      }
    }
    return this;
  }

  /** For each name in `other`, replaces this map's values with `other`'s (the merge rule). */
  update(other: QueryParamsInit): this {
    if (other === this) return this;
    const incoming = other instanceof QueryParams ? other : new QueryParams(other);
    for (const name of new Set(incoming.#pairs.map(([key]) => key))) this.delete(name);
    return this.extend(incoming);
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [name, value] of this.#pairs) yield [name, value];
  }

  /** `a=1&b=two%20words`. */
  toString(): string {
    return this.#pairs
      .map(([name, value]) => `${encodeQueryComponent(name)}=${encodeQueryComponent(value)}`)
      .join('&');
  }
}
