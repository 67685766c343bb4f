import { lastValueFrom } from 'rxjs';
import type { Open } from './contender.ts';
import { httprxClientMaker } from './httprx-client.ts';

/** httprx's everyday call: `get()` emits one `Response` with the body read. */
export async function load(): Promise<Open> {
  const makeClient = await httprxClientMaker();
  return (origin, connections) => {
    const client = makeClient(origin, connections);
    return {
      async request(path) {
        const response = await lastValueFrom(client.get(path));
        if (response.content.length === 0) throw new Error(`empty body from ${path}`);
      },
      close: () => client.close(),
    };
  };
}
