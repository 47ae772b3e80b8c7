import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { VersionSummary } from './bindings';
import VersionHistory from './VersionHistory.svelte';

const versions: VersionSummary[] = [
  { number: 3, saved_at: '2026-12-01T14:03:07Z', published_at: null, length: 120 },
  { number: 2, saved_at: '2026-12-01T13:50:00Z', published_at: '2026-12-01T13:55:00Z', length: 100 },
  { number: 1, saved_at: '2026-12-01T13:00:00Z', published_at: null, length: 80 },
];

describe('VersionHistory', () => {
  it('lists versions with their UTC time, the published one marked in words', () => {
    render(VersionHistory, { versions, diff: vi.fn(), onrestore: vi.fn() });
    expect(screen.getByText('saved 2026-12-01 14:03:07 UTC')).toBeTruthy();
    expect(screen.getByText('published 2026-12-01 13:55:00 UTC')).toBeTruthy();
    // The newest cannot be restored; each earlier one can.
    expect(screen.getAllByRole('button', { name: 'Restore this version' })).toHaveLength(2);
  });

  it('shows what changed between two versions with + and − and words', async () => {
    const diff = vi.fn().mockResolvedValue([
      { change: 'equal', text: '# Postmortem' },
      { change: 'delete', text: 'Root cause: unknown' },
      { change: 'insert', text: 'Root cause: a stale config' },
    ]);
    render(VersionHistory, { versions, diff, onrestore: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'Show changes' }));
    const list = await screen.findByRole('list', { name: 'Changes from version 2 to version 3' });
    expect(diff).toHaveBeenCalledWith(2, 3);
    expect(list.textContent).toContain('−removed: Root cause: unknown');
    expect(list.textContent).toContain('+added: Root cause: a stale config');
  });

  it('restores the version asked for', async () => {
    const onrestore = vi.fn().mockResolvedValue(undefined);
    render(VersionHistory, { versions, diff: vi.fn(), onrestore });
    await fireEvent.click(screen.getAllByRole('button', { name: 'Restore this version' })[1]);
    expect(onrestore).toHaveBeenCalledWith(1);
  });
});
