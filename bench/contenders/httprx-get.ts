import { lastValueFrom } from 'rxjs';
import { importHttprx } from '../httprx-source.ts';
import type { Open } from './contender.ts';

/** httprx's everyday call: `get()` emits one `Response` with the body read. */
export async function load(): Promise<Open> {
  const { Client } = await importHttprx();
  return (origin, connections) => {
    const client = new Client({
      baseUrl: origin,
      limits: { maxConnections: connections, maxKeepaliveConnections: connections },
    });
    return {
      async request(path) {
        const response = await lastValueFrom(client.get(path));
        if (response.content.length === 0) throw new Error(`empty body from ${path}`);
      },
      close: () => client.close(),
    };
  };
}
