import { Agent } from 'node:http';
import got from 'got';
import type { Session } from './contender.ts';

/** got, the body as a buffer; its retries are off so it sends each request once, like the others. */
export function open(origin: string, connections: number): Session {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const client = got.extend({ agent: { http: agent }, retry: { limit: 0 } });
  return {
    async request(path) {
      const body = await client.get(origin + path).buffer();
      if (body.length === 0) throw new Error(`empty body from ${path}`);
    },
    close: async () => agent.destroy(),
  };
}
