import { importHttprx } from '../httprx-source.ts';

/** The httprx client every httprx contender uses: defaults, apart from the pool's size. */
export async function httprxClientMaker() {
  const { Client } = await importHttprx();
  return (origin: string, connections: number) =>
    new Client({
      baseUrl: origin,
      limits: { maxConnections: connections, maxKeepaliveConnections: connections },
    });
}
