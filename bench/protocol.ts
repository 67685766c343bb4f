/**
 * What the runner sends each measurement process (its parameters) and what comes back (its
 * samples). The workers under `workers/` run on import, so the runner imports only this.
 */

/** The line prefix a measurement process reports its result with, as JSON, on stdout. */
export const RESULT_PREFIX = 'RESULT ';

export interface ThroughputParams {
  contender: string;
  origin: string;
  path: string;
  concurrency: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

export interface ThroughputSample {
  requests: number;
  requestsPerSecond: number;
  cpuMicrosPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  /** RSS once the contender is loaded and open, before any request. */
  loadedRssMB: number;
  maxRssMB: number;
  /** The server's CPU time over the measured window, as a share of one core (100 = one core busy). */
  serverCpuPercent: number;
  /** CPU time of every other process on the machine over the window, as a share of one core. */
  otherCpuPercent: number;
}

export const LARGE_BODY_CONTENDERS = ['httprx stream', 'undici.stream'] as const;

export interface LargeBodyParams {
  contender: (typeof LARGE_BODY_CONTENDERS)[number];
  origin: string;
  bytes: number;
}

export interface LargeBodySample {
  mibPerSecond: number;
  /** RSS once the modules are loaded and the client is open, before any request. */
  loadedRssMB: number;
  maxRssMB: number;
  /** Client CPU time per MiB received, in ms. */
  cpuMsPerMiB: number;
  /** The server's CPU time during the download, as a share of one core. */
  serverCpuPercent: number;
}

export const IN_FLIGHT_CONTENDERS = ['httprx get', 'undici.request'] as const;

export interface InFlightParams {
  contender: (typeof IN_FLIGHT_CONTENDERS)[number];
  origin: string;
  count: number;
  connections: number;
}

export interface InFlightSample {
  rssBytesPerRequest: number;
  heapBytesPerRequest: number;
}

export const CANCEL_CONTENDERS = ['httprx unsubscribe', 'undici.stream abort'] as const;

export interface CancelParams {
  contender: (typeof CANCEL_CONTENDERS)[number];
  origin: string;
  /** Measured cancellations, after one that is not measured. */
  repeats: number;
}

export interface CancelSample {
  /** From the cancelling call to the server seeing the socket end, in ms. */
  closeMs: number;
  /** The client's socket was destroyed when the cancelling call returned. */
  destroyedAtOnce: boolean;
  /** The client's socket was destroyed by the next `setImmediate`. */
  destroyedInOneTurn: boolean;
}
