import { Client } from 'httprx';
import { TestingController } from 'httprx/testing';
import { firstValueFrom } from 'rxjs';
import { afterEach, expect, it } from 'vitest';

const controller = new TestingController();
const client = new Client({
  baseUrl: 'https://api.test',
  transport: controller.transport,
  followRedirects: true,
});

afterEach(() => controller.verify());

it('follows a redirect the test answers', async () => {
  const page = firstValueFrom(client.get('/old-page'));
  controller.expectOne('/old-page').flush(null, { status: 301, headers: { Location: '/new-page' } });
  const moved = controller.expectOne({ method: 'GET', url: 'https://api.test/new-page' });
  moved.flush('<h1>Moved</h1>', { headers: { 'Content-Type': 'text/html' } });

  const response = await page;
  expect([response.url.pathname, response.text, response.history.length]).toEqual([
    '/new-page',
    '<h1>Moved</h1>',
    1,
  ]);
});
