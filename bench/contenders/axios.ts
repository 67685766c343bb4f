import { Agent } from 'node:http';
import axios from 'axios';
import type { Session } from './contender.ts';

/** axios with its Node `http` adapter, the body as an ArrayBuffer. */
export function open(origin: string, connections: number): Session {
  const httpAgent = new Agent({ keepAlive: true, maxSockets: connections });
  const client = axios.create({ baseURL: origin, httpAgent, responseType: 'arraybuffer' });
  return {
    async request(path) {
      const response = await client.get<ArrayBuffer>(path);
      if (response.data.byteLength === 0) throw new Error(`empty body from ${path}`);
    },
    close: async () => httpAgent.destroy(),
  };
}
