import { lastValueFrom } from 'rxjs';
import { importHttprx } from '../httprx-source.ts';
import type { Open } from './contender.ts';

/** httprx's event stream: every event of the request, the last one holding the read response. */
export async function load(): Promise<Open> {
  const { Client } = await importHttprx();
  return (origin, connections) => {
    const client = new Client({
      baseUrl: origin,
      limits: { maxConnections: connections, maxKeepaliveConnections: connections },
    });
    return {
      async request(path) {
        const last = await lastValueFrom(client.events('GET', path));
        if (last.type !== 'response' || last.response.content.length === 0) {
          throw new Error(`no response with a body from ${path}`);
        }
      },
      close: () => client.close(),
    };
  };
}
