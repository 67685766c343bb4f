/** The median of several rounds, with how far they spread. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** How many values went in. */
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const middle = finite.length >> 1;
  const median = finite.length % 2 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
  return { median, min: finite[0]!, max: finite.at(-1)!, n: finite.length };
}

/** Half the range as a percentage of the median: `±x%`. */
export function spreadPercent(summary: Summary): number {
  return summary.median === 0 ? 0 : ((summary.max - summary.min) / 2 / Math.abs(summary.median)) * 100;
}
