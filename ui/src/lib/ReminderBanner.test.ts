import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ReminderBanner from './ReminderBanner.svelte';

const notice = {
  summary: 'INC-1 SEV1 · update due',
  body: "Signer down\nExchange A (example) (Slack)\nSend the update from Sitrep's comms checklist, or snooze it.",
  critical: false,
  incident: 'INC-1',
  obligations: [3, 4],
};

describe('ReminderBanner', () => {
  it('shows a reminder the desktop could not, with the notification actions', async () => {
    const onsnooze = vi.fn();
    const onmarksent = vi.fn();
    render(ReminderBanner, { notice, problem: null, onopen: vi.fn(), onmarksent, onsnooze, ondismiss: vi.fn() });
    const shown = screen.getByRole('alert').textContent;
    expect(shown).toContain('INC-1 SEV1 · update due');
    expect(shown).toContain('Signer down');
    expect(shown).toContain('Exchange A (example) (Slack)');
    expect(shown).not.toContain('from Sitrep'); // the desktop's instruction, not the window's
    await fireEvent.click(screen.getByRole('button', { name: 'Snooze 5 min' }));
    expect(onsnooze).toHaveBeenLastCalledWith([3, 4], 5);
    await fireEvent.click(screen.getByRole('button', { name: 'Snooze 30 min' }));
    expect(onsnooze).toHaveBeenLastCalledWith([3, 4], 30);
    await fireEvent.click(screen.getByRole('button', { name: 'Mark sent' }));
    expect(onmarksent).toHaveBeenCalledWith([3, 4]);
  });

  it('shows nothing when there is nothing to say', () => {
    render(ReminderBanner, { notice: null, problem: null, onopen: vi.fn(), onmarksent: vi.fn(), onsnooze: vi.fn(), ondismiss: vi.fn() });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
