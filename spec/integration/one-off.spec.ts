import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as httprx from '../../src/index.ts';
import { type ResponseEvent, ResponseNotRead } from '../../src/index.ts';
import { type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';

let server: TestServer & { readonly requests: SeenRequest[] };

beforeEach(async () => {
  // The server would keep an idle keep-alive socket open for seconds: only the client closing it
  // closes it sooner.
  server = await startRecordingServer((seen, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`${seen.method} ${seen.url} ${seen.body.toString('utf8')}`);
  });
  server.server.keepAliveTimeout = 60_000;
});
afterEach(async () => {
  await server.close();
});

/** Waits for every socket the server accepted to close, then says whether they all did. */
async function allSocketsClosed(): Promise<boolean> {
  await server.settle(() => server.connections > 0 && server.closedSockets === server.connections);
  return server.connections > 0 && server.closedSockets === server.connections;
}

describe('top-level functions', () => {
  it('get() sends the request and closes its connection afterwards', async () => {
    const response = await firstValueFrom(
      httprx.get(`${server.url}hello?x=1`, { headers: { 'X-One': 'off' } }),
    );
    expect(response.status).toBe(200);
    expect(response.text).toBe('GET /hello?x=1 ');
    expect(server.requests[0]?.headers['x-one']).toBe('off');
    expect(await allSocketsClosed()).toBe(true);
    expect(server.connections).toBe(1);
  });

  it('post() sends its body and closes its connection afterwards', async () => {
    const response = await firstValueFrom(httprx.post(server.url, { json: { a: 1 } }));
    expect(response.text).toBe('POST / {"a":1}');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    expect(await allSocketsClosed()).toBe(true);
  });

  it('stream() gives chunks, leaves the response unread and closes its connection afterwards', async () => {
    const events = await lastValueFrom(
      httprx.stream('PUT', server.url, { content: 'streamed' }).pipe(toArray()),
    );
    const text = Buffer.concat(
      events.flatMap((event) => (event.type === 'chunk' ? [event.data] : [])),
    ).toString();
    expect(text).toBe('PUT / streamed');
    const last = events.at(-1) as ResponseEvent;
    expect(last.type).toBe('response');
    expect(() => last.response.content).toThrow(ResponseNotRead);
    expect(await allSocketsClosed()).toBe(true);
  });

  it('request(), head(), options(), put(), patch() and delete() each use and close their own client', async () => {
    const calls = [
      httprx.request('GET', server.url),
      httprx.head(server.url),
      httprx.options(server.url),
      httprx.put(server.url, { content: 'p' }),
      httprx.patch(server.url, { content: 'q' }),
      httprx.delete(server.url),
    ];
    for (const call of calls) expect((await firstValueFrom(call)).status).toBe(200);
    expect(server.requests.map((seen) => seen.method)).toEqual([
      'GET',
      'HEAD',
      'OPTIONS',
      'PUT',
      'PATCH',
      'DELETE',
    ]);
    expect(await allSocketsClosed()).toBe(true);
    expect(server.connections).toBe(6);
  });

  it('sends anew, on a new client, for each subscription', async () => {
    const response$ = httprx.get(server.url);
    expect(server.requests).toHaveLength(0);
    await firstValueFrom(response$);
    await firstValueFrom(response$);
    expect(server.requests).toHaveLength(2);
    expect(await allSocketsClosed()).toBe(true);
    expect(server.connections).toBe(2);
  });

  it('delivers errors through the Observable', async () => {
    await expect(firstValueFrom(httprx.get('ftp://127.0.0.1/x'))).rejects.toBeInstanceOf(
      httprx.UnsupportedProtocol,
    );
    await expect(firstValueFrom(httprx.get(server.url, { bogus: 1 } as never))).rejects.toThrow(TypeError);
  });
});
