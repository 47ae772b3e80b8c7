import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from './api';
import Composer from './Composer.svelte';

vi.mock('@tauri-apps/plugin-clipboard-manager', () => ({ writeText: vi.fn(() => Promise.resolve()) }));

vi.mock('./api', async (importOriginal) => {
  const original = await importOriginal<typeof import('./api')>();
  return {
    ...original,
    onLeaving: vi.fn(() => Promise.resolve(() => {})),
    api: { composeUpdate: vi.fn(), recordUpdate: vi.fn(), saveDraft: vi.fn(), resetDraft: vi.fn() },
  };
});

const composed = {
  draft: { what: 'Down', impact: 'Missed attestations', doing: 'Investigating', next_update_at: '2026-11-24T10:30:00Z' },
  origin: { kind: 'template' },
  previews: [{ channel: 'slack', text: '*[SEV1] INC-1: Down*' }],
};

describe('Composer', () => {
  beforeEach(() => {
    vi.mocked(api.composeUpdate).mockReset().mockResolvedValue(composed as never);
    vi.mocked(api.recordUpdate).mockReset();
    vi.mocked(api.saveDraft).mockReset().mockResolvedValue(null);
    vi.mocked(api.resetDraft).mockReset().mockResolvedValue(composed as never);
  });

  it('saves what is typed, and a new status does not replace it', async () => {
    const props = { id: 'INC-1', status: 'investigating' as const, recipients: ['A'], onsent: vi.fn() };
    const { rerender } = render(Composer, props);
    const doing = (await screen.findByLabelText('What we are doing')) as HTMLTextAreaElement;
    await fireEvent.input(doing, { target: { value: 'Failing over to the standby signer' } });
    await fireEvent.blur(window);
    await vi.waitFor(() => expect(api.saveDraft).toHaveBeenCalled());
    expect(vi.mocked(api.saveDraft).mock.calls.at(-1)?.[1].doing).toBe('Failing over to the standby signer');

    vi.mocked(api.composeUpdate).mockClear();
    await rerender({ ...props, status: 'identified' as never });
    await new Promise((r) => setTimeout(r, 0));
    expect(api.composeUpdate).not.toHaveBeenCalledWith('INC-1', null);
    expect(doing.value).toBe('Failing over to the standby signer');
    expect((await screen.findByTestId('draft-stale')).textContent).toContain('Written while investigating');
  });

  it('brings the new status template while nothing is typed', async () => {
    const props = { id: 'INC-1', status: 'investigating' as const, recipients: ['A'], onsent: vi.fn() };
    const { rerender } = render(Composer, props);
    await screen.findByLabelText('What we are doing');
    await rerender({ ...props, status: 'identified' as never });
    await vi.waitFor(() => expect(api.composeUpdate).toHaveBeenCalledTimes(2));
    expect(vi.mocked(api.composeUpdate).mock.calls[1]).toEqual(['INC-1', null]);
  });

  it('after recording, opens the draft again from what was sent; a reset can be undone', async () => {
    vi.mocked(api.recordUpdate).mockResolvedValueOnce({ updates: [{ stakeholder: 'A' }], already_recorded: false, incident: {} } as never);
    render(Composer, { id: 'INC-1', status: 'investigating', recipients: ['A'], onsent: vi.fn() });
    const doing = (await screen.findByLabelText('What we are doing')) as HTMLTextAreaElement;
    await fireEvent.input(doing, { target: { value: 'Failing over' } });
    const sent = { ...composed, draft: { ...composed.draft, doing: 'Failing over' }, origin: { kind: 'last_sent', sent_at: '2026-11-24T10:05:00Z' } };
    vi.mocked(api.composeUpdate).mockResolvedValue(sent as never);
    await fireEvent.click(screen.getByRole('button', { name: /Record as sent to 1 stakeholder/ }));
    expect((await screen.findByTestId('draft-origin')).textContent).toContain('Starts from the update sent at');
    // Stored before the send, so a failed send would have lost nothing.
    expect(api.saveDraft).toHaveBeenCalled();
    expect(doing.value).toBe('Failing over');

    await fireEvent.click(screen.getByRole('button', { name: 'Reset to template' }));
    await vi.waitFor(() => expect(doing.value).toBe('Investigating'));
    await fireEvent.click(screen.getByRole('button', { name: 'Undo reset' }));
    await vi.waitFor(() => expect(doing.value).toBe('Failing over'));
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

  it('names who each channel preview goes to and records exactly those with Copy and record', async () => {
    vi.mocked(api.recordUpdate).mockResolvedValueOnce({ updates: [{ stakeholder: 'A' }, { stakeholder: 'C' }], already_recorded: false, incident: {} } as never);
    const two = { ...composed, previews: [...composed.previews, { channel: 'telegram', text: '**[SEV1] INC-1: Down**' }] };
    vi.mocked(api.composeUpdate).mockResolvedValue(two as never);
    const onsent = vi.fn();
    render(Composer, {
      id: 'INC-1',
      status: 'investigating',
      recipients: ['A', 'B', 'C'],
      channels: { A: 'slack', B: 'telegram', C: 'slack' },
      onsent,
    });
    const slack = (await screen.findByText('*[SEV1] INC-1: Down*')).closest('figure') as HTMLElement;
    expect(slack.textContent).toContain('→ A, C');
    const button = slack.querySelector("[data-testid='copy-and-record']") as HTMLButtonElement;
    expect(button.textContent).toContain('Copy and record for these 2');
    await fireEvent.click(button);
    await vi.waitFor(() => expect(onsent).toHaveBeenCalled());
    expect(vi.mocked(api.recordUpdate).mock.calls[0][1].to).toEqual(['A', 'C']);
  });

  it('cannot record without recipients', async () => {
    render(Composer, { id: 'INC-1', status: 'investigating', recipients: [], onsent: vi.fn() });
    const button = (await screen.findByRole('button', { name: /Record as sent to 0 stakeholders/ })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });
});
