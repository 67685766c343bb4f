import type { Session } from './contender.ts';

/** Node's global `fetch` (the undici bundled in Node), then the body as an ArrayBuffer. */
export function open(origin: string): Session {
  return {
    async request(path) {
      const response = await fetch(origin + path);
      const bytes = await response.arrayBuffer();
      if (bytes.byteLength === 0) throw new Error(`empty body from ${path}`);
    },
    close: async () => {},
  };
}
