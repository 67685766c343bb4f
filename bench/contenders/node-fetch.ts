import { Agent } from 'node:http';
import fetch from 'node-fetch';
import type { Session } from './contender.ts';

/** node-fetch 3 (over `node:http`), the body as an ArrayBuffer. */
export function open(origin: string, connections: number): Session {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  return {
    async request(path) {
      const response = await fetch(origin + path, { agent });
      const bytes = await response.arrayBuffer();
      if (bytes.byteLength === 0) throw new Error(`empty body from ${path}`);
    },
    close: async () => agent.destroy(),
  };
}
