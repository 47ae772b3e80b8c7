import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../lib/api';
import DeclareView from './DeclareView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../lib/api')>();
  return { ...original, api: { declareIncident: vi.fn() } };
});

const declareIncident = vi.mocked(api.declareIncident);

describe('DeclareView', () => {
  beforeEach(() => {
    declareIncident.mockReset();
  });

  it('starts with the title focused so the IC can type at once', () => {
    render(DeclareView, { ondeclared: vi.fn(), oncancel: vi.fn() });
    expect(document.activeElement).toBe(screen.getByLabelText('What is broken?'));
  });

  it('sends the title and chosen severity, and reports the declared incident', async () => {
    const ondeclared = vi.fn();
    const declared = { id: 'INC-1', title: 'Validators offline', severity: 1, timeline: [] };
    declareIncident.mockResolvedValue(declared as never);
    render(DeclareView, { ondeclared, oncancel: vi.fn() });

    await fireEvent.input(screen.getByLabelText('What is broken?'), { target: { value: 'Validators offline' } });
    await fireEvent.click(screen.getByLabelText(/SEV1/));
    await fireEvent.click(screen.getByRole('button', { name: 'Declare' }));

    await vi.waitFor(() => expect(ondeclared).toHaveBeenCalledWith(declared));
    expect(declareIncident).toHaveBeenCalledWith(expect.objectContaining({ title: 'Validators offline', severity: 1, drill: false }));
  });

  it('shows a refusal from the core next to the field it names', async () => {
    const refusal = new ApiError({
      kind: 'bad_input',
      message: 'the title is empty; say in a few words what is broken',
      field: 'title',
    });
    declareIncident.mockImplementation(async () => {
      throw refusal;
    });
    const ondeclared = vi.fn();
    render(DeclareView, { ondeclared, oncancel: vi.fn() });

    await fireEvent.click(screen.getByRole('button', { name: 'Declare' }));

    const message = await screen.findByRole('alert');
    expect(message.textContent).toContain('the title is empty');
    expect(screen.getByLabelText('What is broken?').getAttribute('aria-describedby')).toBe(message.id);
    expect(ondeclared).not.toHaveBeenCalled();
  });

  it('picks the severity with 1–4 outside the title and Alt+1–4 inside it; a digit in the title is text', async () => {
    declareIncident.mockResolvedValue({ id: 'INC-1' } as never);
    render(DeclareView, { ondeclared: vi.fn(), oncancel: vi.fn() });
    const title = screen.getByLabelText('What is broken?') as HTMLInputElement;
    await fireEvent.keyDown(title, { key: '3' });
    expect((screen.getByLabelText(/SEV2/) as HTMLInputElement).checked).toBe(true);
    await fireEvent.keyDown(title, { key: '1', altKey: true });
    expect((screen.getByLabelText(/SEV1/) as HTMLInputElement).checked).toBe(true);
    await fireEvent.keyDown(screen.getByLabelText(/SEV1/), { key: '4' });
    expect((screen.getByLabelText(/SEV4/) as HTMLInputElement).checked).toBe(true);
  });

  it('reaches the kind list with Alt+K, and Enter there declares', async () => {
    const ondeclared = vi.fn();
    declareIncident.mockResolvedValue({ id: 'INC-1' } as never);
    render(DeclareView, { ondeclared, oncancel: vi.fn(), plans: [{ kind: 'signer', name: 'Signer outage' } as never] });
    await fireEvent.input(screen.getByLabelText('What is broken?'), { target: { value: 'Signer down' } });
    await fireEvent.keyDown(screen.getByLabelText('What is broken?'), { key: 'k', altKey: true });
    const kinds = screen.getByLabelText('Kind of incident') as HTMLSelectElement;
    expect(document.activeElement).toBe(kinds);
    await fireEvent.change(kinds, { target: { value: 'signer' } });
    await fireEvent.keyDown(kinds, { key: 'Enter' });
    await vi.waitFor(() => expect(ondeclared).toHaveBeenCalled());
    expect(declareIncident).toHaveBeenCalledWith(expect.objectContaining({ title: 'Signer down', kind: 'signer' }));
  });

  it('cancels on Escape', async () => {
    const oncancel = vi.fn();
    render(DeclareView, { ondeclared: vi.fn(), oncancel });
    await fireEvent.keyDown(screen.getByLabelText('What is broken?'), { key: 'Escape' });
    expect(oncancel).toHaveBeenCalled();
  });
});
