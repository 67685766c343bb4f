/** Phase limits in ms; `null` disables a phase. */
export interface TimeoutInit {
  /**
   * The longest wait for a connection to open (after a pool slot was granted).
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
   * A deadline for the whole request: every redirect hop, auth round trip, retry and backoff.
   * @default null (none)
   */
  total?: number | null;
}

/** What the `timeout` options accept: a `Timeout`, its init, one number for every phase, or `null` (none). */
export type TimeoutOption = Timeout | TimeoutInit | number | null;

const DEFAULT = 5000;

/**
 * Phase timeouts in milliseconds: `new Timeout(10_000)` sets connect, read, write and pool;
 * `new Timeout({ connect: 2000, read: null })` sets some (the rest stay 5000). `total` is an
 * optional deadline over the whole request.
 */
export class Timeout {
  readonly connect: number | null;
  readonly read: number | null;
  readonly write: number | null;
  readonly pool: number | null;
  readonly total: number | null;

  constructor(init: TimeoutInit | number | null = DEFAULT) {
    const all = typeof init === 'object' && init !== null ? DEFAULT : init;
    const phases: TimeoutInit = typeof init === 'object' && init !== null ? init : {};
    this.connect = checked('connect', phases.connect, all);
    this.read = checked('read', phases.read, all);
    this.write = checked('write', phases.write, all);
    this.pool = checked('pool', phases.pool, all);
    this.total = checked('total', phases.total, null);
  }

  /** A `Timeout` from any accepted form (`null` disables every phase). */
  static from(option: TimeoutOption | undefined): Timeout {
    if (option instanceof Timeout) return option;
    return new Timeout(option === undefined ? DEFAULT : option);
  }

  toString(): string {
    return `Timeout(connect=${this.connect}, read=${this.read}, write=${this.write}, pool=${this.pool}, total=${this.total})`;
  }
}

function checked(name: string, value: number | null | undefined, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new TypeError(`Timeout.${name} must be a number of ms >= 0, or null`);
  return value;
}
