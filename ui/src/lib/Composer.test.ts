import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './api';
import Composer from './Composer.svelte';

vi.mock('./api', async (importOriginal) => {
  const original = await importOriginal<typeof import('./api')>();
  return { ...original, api: { composeUpdate: vi.fn(), recordUpdate: vi.fn() } };
});

const composed = {
  draft: { what: 'Down', impact: 'Missed attestations', doing: 'Investigating', next_update_at: '2026-11-24T10:30:00Z' },
  previews: [{ channel: 'slack', text: '*[SEV1] INC-1: Down*' }],
};

describe('Composer', () => {
  beforeEach(() => {
    vi.mocked(api.composeUpdate).mockReset().mockResolvedValue(composed as never);
    vi.mocked(api.recordUpdate).mockReset();
  });

  it('asks before recording a probable duplicate, then sends it forced with the same key', async () => {
    vi.mocked(api.recordUpdate)
      .mockRejectedValueOnce(
        new ApiError({ kind: 'duplicate', message: 'probable duplicate: A was told 2 min ago on Slack', field: null, duplicates: ['A'] }),
      )
      .mockResolvedValueOnce({ updates: [{ stakeholder: 'A' }], already_recorded: false, incident: {} } as never);
    const onsent = vi.fn();
    render(Composer, { id: 'INC-1', status: 'investigating', recipients: ['A'], onsent });
    await fireEvent.click(await screen.findByRole('button', { name: /Record as sent to 1 stakeholder/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('probable duplicate: A was told 2 min ago on Slack');
    expect(onsent).not.toHaveBeenCalled();
    // Nobody else to send to: only all or nothing.
    expect(screen.queryByTestId('send-to-others')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Send anyway to all' }));
    await vi.waitFor(() => expect(onsent).toHaveBeenCalled());
    const [first, second] = vi.mocked(api.recordUpdate).mock.calls;
    expect(first[1].force).toBe(false);
    expect(second[1].force).toBe(true);
    expect(second[1].idempotency_key).toBe(first[1].idempotency_key);
  });

  it('sends only to the recipients who were not told just before, unforced', async () => {
    vi.mocked(api.recordUpdate)
      .mockRejectedValueOnce(
        new ApiError({
          kind: 'duplicate',
          message: 'probable duplicate: A was told 2 min ago on Slack; B 3 min ago on Telegram',
          field: null,
          duplicates: ['A', 'B'],
        }),
      )
      .mockResolvedValueOnce({ updates: [{ stakeholder: 'C' }, { stakeholder: 'D' }], already_recorded: false, incident: {} } as never);
    const onsent = vi.fn();
    render(Composer, { id: 'INC-1', status: 'investigating', recipients: ['A', 'B', 'C', 'D'], onsent });
    await fireEvent.click(await screen.findByRole('button', { name: /Record as sent to 4 stakeholders/ }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Send only to the other 2' }));
    await vi.waitFor(() => expect(onsent).toHaveBeenCalled());
    const second = vi.mocked(api.recordUpdate).mock.calls[1][1];
    expect(second.to).toEqual(['C', 'D']);
    expect(second.force).toBe(false);
  });

  it('cannot record without recipients', async () => {
    render(Composer, { id: 'INC-1', status: 'investigating', recipients: [], onsent: vi.fn() });
    const button = (await screen.findByRole('button', { name: /Record as sent to 0 stakeholders/ })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });
});
