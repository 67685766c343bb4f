/**
 * The platform-neutral public names: everything here runs the same on Node and in a browser.
 * Each platform entry (index.ts for Node) exports these plus its own. spec/public-names.spec.ts
 * lists them, so a name added or dropped shows in review.
 */
export { BaseClient } from './client.ts';
export type { RetryOption, RetryOptions } from './config/retry.ts';
export { Timeout, type TimeoutInit, type TimeoutOption, type TimeoutPhase } from './config/timeout.ts';
export * from './content/public.ts';
export {
  ClientClosed,
  CloseError,
  ConnectError,
  ConnectTimeout,
  CookieConflict,
  DecodingError,
  HttpError,
  HttpStatusError,
  InvalidUrl,
  LocalProtocolError,
  NetworkError,
  PoolTimeout,
  ProtocolError,
  ProxyError,
  ReadError,
  ReadTimeout,
  RemoteProtocolError,
  RequestError,
  RequestNotRead,
  ResponseNotRead,
  ResponseTooLarge,
  StreamClosed,
  StreamConsumed,
  StreamError,
  TimeoutError,
  TooManyRedirects,
  TotalTimeout,
  TransportError,
  UnsupportedProtocol,
  WriteError,
  WriteTimeout,
} from './errors.ts';
export * from './events.ts';
export { type AuthMiddlewareOptions, auth } from './middleware/auth/auth.ts';
export { BasicAuth } from './middleware/auth/basic.ts';
export { DigestAuth } from './middleware/auth/digest.ts';
export { FunctionAuth } from './middleware/auth/function-auth.ts';
export type { Auth, AuthFunction, AuthOption, CredentialsLookup } from './middleware/auth/types.ts';
export { compose } from './middleware/compose.ts';
export {
  type EventHooks,
  type HookResult,
  hooks,
  type RequestHook,
  type ResponseHook,
} from './middleware/hooks.ts';
export { type RedirectOptions, redirects } from './middleware/redirects.ts';
export { retry, type SchedulerOptions } from './middleware/retry.ts';
export { parseRetryAfter } from './middleware/retry-after.ts';
export { isRetryableError } from './middleware/retryable-error.ts';
export { type Continuation, takeOver } from './middleware/take-over.ts';
export { deadline, timeouts } from './middleware/timeouts.ts';
export type { DefaultEncoding } from './models/charset.ts';
export { type CookieAttributes, type CookieDetails, type CookieScope, Cookies } from './models/cookies.ts';
export type { Delivery } from './models/delivery.ts';
export { Headers, type HeadersInit } from './models/headers.ts';
export type { Link } from './models/links.ts';
export { QueryParams, type QueryParamsInit, type QueryValue } from './models/params.ts';
export { redirectRequest } from './models/redirect-request.ts';
export {
  type CookiesInit,
  type HeaderChanges,
  Request,
  type RequestChanges,
  type RequestExtensions,
  type RequestInit,
} from './models/request.ts';
export { type HttpVersion, Response, type ResponseInit } from './models/response.ts';
export type { TimingPhase, Timings } from './models/timings.ts';
export {
  type ClientOptions,
  Limits,
  type LimitsInit,
  type RequestOptions,
  type SendOptions,
} from './options.ts';
export { SharedTimerScheduler } from './scheduling/shared-timer-scheduler.ts';
export { type MockHandler, MockTransport } from './transports/mock.ts';
export { ResponseBody, type ResponseHead } from './transports/response-body.ts';
export {
  type ConnectedEvent,
  type ConnectingEvent,
  type ConnectionEvent,
  type ConnectionStep,
  type Handler,
  type InternalEvent,
  isInternalEvent,
  type Middleware,
  type PoolCounts,
  type QueuedEvent,
  type ReceivedEvent,
  type Transport,
  type TransportEvent,
  type WrittenEvent,
} from './transports/transport.ts';
export { VERSION } from './version.ts';
