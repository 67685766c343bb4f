/**
 * `npm run demo:browser`: serves the progress page (demos/browser/page.html, its script bundled
 * by esbuild) from the demo server, whose /upload, /movie.bin and /words.txt are slow on purpose.
 * Open the printed address in a browser; Ctrl-C stops it. `PORT` picks the port (default: free).
 */
import { startPageServer } from './page-server.ts';

const server = await startPageServer({ port: Number(process.env.PORT ?? 0) });
console.log(`httprx progress page: ${server.url}/  (Ctrl-C stops it)`);
process.once('SIGINT', () => void server.close().then(() => process.exit(0)));
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
