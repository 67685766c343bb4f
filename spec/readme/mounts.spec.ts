import { Client, MockTransport, Response } from 'httprx';
import { firstValueFrom } from 'rxjs';
import { expect, it } from 'vitest';

it('sends each URL over the transport mounted for it', async () => {
  const staging = new MockTransport(() => new Response(200, { text: 'staging' }));
  const client = new Client({
    mounts: {
      'https://api.staging.test': staging, // this origin, any port
      'all://*.local.test': null, // the client's own transport: direct, no proxy
    },
  });
  const answer = await firstValueFrom(client.get('https://api.staging.test/status'));
  expect(answer.text).toBe('staging');
  await client.close();
});
