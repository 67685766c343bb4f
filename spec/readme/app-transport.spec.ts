import express from 'express';
import { Hono } from 'hono';
import { Client } from 'httprx';
import { AppTransport } from 'httprx/testing';
import { firstValueFrom, map } from 'rxjs';
import { expect, it } from 'vitest';

it('calls an Express app in-process, mounted under /api', async () => {
  const app = express();
  app.get('/users/:id', (req, res) => {
    res.json({ id: Number(req.params.id), url: req.url, from: req.ip });
  });
  const transport = new AppTransport(app, { rootPath: '/api', remoteAddr: '10.0.0.7' });
  const client = new Client({ baseUrl: 'http://app.test', transport });

  const user = await firstValueFrom(client.get('/api/users/7?full=1').pipe(map((r) => r.json())));
  expect(user).toEqual({ id: 7, url: '/users/7?full=1', from: '10.0.0.7' });
});

it('calls a Hono app, which finds remoteAddr in c.env', async () => {
  const app = new Hono<{ Bindings: { remoteAddr: string } }>();
  app.post('/echo', async (c) => c.json({ got: await c.req.json(), from: c.env.remoteAddr }));
  const client = new Client({ baseUrl: 'http://app.test', transport: new AppTransport(app) });

  const echo = await firstValueFrom(client.post('/echo', { json: { hi: 1 } }).pipe(map((r) => r.json())));
  expect(echo).toEqual({ got: { hi: 1 }, from: '127.0.0.1' });
});
