/**
 * The packed tarball as an app installs it: `npm pack` (prepack builds dist), then a strict
 * TypeScript project outside this one installs it next to rxjs 7.8.1 and Angular, type-checks
 * against its declarations (skipLibCheck off) as a Node app, a browser app and an Angular app
 * (with Angular CLI's resolution, which knows no `browser` condition), and runs on Node 24
 * against a local node:http server; and publint and arethetypeswrong look at the same tarball.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, run } from './support/run.ts';

const RXJS = '7.8.1';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

let work: string;
let tarball: string;
let packed: PackResult;
let app: string;

/** Without the variables `npm test` sets for this project, so npm treats `app` as its own project. */
const npmEnv = Object.fromEntries(
  Object.entries(process.env).map(([key, value]) => [
    key,
    /^npm_(package_|lifecycle_|config_local_prefix$)/i.test(key) ? undefined : value,
  ]),
);

/** Every package folder under `nodeModules`, nested ones included. */
function installed(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const dirs = readdirSync(nodeModules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) =>
      name.startsWith('@')
        ? readdirSync(join(nodeModules, name)).map((inner) => join(nodeModules, name, inner))
        : [join(nodeModules, name)],
    );
  return dirs.flatMap((dir) => [dir, ...installed(join(dir, 'node_modules'))]);
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const STRICT = {
  strict: true,
  target: 'ES2023',
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
};
const DOM = ['ES2023', 'DOM', 'DOM.Iterable'];

/** A Node consumer as strict as they come; `lib` without DOM, or with it (as a full-stack app has). */
function tsconfig(lib: string[]): object {
  return {
    compilerOptions: { ...STRICT, lib, module: 'nodenext', moduleResolution: 'nodenext', types: ['node'] },
    include: ['main.ts'],
  };
}

/**
 * A bundled browser app: `bundler` resolution, as Vite, esbuild and Angular CLI projects have.
 * `conditions`: TypeScript's `customConditions` (a plain Angular CLI project sets none).
 */
function bundlerTsconfig(file: string, conditions: string[]): object {
  return {
    compilerOptions: {
      ...STRICT,
      lib: DOM,
      module: 'preserve',
      moduleResolution: 'bundler',
      types: [],
      ...(conditions.length > 0 ? { customConditions: conditions } : {}),
    },
    include: [file],
  };
}

/** A browser app that tells TypeScript of the `browser` condition: `httprx` gives the browser names and types. */
const BROWSER = `import { type BrowserRequestExtensions, Client, FetchTransport, type HttpEvent, XhrTransport } from 'httprx';
import { lastValueFrom, map, toArray } from 'rxjs';

const client = new Client({ baseUrl: '/api', transport: new FetchTransport({ credentials: 'omit' }) });
const extensions: BrowserRequestExtensions = { credentials: 'include', priority: 'high' };
export const kinds: Promise<HttpEvent['type'][]> = lastValueFrom(
  client.events('GET', '/data', { extensions }).pipe(map((event) => event.type), toArray()),
);
export const viaXhr = new Client({ transport: new XhrTransport({ withCredentials: true }) });
// @ts-expect-error: TLS belongs to the browser; its Client has no verify option
export const wrong = new Client({ verify: false });
`;

/**
 * An Angular app as Angular CLI sets it up (no custom conditions): the adapter from
 * `httprx/angular`, the browser transports from `httprx/browser`, and the README's service.
 */
const ANGULAR = `import {
  HttpBackend,
  HttpClient,
  HttpEventType,
  type HttpInterceptorFn,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { type ApplicationConfig, inject } from '@angular/core';
import { HttprxBackend, provideHttprx } from 'httprx/angular';
import { FetchTransport, XhrTransport } from 'httprx/browser';
import { filter, map, type Observable } from 'rxjs';

const stamp: HttpInterceptorFn = (request, next) => next(request.clone({ setHeaders: { 'X-App': 'consumer' } }));

export class UploadService {
  readonly #http = inject(HttpClient);

  upload(file: File): Observable<number> {
    return this.#http.post('/api/upload', file, { observe: 'events', reportUploadProgress: true }).pipe(
      filter((event) => event.type === HttpEventType.UploadProgress),
      map((event) => event.loaded / (event.total ?? file.size)),
    );
  }
}

export const appConfig: ApplicationConfig = {
  providers: [
    provideHttpClient(withInterceptors([stamp])),
    provideHttprx({ transport: new FetchTransport({ credentials: 'omit' }), retry: 2 }),
    UploadService,
  ],
};
export const overXhr: ApplicationConfig = {
  providers: [provideHttpClient(), provideHttprx({ transport: new XhrTransport({ withCredentials: true }) })],
};
export const backendAlone: ApplicationConfig = {
  providers: [provideHttpClient(), { provide: HttpBackend, useClass: HttprxBackend }],
};
`;

/** The version of a package this project has installed, for the app to install the same. */
function versionOf(name: string): string {
  return (
    JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
  ).version;
}

const MAIN = `import { firstValueFrom, lastValueFrom, map, toArray } from 'rxjs';
import {
  Client,
  type ClientOptions,
  type HttpEvent,
  HttpStatusError,
  type RequestOptions,
  type Response,
  Timeout,
} from 'httprx';

const options: ClientOptions = { baseUrl: process.argv[2]!, timeout: new Timeout(5000), retry: 0 };
const client = new Client(options);
const request: RequestOptions = { params: { q: 'consumer' } };

const status: number = await firstValueFrom(client.get('/hello', request).pipe(map((r: Response) => r.status)));
const events: HttpEvent['type'][] = await lastValueFrom(
  client.events('GET', '/events').pipe(map((event: HttpEvent) => event.type), toArray()),
);
const body = await firstValueFrom(client.get('/json').pipe(map((r) => r.json<{ url: string }>())));
let caught = '';
try {
  await firstValueFrom(client.get('/missing').pipe(map((r) => r.raiseForStatus())));
} catch (error) {
  if (error instanceof HttpStatusError) caught = \`\${error.name} \${error.response.status}\`;
}
await client.close();
console.log(JSON.stringify({ status, events, url: body.url, caught }));
`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'httprx-consumer-'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], {
    env: npmEnv,
    timeout: 90_000,
  });
  expect(pack.code, pack.stderr).toBe(0);
  [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as [PackResult];
  tarball = join(work, packed.filename);

  app = join(work, 'app');
  mkdirSync(app);
  writeJson(join(app, 'package.json'), {
    name: 'httprx-consumer',
    private: true,
    type: 'module',
    dependencies: {
      httprx: `file:${tarball}`,
      rxjs: RXJS,
      '@angular/common': versionOf('@angular/common'),
      '@angular/core': versionOf('@angular/core'),
    },
    devDependencies: { '@types/node': versionOf('@types/node') },
  });
  writeJson(join(app, 'tsconfig.json'), tsconfig(['ES2023']));
  writeJson(join(app, 'tsconfig.dom.json'), tsconfig(DOM));
  writeJson(join(app, 'tsconfig.browser.json'), bundlerTsconfig('browser.ts', ['browser']));
  writeJson(join(app, 'tsconfig.angular.json'), bundlerTsconfig('angular.ts', []));
  writeFileSync(join(app, 'main.ts'), MAIN);
  writeFileSync(join(app, 'browser.ts'), BROWSER);
  writeFileSync(join(app, 'angular.ts'), ANGULAR);
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: app,
    env: npmEnv,
    timeout: 120_000,
  });
  expect(install.code, install.stdout + install.stderr).toBe(0);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the build, LICENSE, README and package.json, and nothing else', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths.filter((path) => !path.startsWith('dist/')).sort()).toEqual([
      'LICENSE',
      'README.md',
      'package.json',
    ]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/index.js.map',
        'dist/node/node-version.js',
      ]),
    );
  });

  it('passes publint (strict: suggestions count too)', async () => {
    const result = await run('publint', ['run', tarball, '--strict'], { timeout: 60_000 });
    expect(result.stdout + result.stderr).toContain('All good!');
    expect(result.code).toBe(0);
  });

  it('passes arethetypeswrong as an ESM-only package (no CommonJS or node10 resolution, which has no subpaths)', async () => {
    const result = await run('attw', [tarball, '--format', 'json', '--profile', 'esm-only'], {
      timeout: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
    interface Problem {
      entrypoint: string;
      resolutionKind: string;
    }
    interface Entry {
      resolutions: Record<string, { resolution?: { fileName: string } }>;
    }
    const report = JSON.parse(result.stdout) as {
      problems: Record<string, Problem[]>;
      analysis: { entrypoints: Record<string, Entry> };
    };
    // The only problems are those of the resolutions an ESM-only package leaves out.
    const kinds = Object.values(report.problems).flatMap((found) => found.map((each) => each.resolutionKind));
    expect([...new Set(kinds)].sort()).toEqual(['node10', 'node16-cjs']);
    // Each entry point resolves to its declarations, for Node's ESM and for bundlers (without
    // the browser condition: httprx/testing's Node declarations re-export the neutral ones).
    const resolved = Object.entries(report.analysis.entrypoints).map(([entry, { resolutions }]) => [
      entry,
      resolutions['node16-esm']?.resolution?.fileName,
      resolutions.bundler?.resolution?.fileName,
    ]);
    const at = (file: string) => [`/node_modules/httprx/${file}`, `/node_modules/httprx/${file}`];
    expect(resolved).toEqual([
      ['.', ...at('dist/index.d.ts')],
      ['./browser', ...at('dist/browser.d.ts')],
      ['./angular', ...at('dist/angular/index.d.ts')],
      ['./testing', ...at('dist/node/testing.d.ts')],
      ['./package.json', ...at('package.json')],
    ]);
  });
});

describe('an app on rxjs 7.8.1', () => {
  it('gets one rxjs: httprx uses the app’s', async () => {
    const found = installed(join(app, 'node_modules'))
      .filter((dir) => dir.endsWith('/rxjs'))
      .map((dir) => dir.slice(app.length + 1));
    expect(found).toEqual(['node_modules/rxjs']);
    const version = JSON.parse(readFileSync(join(app, 'node_modules/rxjs/package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.version).toBe(RXJS);

    const ls = await run('npm', ['ls', 'rxjs'], { cwd: app, env: npmEnv, timeout: 60_000 });
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(new RegExp(`httprx@\\S+\\n.*rxjs@${RXJS} deduped\\n`));
    expect(ls.stdout).toMatch(new RegExp(`\\n└── rxjs@${RXJS}\\n`));
  });

  it.each(['tsconfig.json', 'tsconfig.dom.json', 'tsconfig.browser.json', 'tsconfig.angular.json'])(
    'type-checks with %s (strict, skipLibCheck off)',
    async (config) => {
      const result = await run(join(BIN, 'tsc'), ['-p', config], { cwd: app, timeout: 60_000 });
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
  );

  describe('running on Node 24', () => {
    const seen: IncomingMessage[] = [];
    let server: Server;
    let url: string;

    beforeAll(async () => {
      server = createServer((request, response) => {
        seen.push(request);
        const status = request.url?.startsWith('/missing') ? 404 : 200;
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ url: request.url }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('talks to a local server through the installed package', async () => {
      const result = await run(process.execPath, ['main.ts', url], { cwd: app, timeout: 30_000 });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual({
        status: 200,
        events: ['sent', 'headers', 'download', 'chunk', 'response'],
        url: '/json',
        caught: 'HttpStatusError 404',
      });
      expect(seen.map((request) => request.url)).toEqual([
        '/hello?q=consumer',
        '/events',
        '/json',
        '/missing',
      ]);
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      expect(seen[0]?.headers['user-agent']).toBe(`httprx/${pkg.version}`);
    });

    it('can be require()d from CommonJS too (what attw’s left-out rule is about)', async () => {
      const script = "const { Client, VERSION } = require('httprx'); console.log(typeof Client, VERSION);";
      const result = await run(process.execPath, ['--input-type=commonjs', '-e', script], {
        cwd: app,
        timeout: 30_000,
      });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toMatch(/^function \d+\.\d+\.\d+$/);
    });
  });
});
