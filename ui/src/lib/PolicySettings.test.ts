import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from './api';
import type { Policies } from './bindings';
import { ownCadence, testCadences, memberCadences } from './policyFixtures';
import PolicySettings from './PolicySettings.svelte';

vi.mock('./api', async (importOriginal) => {
  const original = await importOriginal<typeof import('./api')>();
  return { ...original, api: { policies: vi.fn(), saveCadence: vi.fn(), saveCadenceOverride: vi.fn() } };
});

const saveCadence = vi.mocked(api.saveCadence);
const saveCadenceOverride = vi.mocked(api.saveCadenceOverride);
const every = () => screen.findByLabelText('SEV1 Update every') as Promise<HTMLInputElement>;
const save = () => fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]);
const hint = 'Enter whole minutes, 1 or more, or leave empty for none.';

describe('PolicySettings', () => {
  beforeEach(() => {
    saveCadence.mockReset().mockImplementation(async (c) => c);
    vi.mocked(api.policies).mockResolvedValue({
      cadences: testCadences().slice(0, 1),
      groups: [],
      overrides: [],
      member_cadences: [],
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

describe('PolicySettings, a group\'s own cadence', () => {
  const policies = (): Policies => ({
    cadences: testCadences(),
    groups: [
      { group: 'service_partners', live_updates: [1, 2], resolution: [1, 2, 3], postmortem: [1], opt_in: false },
      { group: 'auditors', live_updates: [1], resolution: [1], postmortem: [1], opt_in: false },
    ],
    overrides: [
      ownCadence({ group: 'service_partners' }, 2, { update_minutes: 20 }),
    ],
    member_cadences: [memberCadences('service_partners', { 2: { update_minutes: 20 } })],
  });
  const field = (name: string) => screen.findByLabelText(`Service partners ${name}`) as Promise<HTMLInputElement>;
  const saveRow = (input: HTMLElement) => fireEvent.click(within(input.closest('tr')!).getByRole('button', { name: 'Save' }));

  async function openGrid() {
    render(PolicySettings);
    const toggle = await screen.findByRole('button', { name: 'Cadence for Service partners' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByLabelText('Service partners SEV1 Update every')).toBeNull();
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
  }

  beforeEach(() => {
    saveCadence.mockReset();
    saveCadenceOverride.mockReset().mockImplementation(async (o) => o);
    vi.mocked(api.policies).mockReset().mockImplementation(async () => policies());
  });

  it('shows its own minutes, and in each empty field the severity default it inherits', async () => {
    await openGrid();
    expect((await field('SEV2 Update every')).value).toBe('20');
    expect((await field('SEV1 First notice after')).placeholder).toBe('5');
    expect((await field('SEV1 Update every')).placeholder).toBe('30');
    expect((await field('SEV1 Postmortem within')).placeholder).toBe('4320');
    expect((await field('SEV2 First notice after')).placeholder).toBe('15');
    expect((await field('SEV3 Postmortem within')).placeholder).toBe('none');
    expect((await field('SEV1 Update every')).value).toBe('');
    expect(screen.queryByLabelText('Auditors SEV1 Update every')).toBeNull();
  });

  it('saves a severity row with the group scope and only the minutes typed', async () => {
    await openGrid();
    const every = await field('SEV1 Update every');
    await fireEvent.input(every, { target: { value: '10' } });
    await fireEvent.input(await field('SEV1 Postmortem within'), { target: { value: '2880' } });
    await saveRow(every);
    expect(saveCadenceOverride).toHaveBeenCalledTimes(1);
    expect(saveCadenceOverride).toHaveBeenCalledWith(
      ownCadence({ group: 'service_partners' }, 1, { update_minutes: 10, postmortem_minutes: 2880 }),
    );
    expect(saveCadence).not.toHaveBeenCalled();
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'SEV1 cadence for Service partners saved; open incidents follow it now.',
    );
    expect(api.policies).toHaveBeenCalledTimes(2);
  });

  it('clears its own cadence for a severity when every field of the row is emptied', async () => {
    await openGrid();
    const every = await field('SEV2 Update every');
    await fireEvent.input(every, { target: { value: '' } });
    await saveRow(every);
    expect(saveCadenceOverride).toHaveBeenCalledWith(ownCadence({ group: 'service_partners' }, 2));
    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'SEV2 cadence for Service partners cleared; the severity default applies.',
    );
  });

  it('flags minutes that are not whole and sends nothing for that row', async () => {
    await openGrid();
    const every = await field('SEV1 Update every');
    await fireEvent.input(every, { target: { value: '0' } });
    const hint = screen.getByText('Enter whole minutes, 1 or more, or leave empty to inherit.');
    expect(hint.id).toBe(every.getAttribute('aria-describedby'));
    await saveRow(every);
    expect(saveCadenceOverride).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe(
      'SEV1 cadence for Service partners not saved: fix the minutes flagged in its row first.',
    );
  });

  it('shows a refusal from the core in its words, and no confirmation', async () => {
    saveCadenceOverride.mockRejectedValue(new Error('minutes must be at least 1'));
    await openGrid();
    const every = await field('SEV1 Update every');
    await fireEvent.input(every, { target: { value: '10' } });
    await saveRow(every);
    expect((await screen.findByRole('alert')).textContent).toBe('minutes must be at least 1');
    expect(screen.queryByRole('status')).toBeNull();
  });
});
