/**
 * The merge behind scripts/coverage/report.ts: the Node suite's coverage of src/ (vitest, V8)
 * and the browser suite's (karma, istanbul) count statements their own way, so they are merged
 * by line: a line is covered when either suite ran it, and a branch arm (by the line its branch
 * starts on and its place) when either took it. The lines counted are the Node report's, which
 * lists every file of src/.
 */
import type { FileCoverageData } from 'istanbul-lib-coverage';

/** An istanbul JSON report: file path to its coverage. */
export type Report = Record<string, FileCoverageData>;

/** Lines and branch arms of one file or folder: how many, and how many ran. */
export interface Row {
  lines: number;
  covered: number;
  arms: number;
  taken: number;
}

interface Counts {
  lines: Set<number>;
  coveredLines: Set<number>;
  arms: Set<string>;
  coveredArms: Set<string>;
}

function countsOf(data: FileCoverageData): Counts {
  const counts: Counts = {
    lines: new Set(),
    coveredLines: new Set(),
    arms: new Set(),
    coveredArms: new Set(),
  };
  for (const [id, statement] of Object.entries(data.statementMap)) {
    counts.lines.add(statement.start.line);
    if ((data.s[id] ?? 0) > 0) counts.coveredLines.add(statement.start.line);
  }
  for (const [id, branch] of Object.entries(data.branchMap)) {
    const line = branch.loc?.start.line ?? branch.locations[0]?.start.line;
    (data.b[id] ?? []).forEach((taken, arm) => {
      const key = `${line}#${arm}`;
      counts.arms.add(key);
      if (taken > 0) counts.coveredArms.add(key);
    });
  }
  return counts;
}

/** Each file of `node`, with what either report covered of it, by path. */
export function mergeByLine(node: Report, browser: Report): Map<string, Row> {
  const theirs = new Map(Object.values(browser).map((data) => [data.path, countsOf(data)]));
  const rows = new Map<string, Row>();
  for (const data of Object.values(node)) {
    const ours = countsOf(data);
    const other = theirs.get(data.path);
    const covered = [...ours.lines].filter(
      (line) => ours.coveredLines.has(line) || other?.coveredLines.has(line),
    );
    const taken = [...ours.arms].filter((arm) => ours.coveredArms.has(arm) || other?.coveredArms.has(arm));
    rows.set(data.path, {
      lines: ours.lines.size,
      covered: covered.length,
      arms: ours.arms.size,
      taken: taken.length,
    });
  }
  return rows;
}

/** The rows summed. */
export function sum(rows: Iterable<Row>): Row {
  const total: Row = { lines: 0, covered: 0, arms: 0, taken: 0 };
  for (const row of rows) {
    total.lines += row.lines;
    total.covered += row.covered;
    total.arms += row.arms;
    total.taken += row.taken;
  }
  return total;
}

export const percent = (part: number, whole: number): number => (whole === 0 ? 100 : (100 * part) / whole);
