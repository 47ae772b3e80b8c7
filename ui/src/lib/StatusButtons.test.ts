import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import StatusButtons from './StatusButtons.svelte';

describe('StatusButtons', () => {
  it('shows the current status pressed and moves anywhere else with one click', async () => {
    const onmove = vi.fn();
    render(StatusButtons, { status: 'monitoring', busy: false, onmove });
    const current = screen.getByRole('button', { name: 'Monitoring' });
    expect(current.getAttribute('aria-pressed')).toBe('true');
    expect((current as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Investigating' }));
    expect(onmove).toHaveBeenCalledWith('investigating');
  });
});
