import type { Contender } from './contender.ts';

const AGENT = '`new undici.Agent({ connections: {N} })`';
const HTTPRX =
  '`new Client({ limits: { maxConnections: {N}, maxKeepaliveConnections: {N} } })`, defaults otherwise';
const HTTP_AGENT = '`new http.Agent({ keepAlive: true, maxSockets: {N} })`';
const GLOBAL = "Node's global dispatcher (the undici bundled in Node; keep-alive, no socket cap)";

/** Every contender, in the order the tables list them. */
export const contenders: readonly Contender[] = [
  { name: 'httprx get', pool: HTTPRX, load: async () => (await import('./httprx-get.ts')).load() },
  { name: 'httprx events', pool: HTTPRX, load: async () => (await import('./httprx-events.ts')).load() },
  { name: 'undici.request', pool: AGENT, load: async () => (await import('./undici-request.ts')).open },
  { name: 'undici.dispatch', pool: AGENT, load: async () => (await import('./undici-dispatch.ts')).open },
  { name: 'undici.stream', pool: AGENT, load: async () => (await import('./undici-stream.ts')).open },
  { name: 'fetch', pool: GLOBAL, load: async () => (await import('./fetch.ts')).open },
  {
    name: 'axios',
    pool: `${HTTP_AGENT} (http adapter)`,
    load: async () => (await import('./axios.ts')).open,
  },
  { name: 'got', pool: `${HTTP_AGENT}; retries off`, load: async () => (await import('./got.ts')).open },
  { name: 'node-fetch', pool: HTTP_AGENT, load: async () => (await import('./node-fetch.ts')).open },
  {
    name: 'ky',
    pool: `${GLOBAL}, via global \`fetch\`; retries off`,
    load: async () => (await import('./ky.ts')).open,
  },
];

/** The baseline every ratio is taken against. */
export const BASELINE = 'undici.request';

export function contenderNamed(name: string): Contender {
  const found = contenders.find((contender) => contender.name === name);
  if (!found) throw new Error(`No contender named "${name}": ${contenders.map((c) => c.name).join(', ')}`);
  return found;
}
