import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../lib/api';
import StakeholdersView from './StakeholdersView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../lib/api')>();
  return { ...original, api: { addStakeholder: vi.fn() } };
});

const addStakeholder = vi.mocked(api.addStakeholder);

describe('StakeholdersView', () => {
  it('sends the notes typed in the add form and clears them once added', async () => {
    addStakeholder.mockImplementation(async (input) => ({ name: input.name }) as never);
    const onchanged = vi.fn();
    render(StakeholdersView, { directory: [], onchanged });

    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Exchange B' } });
    await fireEvent.input(screen.getByLabelText('Handle'), { target: { value: '#exchange-b' } });
    const notes = screen.getByLabelText('Notes (optional)') as HTMLTextAreaElement;
    await fireEvent.input(notes, { target: { value: 'Call the ops desk first; Slack is read late' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));

    await vi.waitFor(() => expect(onchanged).toHaveBeenCalled());
    expect(addStakeholder).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'Exchange B', handle: '#exchange-b', notes: 'Call the ops desk first; Slack is read late' }),
    );
    expect(notes.value).toBe('');
    expect(screen.getByRole('status').textContent).toBe('Added Exchange B.');
  });
});
