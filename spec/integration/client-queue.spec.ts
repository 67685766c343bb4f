import type { ServerResponse } from 'node:http';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { trackedPerTest } from './support/tracked.ts';

const { serve, client } = trackedPerTest();

describe("the client's queue above the pipeline (limits.maxConnections)", () => {
  it('lets at most maxConnections requests reach the server at once, and sends every other in turn', async () => {
    let open = 0;
    let most = 0;
    const h = await serve((req, res) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        res.end(req.url);
      }, 5);
    });
    const c = client({ limits: { maxConnections: 2 } });
    const paths = Array.from({ length: 12 }, (_, i) => `/item/${i}`);
    const texts = await Promise.all(paths.map((path) => lastValueFrom(c.get(new URL(path, h.url)))));
    expect(texts.map((response) => response.text)).toEqual(paths);
    expect(most).toBe(2);
    expect(h.requests).toHaveLength(12);
  });

  it('never sends a request cancelled while it waited, and gives its turn to the next', async () => {
    const held: ServerResponse[] = [];
    const h = await serve((req, res) => {
      if (req.url === '/hold') held.push(res);
      else res.end(req.url);
    });
    const c = client({ limits: { maxConnections: 1 } });
    const first = lastValueFrom(c.get(new URL('/hold', h.url)));
    await h.settle(() => held.length === 1);
    const cancelled = c.get(new URL('/cancelled', h.url)).subscribe();
    const third = firstValueFrom(c.get(new URL('/third', h.url)));
    cancelled.unsubscribe();
    held[0]!.end('held');
    expect((await first).text).toBe('held');
    expect((await third).text).toBe('/third');
    expect(h.requests.map((request) => request.url)).toEqual(['/hold', '/third']);
  });
});
