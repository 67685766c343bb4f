import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type DemoServer, startServer } from '../server.ts';

/** The demo server with the progress page and its script (bundled once, at start) added. */
export async function startPageServer(options: { port?: number } = {}): Promise<DemoServer> {
  const here = import.meta.dirname;
  const page = readFileSync(join(here, 'page.html'));
  const bundled = await build({
    entryPoints: [join(here, 'app.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    // The package's `sideEffects` list is about its build; the page's script is its own.
    ignoreAnnotations: true,
    write: false,
    logLevel: 'error',
  });
  const script = bundled.outputFiles[0]!.contents;
  return startServer({
    ...options,
    extra: (req, res) => {
      if (req.method !== 'GET') return false;
      if (req.url === '/' || req.url === '/index.html') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
        return true;
      }
      if (req.url === '/app.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(script);
        return true;
      }
      return false;
    },
  });
}
