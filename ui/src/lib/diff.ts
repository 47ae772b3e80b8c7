// A diff between two postmortem versions as the history shows it: changed
// lines with a few unchanged ones around them, longer unchanged runs folded
// into one "n unchanged lines" row.
import type { DiffLine } from './bindings';

export type DiffRow = { kind: 'line'; line: DiffLine } | { kind: 'gap'; lines: number };

/** The rows to show: every change, `context` unchanged lines either side, the rest folded. */
export function foldDiff(lines: DiffLine[], context = 2): DiffRow[] {
  const near = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.change === 'equal') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) near[j] = true;
  });
  const rows: DiffRow[] = [];
  let folded = 0;
  lines.forEach((line, i) => {
    if (near[i]) {
      if (folded > 0) rows.push({ kind: 'gap', lines: folded });
      folded = 0;
      rows.push({ kind: 'line', line });
    } else {
      folded += 1;
    }
  });
  if (folded > 0) rows.push({ kind: 'gap', lines: folded });
  return rows;
}

/** Whether two versions differ at all. */
export function changed(lines: DiffLine[]): boolean {
  return lines.some((l) => l.change !== 'equal');
}
