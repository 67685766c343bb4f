/** Where the browser specs' API server is (karma.conf.js passes it), and what it saw. */
declare const __karma__: { config: { args: string[] } };

export const API_ORIGIN: string = __karma__.config.args[0]!;

/** An absolute URL on the API server. */
export function api(path: string): string {
  return `${API_ORIGIN}${path}`;
}

/** A key unique to one test, so the server's record of it is that test's alone. */
let counter = 0;
export function uniqueKey(): string {
  counter += 1;
  return `k${Date.now().toString(36)}${counter}`;
}

export interface Seen {
  requests: number;
  aborted: number;
  bodyBytes: number;
  pauses: number;
}

/** What the server saw of the requests sent with `key`. */
export async function seen(key: string): Promise<Seen> {
  const response = await fetch(api(`/seen?of=${key}`));
  return (await response.json()) as Seen;
}

/** Polls `seen(key)` until `test` holds, for at most `ms` (the server learns of an abort a little later). */
export async function seenWhen(key: string, test: (seen: Seen) => boolean, ms = 3000): Promise<Seen> {
  const until = Date.now() + ms;
  for (;;) {
    const now = await seen(key);
    if (test(now) || Date.now() > until) return now;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
