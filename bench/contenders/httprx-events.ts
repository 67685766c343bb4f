import { lastValueFrom } from 'rxjs';
import type { Open } from './contender.ts';
import { httprxClientMaker } from './httprx-client.ts';

/** httprx's event stream: every event of the request, the last one holding the read response. */
export async function load(): Promise<Open> {
  const makeClient = await httprxClientMaker();
  return (origin, connections) => {
    const client = makeClient(origin, connections);
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
