import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../lib/api';
import type { Policies, Stakeholder } from '../lib/bindings';
import { ownCadence, testCadences, memberCadences } from '../lib/policyFixtures';
import StakeholdersView from './StakeholdersView.svelte';

vi.mock('../lib/api', async (importOriginal) => {
  const original = await importOriginal<typeof import('../lib/api')>();
  return { ...original, api: { addStakeholder: vi.fn(), policies: vi.fn(), saveCadenceOverride: vi.fn() } };
});

const addStakeholder = vi.mocked(api.addStakeholder);
const saveCadenceOverride = vi.mocked(api.saveCadenceOverride);

const exchangeB: Stakeholder = {
  id: 7,
  name: 'Exchange B',
  group: 'service_partners',
  notes: '',
  sla_target_percent: 99,
  example: false,
  policy: { live_updates: null, resolution: null, postmortem: null },
  channel: { kind: 'slack', handle: '#exchange-b', added_at: '2025-01-01T00:00:00Z', retired_at: null },
  retired_channels: [],
  retired_at: null,
};

const policies = (): Policies => ({
  cadences: testCadences(),
  groups: [],
  overrides: [
    // Their group's own SEV1 update interval, and another group's that must not show.
    ownCadence({ group: 'service_partners' }, 1, { update_minutes: 10 }),
    ownCadence({ group: 'auditors' }, 1, { initial_minutes: 1, update_minutes: 2, resolution_minutes: 3, postmortem_minutes: 4 }),
    ownCadence({ stakeholder: 'Exchange B' }, 2, { initial_minutes: 5 }),
  ],
  member_cadences: [
    memberCadences('service_partners', { 1: { update_minutes: 10 } }),
    memberCadences('auditors', { 1: { initial_minutes: 1, update_minutes: 2, resolution_minutes: 3, postmortem_minutes: 4 } }),
  ],
});

async function openExchangeB(onchanged = vi.fn()) {
  vi.mocked(api.policies).mockReset().mockImplementation(async () => policies());
  saveCadenceOverride.mockReset().mockImplementation(async (o) => o);
  render(StakeholdersView, { directory: [exchangeB], onchanged });
  await fireEvent.click(screen.getByRole('button', { name: /Exchange B/ }));
  return (name: string) => screen.findByLabelText(`Exchange B ${name}`) as Promise<HTMLInputElement>;
}

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

  it('shows in each empty field of their own cadence what they inherit: their group\'s, else the severity default', async () => {
    const field = await openExchangeB();
    expect((await field('SEV1 Update every')).placeholder).toBe('10');
    expect((await field('SEV1 First notice after')).placeholder).toBe('5');
    expect((await field('SEV1 Postmortem within')).placeholder).toBe('4320');
    expect((await field('SEV3 Postmortem within')).placeholder).toBe('none');
    expect((await field('SEV2 First notice after')).value).toBe('5');
    expect((await field('SEV2 Update every')).value).toBe('');
    expect((await field('SEV2 Update every')).placeholder).toBe('60');
  });

  it('saves their own cadence for a severity, scoped to them by name, and reloads the policies', async () => {
    const onchanged = vi.fn();
    const field = await openExchangeB(onchanged);
    const every = await field('SEV1 Update every');
    await fireEvent.input(every, { target: { value: '15' } });
    await fireEvent.click(within(every.closest('tr')!).getByRole('button', { name: 'Save' }));

    await vi.waitFor(() => expect(onchanged).toHaveBeenCalled());
    expect(saveCadenceOverride).toHaveBeenCalledWith(ownCadence({ stakeholder: 'Exchange B' }, 1, { update_minutes: 15 }));
    expect(api.policies).toHaveBeenCalledTimes(2);
    expect(screen.getByRole('status').textContent).toBe('SEV1 cadence for Exchange B saved.');
  });

  it('sends nothing while a field of the row is not whole minutes', async () => {
    const field = await openExchangeB();
    const first = await field('SEV2 First notice after');
    await fireEvent.input(first, { target: { value: '2.5' } });
    expect(screen.getByText('Enter whole minutes, 1 or more, or leave empty to inherit.')).toBeTruthy();
    await fireEvent.click(within(first.closest('tr')!).getByRole('button', { name: 'Save' }));
    expect(saveCadenceOverride).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe(
      'SEV2 cadence for Exchange B not saved: fix the minutes flagged in its row first.',
    );
  });
});
