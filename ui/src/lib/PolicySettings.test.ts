import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from './api';
import PolicySettings from './PolicySettings.svelte';

vi.mock('./api', async (importOriginal) => {
  const original = await importOriginal<typeof import('./api')>();
  return { ...original, api: { policies: vi.fn(), saveCadence: vi.fn() } };
});

const saveCadence = vi.mocked(api.saveCadence);
const every = () => screen.findByLabelText('SEV1 Update every') as Promise<HTMLInputElement>;
const save = () => fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]);
const hint = 'Enter whole minutes, 1 or more, or leave empty for none.';

describe('PolicySettings', () => {
  beforeEach(() => {
    saveCadence.mockReset().mockImplementation(async (c) => c);
    vi.mocked(api.policies).mockResolvedValue({
      cadences: [{ severity: 1, initial_minutes: 5, update_minutes: 30, resolution_minutes: 15, postmortem_minutes: 4320 }],
      groups: [],
    });
  });

  it('refuses minutes that are not a whole number of 1 or more, by the field, and keeps what was typed', async () => {
    render(PolicySettings);
    const input = await every();
    for (const typed of ['2.5', '0', '-5']) {
      await fireEvent.input(input, { target: { value: typed } });
      expect(screen.getByText(hint).id).toBe(input.getAttribute('aria-describedby'));
      expect(input.getAttribute('aria-invalid')).toBe('true');
      await save();
      expect(saveCadence).not.toHaveBeenCalled();
      expect(input.value).toBe(typed);
    }
    expect(screen.getByRole('alert').textContent).toContain('SEV1 cadence not saved');
  });

  it('does not take a number WebKit cannot parse ("1e", read as empty) for no cadence', async () => {
    render(PolicySettings);
    const input = await every();
    Object.defineProperty(input, 'validity', { value: { badInput: true } });
    await fireEvent.input(input, { target: { value: '' } });
    expect(screen.getByText(hint)).toBeTruthy();
    await save();
    expect(saveCadence).not.toHaveBeenCalled();
  });

  it('saves whole minutes, and an empty field as no cadence, once the field is fixed', async () => {
    render(PolicySettings);
    const input = await every();
    await fireEvent.input(input, { target: { value: '2.5' } });
    await fireEvent.input(input, { target: { value: '20' } });
    await fireEvent.input(screen.getByLabelText('SEV1 Postmortem within'), { target: { value: '' } });
    expect(screen.queryByText(hint)).toBeNull();
    await save();
    expect(saveCadence).toHaveBeenCalledWith(expect.objectContaining({ update_minutes: 20, postmortem_minutes: null }));
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'SEV1 cadence saved; open incidents follow it now.');
  });
});
