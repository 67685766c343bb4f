/**
 * The neutral AppTransport in Chromium: what `httprx/testing` gives a browser. A real Hono app
 * served in the page, through the browser's own fetch `Request`/`Response`, streams and
 * `DecompressionStream`; a Node listener is refused with a message saying why.
 */
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { firstValueFrom, lastValueFrom, map, toArray } from 'rxjs';
import { Client, type HttpEvent } from '../../src/browser.ts';
import { AppTransport } from '../../src/testing/index.ts';

const app = new Hono<{ Bindings: { remoteAddr: string } }>()
  .get('/users/:id', (c) => c.json({ id: c.req.param('id'), url: c.req.url, from: c.env.remoteAddr }))
  .post('/length', async (c) => c.text(String((await c.req.arrayBuffer()).byteLength)))
  .get('/drip', (c) =>
    stream(c, async (out) => {
      await out.write('one ');
      await out.sleep(20);
      await out.write('two');
    }),
  )
  .get('/gzip', async () => {
    const body = new Blob(['squeezed ']).stream().pipeThrough(new CompressionStream('gzip'));
    return new Response(body, { headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' } });
  });

const clientOf = (options: ConstructorParameters<typeof AppTransport>[1] = {}) =>
  new Client({ baseUrl: 'http://app.test', transport: new AppTransport(app, options), retry: 0 });

describe('AppTransport in the browser', () => {
  it('calls a Hono app in the page, mounted under rootPath, with remoteAddr in c.env', async () => {
    const client = clientOf({ rootPath: '/api', remoteAddr: '10.1.2.3' });
    const user = await firstValueFrom(client.get('/api/users/5?x=1').pipe(map((r) => r.json())));
    expect(user).toEqual({ id: '5', url: 'http://app.test/users/5?x=1', from: '10.1.2.3' });
    const outside = await firstValueFrom(client.get('/other'));
    expect(outside.status).toBe(404);
    await client.close();
  });

  it('sends a body to the app and streams the answer back as the app writes it', async () => {
    const client = clientOf();
    const length = await firstValueFrom(client.post('/length', { content: new Uint8Array(100_000) }));
    expect(length.text).toBe('100000');
    const chunks = await lastValueFrom(
      client.events('GET', '/drip').pipe(
        map((event: HttpEvent) => (event.type === 'chunk' ? new TextDecoder().decode(event.data) : null)),
        toArray(),
      ),
    );
    expect(chunks.filter((chunk) => chunk !== null)).toEqual(['one ', 'two']);
    await client.close();
  });

  it('decodes a gzip body with the browser’s DecompressionStream', async () => {
    const client = clientOf();
    const response = await firstValueFrom(client.get('/gzip'));
    expect(response.text).toBe('squeezed ');
    await client.close();
  });

  it('refuses a Node (req, res) listener, saying it needs Node', () => {
    expect(() => new AppTransport((_req: never, _res: never) => undefined)).toThrowError(
      TypeError,
      /a Node \(req, res\) listener: running one needs Node/,
    );
  });
});
