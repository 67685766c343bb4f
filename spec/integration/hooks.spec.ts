import type { IncomingMessage, ServerResponse } from 'node:http';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { HttpStatusError } from '../../src/index.ts';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

/** `/a` redirects to `/b`; `/b` answers with the request's `X-Step` header; `/big` starts 1 MiB and stalls. */
function routes(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/a') res.writeHead(302, { Location: '/b' }).end();
  else if (req.url === '/big') {
    res.writeHead(500, { 'Content-Length': String(1 << 20) });
    res.write(Buffer.alloc(1024));
  } else res.end(String(req.headers['x-step']));
}

describe('event hooks against a real server', () => {
  it('run on every hop, and a request hook can change the request before it is sent', async () => {
    const h = await serve(routes);
    const statuses: number[] = [];
    let step = 0;
    const c = client({
      baseUrl: h.origin,
      followRedirects: true,
      eventHooks: {
        request: [(request) => void request.headers.set('X-Step', String(++step))],
        response: [(response) => void statuses.push(response.status)],
      },
    });
    const response = await lastValueFrom(c.get('/a'));
    expect(response.text).toBe('2');
    expect(statuses).toEqual([302, 200]);
    expect(h.requests.map((r) => r.headers['x-step'])).toEqual(['1', '2']);
  });

  it('wait for a hook that returns a Promise before the response goes on', async () => {
    const h = await serve(routes);
    const order: string[] = [];
    const c = client({
      baseUrl: h.origin,
      eventHooks: {
        response: [
          async () => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            order.push('hook');
          },
        ],
      },
    });
    await lastValueFrom(c.get('/b'));
    order.push('response');
    expect(order).toEqual(['hook', 'response']);
  });

  it('fail the request when a response hook throws, and close that response on the server', async () => {
    const h = await serve(routes);
    const c = client({
      baseUrl: h.origin,
      eventHooks: { response: [(response) => response.raiseForStatus()] },
    });
    await expect(lastValueFrom(c.get('/big'))).rejects.toBeInstanceOf(HttpStatusError);
    await h.abandoned;
    await h.settle(() => h.closedSockets === 1);
    expect(h.closedSockets).toBe(1);
    expect(String(c)).toBe('<Client [0 active, 0 idle]>');
  });
});
