/**
 * `httprx/testing` on Node: the neutral testing tools (src/testing/index.ts), with an
 * {@link AppTransport} that also calls a Node `(req, res)` listener (node:http, Express, Koa)
 * in-process.
 */
export * from '../testing/index.ts';
export { AppTransport } from './app-transport.ts';
