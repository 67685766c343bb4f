import { describe } from './describe.ts';
import { checkOptionNames } from './option-names.ts';
import { own } from './own.ts';

/** Phase limits in ms; `null` disables a phase. Phases left out keep their default. */
export interface TimeoutInit {
  /**
   * The longest wait for a connection to open, TLS handshake included (after a pool slot was
   * granted). A transport that cannot tell waiting for a slot from connecting counts both here.
   * @default 5000
   */
  connect?: number | null;
  /**
   * The longest wait for each next piece of the response: the headers, then every body chunk.
   * @default 5000
   */
  read?: number | null;
  /**
   * The longest wait for each next piece of the request body to be written.
   * @default 5000
   */
  write?: number | null;
  /**
   * The longest wait for a free slot in the connection pool.
   * @default 5000
   */
  pool?: number | null;
  /**
   * A deadline for the whole request: every redirect hop, auth round trip, retry and backoff,
   * and the body.
   * @default null (none)
   */
  total?: number | null;
}

/** What the `timeout` options accept: a `Timeout`, its init, one number for every phase, or `null` (none). */
export type TimeoutOption = Timeout | TimeoutInit | number | null;

/** The phases a request goes through, each bounded by the `Timeout` field of the same name. */
export type TimeoutPhase = 'pool' | 'connect' | 'write' | 'read';

const DEFAULT = 5000;
const FIELDS: ReadonlySet<string> = new Set(['connect', 'read', 'write', 'pool', 'total']);

/**
 * Phase timeouts in milliseconds: `new Timeout(10_000)` sets connect, read, write and pool;
 * `new Timeout({ connect: 2000, read: null })` sets some (the rest stay 5000); `new Timeout(null)`
 * disables them all. `total` is an optional deadline over the whole request. `0` is a limit
 * like any other (it leaves no time at all): use `null` to switch a phase off.
 *
 * @example
 * new Client({ timeout: { connect: 1000, read: 30_000, total: 60_000 } })
 */
export class Timeout {
  /** @default 5000 */
  readonly connect: number | null;
  /** @default 5000 */
  readonly read: number | null;
  /** @default 5000 */
  readonly write: number | null;
  /** @default 5000 */
  readonly pool: number | null;
  /** @default null */
  readonly total: number | null;

  constructor(init: TimeoutInit | number | null = DEFAULT) {
    const phases = typeof init === 'object' && init !== null ? init : undefined;
    const all = phases === undefined ? checkedAll(init) : DEFAULT;
    if (phases !== undefined) checkOptionNames('timeout', phases, FIELDS);
    const phase = (name: keyof TimeoutInit, fallback: number | null) =>
      phases === undefined ? fallback : checked(`timeout.${name}`, own(phases, name), fallback);
    this.connect = phase('connect', all);
    this.read = phase('read', all);
    this.write = phase('write', all);
    this.pool = phase('pool', all);
    this.total = phase('total', null);
  }

  /** A `Timeout` from any accepted form; `undefined` gives the defaults, `null` disables every phase. */
  static from(option: TimeoutOption | undefined): Timeout {
    if (option instanceof Timeout) return option;
    return new Timeout(option === undefined ? DEFAULT : option);
  }

  /** True when no phase and no total is limited (`new Timeout(null)`). */
  get disabled(): boolean {
    return [this.connect, this.read, this.write, this.pool, this.total].every((limit) => limit === null);
  }

  toString(): string {
    return `Timeout(connect=${this.connect}, read=${this.read}, write=${this.write}, pool=${this.pool}, total=${this.total})`;
  }
}

/** The longest a timer can wait (2^31 - 1 ms): a longer timer fires at once. */
export const LONGEST_DELAY = 2_147_483_647;

/** `new Timeout(n)`'s one number for every phase. */
function checkedAll(value: unknown): number | null {
  if (value === null || isLimit(value)) return value;
  throw new TypeError(
    `timeout must be a number of ms from 0 to ${LONGEST_DELAY}, null (no limit), a Timeout or ` +
      `{ connect, read, write, pool, total }, not ${describe(value)}`,
  );
}

function checked(path: string, value: unknown, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === null || isLimit(value)) return value;
  throw new TypeError(
    `${path} must be a number of ms from 0 to ${LONGEST_DELAY}, or null for no limit, not ${describe(value)}`,
  );
}

function isLimit(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= LONGEST_DELAY;
}
