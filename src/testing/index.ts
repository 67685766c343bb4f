/**
 * `httprx/testing`: tools for testing code that uses httprx, in a subpath of its own so that
 * production bundles never pull them in. Neutral (the browser's `httprx/testing`); on Node,
 * src/node/testing.ts adds to {@link AppTransport} the Node `(req, res)` listeners.
 */

export { type MockHandler, MockTransport } from '../transports/mock.ts';
export { AppTransport, type AppTransportOptions, type FetchApp, type NodeListener } from './app-transport.ts';
export {
  MarbleRoute,
  type MarbleRouteOptions,
  type MarbleSubscription,
  MarbleTransport,
} from './marble-transport.ts';
export type { MarbleHead, MarbleValue } from './marble-values.ts';
export type { RequestMatch } from './request-match.ts';
export { type FlushBody, type FlushOptions, TestRequest } from './test-request.ts';
export { TestingController } from './testing-controller.ts';
