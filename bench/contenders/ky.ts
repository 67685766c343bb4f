import ky from 'ky';
import type { Session } from './contender.ts';

/** ky over Node's global `fetch`, the body as an ArrayBuffer; its retries are off. */
export function open(origin: string): Session {
  const client = ky.create({ baseUrl: origin, retry: 0 });
  return {
    async request(path) {
      const bytes = await client.get(path).arrayBuffer();
      if (bytes.byteLength === 0) throw new Error(`empty body from ${path}`);
    },
    close: async () => {},
  };
}
