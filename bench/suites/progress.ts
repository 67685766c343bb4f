/** One line per measurement on stderr, so a long run shows where it is. */
export type Log = (line: string) => void;

export const stderrLog: Log = (line) => {
  process.stderr.write(`${line}\n`);
};

export const silentLog: Log = () => {};

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return number.format(value);
}
