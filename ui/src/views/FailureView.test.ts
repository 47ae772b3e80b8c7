import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../lib/api';
import type { OpenFailure } from '../lib/bindings';
import FailureView from './FailureView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../lib/api')>();
  return { ...original, api: { restoreNewestBackup: vi.fn(), openReadOnly: vi.fn(), tryAgain: vi.fn() } };
});

const restoreNewestBackup = vi.mocked(api.restoreNewestBackup);

const damaged: OpenFailure = {
  path: '/home/ic/sitrep.db',
  problem: '/home/ic/sitrep.db is damaged: part of it cannot be read.',
  advice: 'Sitrep has not changed it. Restore the newest backup, or choose another database.',
  backups: ['/home/ic/backups/sitrep-20261201T100000Z.db'],
  can_open_read_only: false,
};

describe('FailureView', () => {
  beforeEach(() => restoreNewestBackup.mockReset());

  it('says what is wrong with which file and restores the newest backup only once confirmed', async () => {
    render(FailureView, { failure: damaged });
    expect(screen.getByTestId('problem').textContent).toContain('is damaged');
    expect(screen.getByText('sitrep-20261201T100000Z.db').getAttribute('title')).toBe('/home/ic/backups/sitrep-20261201T100000Z.db');
    expect(screen.queryByRole('button', { name: 'Open read-only' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Restore the newest backup' }));
    expect(restoreNewestBackup).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Restore it' }));
    expect(restoreNewestBackup).toHaveBeenCalledOnce();
  });

  it('offers reading only, and no restore, for a file that cannot be written', () => {
    render(FailureView, { failure: { ...damaged, backups: [], can_open_read_only: true } });
    expect(screen.getByRole('button', { name: 'Open read-only' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restore the newest backup' })).toBeNull();
    for (const name of ['Choose another database…', 'Try again', 'Quit']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
  });
});
