import { describe } from './describe.ts';
import { checkOptionNames } from './option-names.ts';
import { own } from './own.ts';

/** Pool sizes and keep-alive. `null` for a count means no limit. */
export interface LimitsInit {
  /**
   * The most requests in flight at once over the whole pool; also the most sockets to one origin.
   * @default 100
   */
  maxConnections?: number | null;
  /**
   * The most idle keep-alive connections kept; a connection that would exceed it closes after its
   * response.
   * @default 20
   */
  maxKeepaliveConnections?: number | null;
  /**
   * How long an idle connection is kept, in ms.
   * @default 5000
   */
  keepaliveExpiry?: number;
}

/** Connection pool limits: `new Limits({ maxConnections: 10 })`. */
export class Limits {
  readonly maxConnections: number | null;
  readonly maxKeepaliveConnections: number | null;
  readonly keepaliveExpiry: number;
  constructor(init: LimitsInit = {}) {
    if (typeof init !== 'object' || init === null)
      throw new TypeError(
        `limits must be a Limits or { ${[...LIMITS_NAMES].join(', ')} }, not ${describe(init)}`,
      );
    checkOptionNames('limits', init, LIMITS_NAMES);
    this.maxConnections = count('maxConnections', own(init, 'maxConnections'), 100, 1);
    this.maxKeepaliveConnections = count(
      'maxKeepaliveConnections',
      own(init, 'maxKeepaliveConnections'),
      20,
      0,
    );
    const expiry = own(init, 'keepaliveExpiry');
    if (expiry !== undefined && !(typeof expiry === 'number' && Number.isFinite(expiry) && expiry >= 0))
      throw new TypeError(`limits.keepaliveExpiry must be a number of ms >= 0, not ${describe(expiry)}`);
    this.keepaliveExpiry = expiry ?? 5000;
  }
  /** `limits` as a `Limits`: itself when it is one, else `new Limits(limits)`. */
  static from(limits: Limits | LimitsInit | undefined): Limits {
    return limits instanceof Limits ? limits : new Limits(limits);
  }

  toString(): string {
    return `Limits(maxConnections=${this.maxConnections}, maxKeepaliveConnections=${this.maxKeepaliveConnections}, keepaliveExpiry=${this.keepaliveExpiry})`;
  }
}

const LIMITS_NAMES: ReadonlySet<string> = new Set([
  'maxConnections',
  'maxKeepaliveConnections',
  'keepaliveExpiry',
]);

/** A count of connections: a whole number >= `min`, or `null` for no limit. */
function count(name: string, value: unknown, fallback: number, min: number): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
  throw new TypeError(
    `limits.${name} must be a whole number >= ${min}, or null for no limit, not ${describe(value)}`,
  );
}
