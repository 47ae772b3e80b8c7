import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import UnsavedDialog from '../lib/UnsavedDialog.svelte';
import PlansView from './PlansView.svelte';

beforeAll(() => {
  // jsdom has <dialog> without its modal methods.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.open = false;
  };
});

describe('PlansView', () => {
  it('asks before closing a plan with unsaved edits, and closes at once without any', async () => {
    render(UnsavedDialog);
    render(PlansView, { plans: [], onchanged: vi.fn() });
    const editor = () => screen.queryByRole('form', { name: 'Edit plan' });

    await fireEvent.click(screen.getByRole('button', { name: 'New plan' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(editor()).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'New plan' }));
    await fireEvent.input(screen.getByPlaceholderText('e.g. MEV relay down'), { target: { value: 'Signer outage' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    const asked = await screen.findByTestId('unsaved-dialog');
    expect(asked.textContent).toContain('the response plan “Signer outage”');
    await fireEvent.click(screen.getByRole('button', { name: 'Stay' }));
    expect(editor()).not.toBeNull();
    expect((screen.getByPlaceholderText('e.g. MEV relay down') as HTMLInputElement).value).toBe('Signer outage');

    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await fireEvent.click(await screen.findByTestId('leave-unsaved'));
    expect(editor()).toBeNull();
  });
});
