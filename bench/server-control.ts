/**
 * Talks to the benchmark server's control routes on a connection of its own (`agent: false`),
 * so a measurement's pool never carries them.
 */
import { get } from 'node:http';
import type { ServerStats } from './server.ts';

export function control(origin: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`${origin}${path}`, { agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve(text));
      response.on('error', reject);
    }).on('error', reject);
  });
}

export async function serverStats(origin: string): Promise<ServerStats> {
  return JSON.parse(await control(origin, '/_stats')) as ServerStats;
}

/** Polls `/_stats` every `everyMs` until `done` holds, or fails after `timeoutMs`. */
export async function waitForServer(
  origin: string,
  done: (stats: ServerStats) => boolean,
  timeoutMs = 30_000,
  everyMs = 1,
): Promise<ServerStats> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const stats = await serverStats(origin);
    if (done(stats)) return stats;
    if (performance.now() > deadline) throw new Error(`The server never got there: ${JSON.stringify(stats)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
