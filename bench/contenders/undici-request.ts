import { Agent, request } from 'undici';
import type { Session } from './contender.ts';

/** undici's convenience API, the bar httprx must meet: `request(url)` then the body as an ArrayBuffer. */
export function open(origin: string, connections: number): Session {
  const dispatcher = new Agent({ connections });
  return {
    async request(path) {
      const { body } = await request(origin + path, { dispatcher });
      const bytes = await body.arrayBuffer();
      if (bytes.byteLength === 0) throw new Error(`empty body from ${path}`);
    },
    close: () => dispatcher.close(),
  };
}
