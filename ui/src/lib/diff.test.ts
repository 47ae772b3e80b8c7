import { describe, expect, it } from 'vitest';
import type { DiffLine } from './bindings';
import { changed, foldDiff } from './diff';

const eq = (text: string): DiffLine => ({ change: 'equal', text });

describe('foldDiff', () => {
  it('keeps changes with their context and folds long unchanged runs', () => {
    const lines: DiffLine[] = [eq('1'), eq('2'), eq('3'), eq('4'), { change: 'delete', text: 'old' }, { change: 'insert', text: 'new' }, eq('5'), eq('6'), eq('7'), eq('8')];
    const rows = foldDiff(lines, 1);
    expect(rows).toEqual([
      { kind: 'gap', lines: 3 },
      { kind: 'line', line: eq('4') },
      { kind: 'line', line: { change: 'delete', text: 'old' } },
      { kind: 'line', line: { change: 'insert', text: 'new' } },
      { kind: 'line', line: eq('5') },
      { kind: 'gap', lines: 3 },
    ]);
  });

  it('folds everything when nothing changed', () => {
    expect(foldDiff([eq('a'), eq('b')])).toEqual([{ kind: 'gap', lines: 2 }]);
    expect(changed([eq('a')])).toBe(false);
    expect(changed([{ change: 'insert', text: 'x' }])).toBe(true);
  });
});
