/**
 * `npm run bench`: starts the server, runs every suite (throughput, large body, in flight,
 * cancellation) in measurement processes of their own, prints the Markdown, and writes
 * RESULTS.md and the requests/s chart. `node bench/run.ts --help` lists the options.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { snapshotHttprx } from './httprx-source.ts';
import { startServer } from './processes.ts';
import { renderChart } from './report/chart.ts';
import { type RunResults, renderDocument, settingsLine } from './report/document.ts';
import { describeSource, sourceDigest } from './report/machine.ts';
import { chartPath, parseSettings, resultsPath } from './settings.ts';
import { runCancel } from './suites/cancel.ts';
import { runInFlight } from './suites/in-flight.ts';
import { runLargeBody } from './suites/large-body.ts';
import { stderrLog } from './suites/progress.ts';
import { runThroughput } from './suites/throughput.ts';

const settings = parseSettings(process.argv.slice(2), fileURLToPath(new URL('.', import.meta.url)));
const wants = (suite: (typeof settings.suites)[number]): boolean => settings.suites.includes(suite);
const server = await startServer();
const startedAt = new Date();
const digest = sourceDigest();
const source = describeSource();
const snapshot = snapshotHttprx();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.stop();
    snapshot.dispose();
    process.exit(130);
  });
}
const started = performance.now();
let results: RunResults;
try {
  const throughput = wants('throughput') ? await runThroughput(settings, server.origin, stderrLog) : [];
  const largeBody = wants('large-body') ? await runLargeBody(settings, server.origin, stderrLog) : [];
  const inFlight = wants('in-flight') ? await runInFlight(settings, server.origin, stderrLog) : [];
  const cancel = wants('cancel') ? await runCancel(settings, server.origin, stderrLog) : [];
  const elapsedMs = performance.now() - started;
  const sourceChanged = sourceDigest() !== digest;
  results = { startedAt, elapsedMs, source, sourceChanged, throughput, largeBody, inFlight, cancel };
} finally {
  server.stop();
  snapshot.dispose();
}

const document = renderDocument(results, settings);
mkdirSync(settings.out, { recursive: true });
writeFileSync(resultsPath(settings), document);
if (settings.bodies.includes('small') && results.throughput.length > 0) {
  writeFileSync(chartPath(settings), renderChart(results.throughput, 'small', settingsLine(settings)));
}
process.stdout.write(document);
process.stderr.write(`\nWrote ${resultsPath(settings)}\n`);
if (results.sourceChanged)
  process.stderr.write('src/ changed during the run: measured its copy from the start.\n');

const failures = [results.throughput, results.largeBody, results.inFlight, results.cancel]
  .flat()
  .flatMap((result) => result.errors);
if (failures.length > 0) {
  process.stderr.write(`${failures.length} measurement(s) failed:\n${failures.join('\n')}\n`);
  process.exitCode = 1;
}
