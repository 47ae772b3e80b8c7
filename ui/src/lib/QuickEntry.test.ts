import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import QuickEntry from './QuickEntry.svelte';

const box = () => screen.getByLabelText('Add a note to the timeline') as HTMLTextAreaElement;

describe('QuickEntry', () => {
  it('saves on Enter, clears and keeps the focus for the next note', async () => {
    const onnote = vi.fn().mockResolvedValue(undefined);
    render(QuickEntry, { onnote });
    box().focus();
    await fireEvent.input(box(), { target: { value: 'Restarted lighthouse on fra-3' } });
    await fireEvent.keyDown(box(), { key: 'Enter' });
    await vi.waitFor(() => expect(box().value).toBe(''));
    expect(onnote).toHaveBeenCalledWith('Restarted lighthouse on fra-3', undefined);
    expect(document.activeElement).toBe(box());
  });

  it('keeps what was typed and shows the refusal when the note is refused', async () => {
    const onnote = vi.fn().mockRejectedValue(new Error('the note is empty; write what happened'));
    render(QuickEntry, { onnote });
    await fireEvent.input(box(), { target: { value: '   ' } });
    await fireEvent.keyDown(box(), { key: 'Enter' });
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'the note is empty; write what happened');
    expect(box().value).toBe('   ');
  });

  it('adds a new line on Shift+Enter instead of saving', async () => {
    const onnote = vi.fn();
    render(QuickEntry, { onnote });
    await fireEvent.keyDown(box(), { key: 'Enter', shiftKey: true });
    expect(onnote).not.toHaveBeenCalled();
  });
});
