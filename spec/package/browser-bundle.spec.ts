/**
 * The browser entry as a browser app's bundler sees it: esbuild bundles src/browser.ts for the
 * browser (minified, rxjs left to the app), and nothing from node:*, undici or tough-cookie may
 * be in it. Prints the size, minified and gzipped, which DESIGN §5 bounds.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/run.ts';

/** DESIGN §5's bar: minified + gzip, rxjs external. */
const BAR = 25 * 1024;
/**
 * The ceiling enforced until the bar is met: today's size and no more, so the bundle only
 * shrinks. Lower it with every cut; at 25 KB it becomes the bar. Raised from 28.2 KB by what
 * issue 13's neutral guards cost: 0.6 KB for the request and credential guards (their error
 * messages, the `allowAbsoluteUrls` pin, `sensitiveHeaders`) and 0.35 KB for `maxResponseSize`
 * (ResponseTooLarge, its option check and the limit in ResponseBody, which holds it for every
 * transport).
 */
const CEILING = 29.2 * 1024;

const FORBIDDEN = /^(node:|undici|tough-cookie|mime)|(^|\/)node_modules\/(undici|tough-cookie|mime)\//;

interface Bundle {
  code: Uint8Array;
  /** Every file that went in, and every import left out of it. */
  inputs: string[];
  externals: string[];
}

/** `entry` a file under the root, or `{ contents }`: an app's module importing from there. */
async function bundle(entry: string | { contents: string }): Promise<Bundle> {
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [join(ROOT, entry)] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['rxjs', 'rxjs/*'],
    // A Node builtin or package left unresolved shows as an external import, not a failure.
    plugins: [
      {
        name: 'note-node-imports',
        setup(on) {
          on.onResolve({ filter: /^(node:|undici|tough-cookie)/ }, (args) => ({
            path: args.path,
            external: true,
          }));
        },
      },
    ],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const metafile: Metafile = result.metafile;
  const output = Object.values(metafile.outputs)[0]!;
  return {
    code: result.outputFiles[0]!.contents,
    inputs: Object.keys(metafile.inputs),
    externals: output.imports.filter((each) => each.external).map((each) => each.path),
  };
}

const forbidden = (found: Bundle) =>
  [...found.inputs, ...found.externals].filter((name) => FORBIDDEN.test(name)).sort();

const gzipped = (code: Uint8Array) => gzipSync(code, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('the browser bundle', () => {
  it('holds nothing from node:*, undici, tough-cookie or mime, and imports only rxjs', async () => {
    const browser = await bundle('src/browser.ts');
    expect(forbidden(browser)).toEqual([]);
    expect([...new Set(browser.externals)].sort()).toEqual(['rxjs']);
    expect(browser.inputs).toEqual(expect.arrayContaining(['src/browser/xhr-transport.ts', 'src/client.ts']));
  });

  it('lets httprx/testing’s browser build (src/testing/index.ts) hold nothing from Node either', async () => {
    const testing = await bundle('src/testing/index.ts');
    expect(forbidden(testing)).toEqual([]);
    expect([...new Set(testing.externals)].sort()).toEqual(['rxjs']);
    expect(testing.inputs).toEqual(expect.arrayContaining(['src/testing/marble-transport.ts']));
  });

  it('would catch a Node import: the Node entry bundled the same way shows them', async () => {
    const node = await bundle('src/index.ts');
    expect(forbidden(node)).toEqual(expect.arrayContaining(['node:buffer', 'tough-cookie', 'undici']));
  });

  it(`holds every public name under ${CEILING / 1024} KB minified and gzipped (rxjs external), on its way to ${BAR / 1024} KB`, async () => {
    const { code } = await bundle('src/browser.ts');
    const size = gzipped(code);
    console.log(
      `browser entry, every name: ${kb(code.length)} minified, ${kb(size)} gzipped (DESIGN §5: under ${BAR / 1024} KB${size < BAR ? ', met' : ', not met yet'})`,
    );
    expect(size).toBeLessThan(CEILING);
  });

  it(`costs an app that sends with the Client under ${BAR / 1024} KB`, async () => {
    // What a bundler keeps of httprx for an app that makes a Client and sends: the pipeline,
    // the middleware, the XHR transport; not Digest, fetch, the mock or the content objects.
    const app = await bundle({
      contents:
        "import { Client } from './src/browser.ts';\nnew Client({ retry: 2 }).get('/api/users').subscribe();\n",
    });
    expect(forbidden(app)).toEqual([]);
    const size = gzipped(app.code);
    console.log(`an app with a Client: ${kb(app.code.length)} minified, ${kb(size)} gzipped`);
    expect(size).toBeLessThan(BAR);
  });
});
