import { describe } from './describe.ts';

/**
 * Names other HTTP libraries (fetch, axios, got, ky, node-fetch, requests, undici) use for an
 * option, and the httprx names each most likely means, best first. Keys are compared without
 * case, `-` or `_`. A suggestion is made only when the target is an option of the same bag.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  body: ['content', 'json', 'data'],
  payload: ['content', 'json'],
  baseurl: ['baseUrl'],
  prefixurl: ['baseUrl'],
  prefix: ['baseUrl'],
  base: ['baseUrl'],
  searchparams: ['params'],
  query: ['params'],
  qs: ['params'],
  querystring: ['params'],
  form: ['data'],
  formdata: ['data', 'files'],
  multipart: ['files'],
  file: ['files'],
  timeoutms: ['timeout'],
  timeouts: ['timeout'],
  maxredirections: ['maxRedirects'],
  maxredirect: ['maxRedirects'],
  follow: ['followRedirects', 'maxRedirects'],
  redirect: ['followRedirects'],
  redirects: ['followRedirects'],
  followredirect: ['followRedirects'],
  allowredirects: ['followRedirects'],
  hooks: ['eventHooks'],
  interceptors: ['middleware', 'eventHooks'],
  retries: ['retry', 'limit'],
  maxretries: ['retry', 'limit'],
  attempts: ['limit'],
  agent: ['transport'],
  dispatcher: ['transport'],
  adapter: ['transport'],
  httpsagent: ['transport'],
  ca: ['verify'],
  rejectunauthorized: ['verify'],
  https: ['verify'],
  tls: ['verify'],
  cookiejar: ['cookies'],
  jar: ['cookies'],
  proxies: ['proxy'],
  cookie: ['cookies'],
  credentials: ['auth'],
  authorization: ['auth'],
  header: ['headers'],
  encoding: ['defaultEncoding'],
  charset: ['defaultEncoding'],
  responseencoding: ['defaultEncoding'],
  // Timeout phases under other names (got's, undici's).
  lookup: ['connect'],
  secureconnect: ['connect'],
  connection: ['connect'],
  connecttimeout: ['connect'],
  socket: ['read'],
  response: ['read'],
  headerstimeout: ['read'],
  bodytimeout: ['read'],
  send: ['write'],
  upload: ['write'],
  request: ['total'],
  deadline: ['total'],
  overall: ['total'],
  // Pool limits.
  maxsockets: ['maxConnections'],
  connections: ['maxConnections'],
  poolsize: ['maxConnections'],
  maxfreesockets: ['maxKeepaliveConnections'],
  keepalivetimeout: ['keepaliveExpiry'],
  keepalivemsecs: ['keepaliveExpiry'],
  // Retry settings.
  statuses: ['statusCodes'],
  statuscode: ['statusCodes'],
  retryon: ['statusCodes'],
  delay: ['backoff'],
  retrydelay: ['backoff'],
  maxretryafter: ['maxDelay'],
};

/** Names that have no option here, and what to do instead. */
const HINTS: Readonly<Record<string, string>> = {
  signal: 'an httprx request is cancelled by unsubscribing from its Observable, no AbortSignal is needed',
  method:
    'the method is an argument: client.request(method, url, options), or a verb such as client.post(url, options)',
  url: 'the URL is an argument: client.get(url, options)',
};

/** Options of another bag, named when one of them is given to this one. */
export interface RelatedOptions {
  readonly names: ReadonlySet<string>;
  /** Where they belong, e.g. `'a request option: client.get(url, { … })'`. */
  readonly where: string;
}

/**
 * Throws a `TypeError` naming the first own property of `options` that `allowed` does not list,
 * the value it got, and the option the user most likely meant: an alias from another library
 * (`body` → `content`), a near spelling (`hedaers` → `headers`), an option of a related bag, or
 * else the list of what is accepted. Inherited properties are not options and are not looked at.
 */
export function checkOptionNames(
  kind: string,
  options: object,
  allowed: ReadonlySet<string>,
  related?: RelatedOptions,
): void {
  for (const name of Object.keys(options)) {
    if (allowed.has(name)) continue;
    const value = (options as Record<string, unknown>)[name];
    throw new TypeError(
      `Unknown ${kind} option ${JSON.stringify(name)} (got ${describe(value)}): ${advice(kind, name, allowed, related)}`,
    );
  }
}

function advice(kind: string, name: string, allowed: ReadonlySet<string>, related?: RelatedOptions): string {
  const meant = suggestion(name, allowed);
  if (meant !== undefined) return `did you mean ${JSON.stringify(meant)}?`;
  if (related !== undefined) {
    if (related.names.has(name)) return `${JSON.stringify(name)} is ${related.where}`;
    const there = suggestion(name, related.names);
    if (there !== undefined) return `did you mean ${JSON.stringify(there)}? It is ${related.where}`;
  }
  const hint = HINTS[fold(name)];
  if (hint !== undefined) return hint;
  return `the ${kind} options are ${[...allowed].join(', ')}`;
}

/** The allowed name `name` most likely means, if any. */
export function suggestion(name: string, allowed: ReadonlySet<string>): string | undefined {
  const folded = fold(name);
  const alias = ALIASES[folded]?.find((candidate) => allowed.has(candidate));
  if (alias !== undefined) return alias;
  // A near spelling: case, `-`/`_`, and up to one edit per four letters (at most two) apart.
  const most = Math.min(2, Math.max(1, Math.floor(folded.length / 4)));
  let best: string | undefined;
  let bestDistance = most + 1;
  for (const candidate of allowed) {
    const distance = editDistance(folded, fold(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Lower case, without `-` and `_`: `base_URL` and `baseUrl` fold alike. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
 * two neighbours, one edit each (`conect` → `connect` is 1, `hedaers` → `headers` is 1).
 */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}
