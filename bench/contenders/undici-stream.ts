import { Writable } from 'node:stream';
import { Agent } from 'undici';
import type { Session } from './contender.ts';

/** undici's `stream()`: the body goes into a Writable from a factory, here one that counts and drops. */
export function open(origin: string, connections: number): Session {
  const agent = new Agent({ connections });
  return {
    async request(path) {
      let size = 0;
      await agent.stream({ origin, path, method: 'GET' }, () => {
        return new Writable({
          write(chunk: Buffer, _encoding, callback) {
            size += chunk.length;
            callback();
          },
        });
      });
      if (size === 0) throw new Error(`empty body from ${path}`);
    },
    close: () => agent.close(),
  };
}
