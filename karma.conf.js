// The browser suite: spec/browser/**/*.spec.ts in Debian's headless Chromium (installed by
// `npm test`'s provisioning step), bundled by esbuild, against the real node:http server of
// spec/browser/support/api-server.ts on 127.0.0.1 (another origin than the page: real CORS).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_FLAGS } from './scripts/chromium.ts';
import { instrumentSources } from './scripts/coverage/instrument.ts';
import { forwardPrivateTo, startApiServer } from './spec/browser/support/api-server.ts';
import { startApache } from './spec/integration/support/apache.ts';

// karma-esbuild writes its bundle entry to the temp dir and imports the specs relative to it:
// a temp dir inside the project keeps that working wherever the checkout lives.
const temp = join(import.meta.dirname, '.karma-tmp');
mkdirSync(temp, { recursive: true });
process.env.TMPDIR = temp;
// Debian's Chromium, which the provisioning step installs.
process.env.CHROME_BIN ??= CHROMIUM;

// A port the system says is free now (the config is read synchronously, so a child asks).
const port = Number(
  execFileSync(process.execPath, [
    '-e',
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })",
  ]),
);

// The API server, and behind its /private/ a real Apache with mod_auth_digest (Digest auth in
// the browser); Apache stops when karma does.
function apiServer(emitter) {
  const apache = startApache({
    realm: 'httprx browser',
    users: { ada: 'lovelace' },
    locations: [{ path: '/private/' }],
  });
  Promise.all([startApiServer(port), apache])
    .then(([, digest]) => forwardPrivateTo(digest.origin))
    .catch((error) => {
      console.error(`api server: ${error}`);
      process.exit(1);
    });
  emitter.on('exit', (done) => {
    apache.then((digest) => digest.stop()).then(done, done);
  });
}
apiServer.$inject = ['emitter'];

export default function (config) {
  config.set({
    frameworks: ['jasmine', 'api-server'],
    plugins: [
      'karma-jasmine',
      'karma-chrome-launcher',
      'karma-esbuild',
      'karma-coverage',
      { 'framework:api-server': ['factory', apiServer] },
    ],
    files: [{ pattern: 'spec/browser/**/*.spec.ts', watched: false }],
    preprocessors: { 'spec/browser/**/*.spec.ts': ['esbuild'] },
    // The package's `sideEffects` list would have esbuild drop the spec files as unused.
    // The Angular adapter imports the package by its own name: in a browser, the browser entry.
    // src/ is instrumented for coverage (scripts/coverage/report.ts merges it with the Node suite's).
    esbuild: {
      target: 'es2022',
      ignoreAnnotations: true,
      plugins: [instrumentSources(import.meta.dirname)],
      alias: {
        httprx: join(import.meta.dirname, 'src', 'browser.ts'),
        'httprx/browser': join(import.meta.dirname, 'src', 'browser.ts'),
        'httprx/testing': join(import.meta.dirname, 'src', 'testing', 'index.ts'),
        'httprx/angular': join(import.meta.dirname, 'src', 'angular', 'index.ts'),
      },
    },
    // The README's browser examples use the page's own origin: /api/ is the API server.
    proxies: { '/api/': `http://127.0.0.1:${port}/`, '/private/': `http://127.0.0.1:${port}/private/` },
    client: { args: [`http://127.0.0.1:${port}`], jasmine: { random: false, timeoutInterval: 15000 } },
    browsers: ['ChromiumHeadlessLocal'],
    customLaunchers: {
      ChromiumHeadlessLocal: {
        base: 'ChromeHeadless',
        flags: [...CHROMIUM_FLAGS],
      },
    },
    reporters: ['dots', 'coverage'],
    coverageReporter: {
      dir: join(import.meta.dirname, '.tmp', 'coverage'),
      subdir: 'browser',
      reporters: [{ type: 'json', file: 'coverage-final.json' }],
    },
    singleRun: true,
    browserNoActivityTimeout: 60000,
    logLevel: config.LOG_WARN,
  });
}
