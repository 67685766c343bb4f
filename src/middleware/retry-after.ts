/**
 * Reads a `Retry-After` value (RFC 9110 §10.2.3): a number of seconds, or an HTTP date in any of
 * its three forms (IMF-fixdate, RFC 850, asctime), always GMT.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
const SECONDS = /^\d+$/;
/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(
  `^(?:mon|tue|wed|thu|fri|sat|sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`,
  'i',
);
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC_850 = new RegExp(
  `^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
  'i',
);
/** `Sun Nov  6 08:49:37 1994` */
const ASCTIME = new RegExp(`^(?:mon|tue|wed|thu|fri|sat|sun) ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, 'i');

/**
 * How many ms `Retry-After` asks to wait, from `now` (ms since the epoch: the scheduler's
 * clock). A date in the past is 0. `undefined` when there is no value or it cannot be read.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (SECONDS.test(text)) return Number(text) * 1000;
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** An HTTP date as ms since the epoch; `undefined` when `text` is not one. */
export function parseHttpDate(text: string, now: number): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match) return utc(Number(match[3]), match[2], [match[1], ...match.slice(4)]);
  match = RFC_850.exec(text);
  if (match) return utc(fullYear(Number(match[3]), now), match[2], [match[1], ...match.slice(4)]);
  match = ASCTIME.exec(text);
  if (match) return utc(Number(match[6]), match[1], match.slice(2, 6));
  return undefined;
}

/**
 * RFC 850's two-digit year: in the scheduler's century, unless that is more than 50 years
 * ahead, then the century before (RFC 9110 §5.6.7).
 */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = thisYear - (thisYear % 100) + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}

/** `[day, hours, minutes, seconds]` of `month` in `year` (GMT) as ms since the epoch, if it is a real time. */
function utc(
  year: number,
  month: string | undefined,
  parts: readonly (string | undefined)[],
): number | undefined {
  const [day = NaN, hours = NaN, minutes = NaN, seconds = NaN] = parts.map((part) => Number(part));
  const monthIndex = MONTHS.indexOf(month?.toLowerCase() ?? '');
  if (monthIndex < 0 || hours > 23 || minutes > 59 || seconds > 60) return undefined;
  // Date.UTC rolls 31 Feb over into March: such a date is no date. A leap second (:60) is
  // read as the first second of the next minute.
  if (new Date(Date.UTC(year, monthIndex, day)).getUTCDate() !== day) return undefined;
  return Date.UTC(year, monthIndex, day, hours, minutes, seconds);
}
