import { Agent, type Dispatcher } from 'undici';
import type { Session } from './contender.ts';

/**
 * undici's lowest level, the limit: `dispatch()` with a minimal handler (new handler API) that
 * keeps the body's chunks, wrapped in a Promise.
 */
export function open(origin: string, connections: number): Session {
  const agent = new Agent({ connections });
  return {
    request(path) {
      return new Promise<void>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const handler: Dispatcher.DispatchHandler = {
          onRequestStart() {},
          onResponseStart() {},
          onResponseData(_controller, chunk) {
            chunks.push(chunk);
            size += chunk.length;
          },
          onResponseEnd() {
            if (size === 0) reject(new Error(`empty body from ${path}`));
            else resolve();
          },
          onResponseError(_controller, error) {
            reject(error);
          },
        };
        agent.dispatch({ origin, path, method: 'GET' }, handler);
      });
    },
    close: () => agent.close(),
  };
}
