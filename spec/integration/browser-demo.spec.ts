/**
 * `npm run demo:browser`'s progress page in real headless Chromium (Debian's, driven by
 * puppeteer-core): both bars reach 100%, Cancel stops a download (the server sees its socket
 * close), a gzip body's bar shows bytes rather than a fraction, and a screenshot is kept
 * under .tmp/ for a look.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, launch, type Page } from 'puppeteer-core';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPageServer } from '../../demos/browser/page-server.ts';
import type { DemoServer } from '../../demos/server.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const OUTPUT = join(ROOT, '.tmp');

let server: DemoServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startPageServer();
  browser = await launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS] });
  page = await browser.newPage();
  await page.setViewport({ width: 640, height: 360 });
  await page.goto(`${server.url}/`, { waitUntil: 'load' });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (id: string) => page.$eval(`#${id}`, (element) => element.textContent ?? '');
const bar = (id: string) =>
  page.$eval(`#${id}`, (element) =>
    (element as HTMLProgressElement).hasAttribute('value') ? (element as HTMLProgressElement).value : null,
  );
const waitForStatus = (status: string) =>
  page.waitForFunction(
    (want) => document.getElementById('status')?.textContent === want,
    { timeout: 15_000 },
    status,
  );

describe('the browser progress page', () => {
  it('moves the upload bar to 100% as the server reads the body', async () => {
    await page.click('#upload');
    await waitForStatus('upload done');
    expect(await bar('upload-bar')).toBe(1);
    expect(await text('upload-text')).toBe('100% of 8.0 MiB');
    expect(await text('log')).toContain('upload: upload');
    expect(await text('log')).toContain('upload: response 200');
  });

  it('moves the download bar to 100%', async () => {
    await page.click('#download');
    await waitForStatus('download done');
    expect(await bar('download-bar')).toBe(1);
    expect(await text('download-text')).toBe('100% of 8.0 MiB');
  });

  it('stops a download on Cancel, and the server sees the connection end', async () => {
    const cut = firstValueFrom(server.cutOff);
    await page.click('#download');
    await page.waitForFunction(
      () => (document.getElementById('download-bar') as HTMLProgressElement).value > 0.1,
      {
        timeout: 15_000,
      },
    );
    await page.click('#cancel');
    await waitForStatus('cancelled');
    const seen = await cut;
    expect(seen.path).toBe('/movie.bin');
    expect(seen.sent).toBeLessThan(seen.size);
    expect(await bar('download-bar')).toBeLessThan(1);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'browser-demo.png') });
  });

  it('shows bytes, not a fraction, for a gzip body whose total the browser does not give', async () => {
    await page.click('#download-gzip');
    await waitForStatus('gzip download done');
    expect(await bar('download-bar')).toBeNull();
    expect(await text('download-text')).toBe('24.00 MiB');
  });
});

describe('npm run demo:browser', () => {
  it('serves the page and its script', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'demos/browser/main.ts')], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
          if (found) resolve(found[1]!);
        });
        child.once('exit', (code) => reject(new Error(`demo:browser exited with ${code}: ${out}`)));
      });
      const html = await (await fetch(`${url}/`)).text();
      expect(html).toContain('<progress id="upload-bar"');
      const script = await fetch(`${url}/app.js`);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(await script.text()).toContain('XMLHttpRequest');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
