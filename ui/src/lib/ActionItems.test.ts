import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import type { ActionItem } from './bindings';
import ActionItems from './ActionItems.svelte';

const item = (extra: Partial<ActionItem> = {}): ActionItem => ({
  id: 1,
  incident: 'INC-1',
  incident_title: 'Validators offline',
  text: 'Validate the config in CI',
  owner: 'Bo',
  due_on: '2026-11-20',
  kind: 'prevent',
  status: 'open',
  overdue: false,
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-01T10:00:00Z',
  ...extra,
});

describe('ActionItems', () => {
  it('says OVERDUE in words, not only in colour', () => {
    render(ActionItems, { items: [item({ overdue: true })], onadd: vi.fn(), onupdate: vi.fn() });
    expect(screen.getByText('OVERDUE')).toBeTruthy();
  });

  it('keeps what was typed and shows the refusal when an item is refused', async () => {
    const onadd = vi.fn().mockRejectedValue(new ApiError({ kind: 'bad_input', message: 'a due date is YYYY-MM-DD, got 1/12', field: 'due_on' }));
    render(ActionItems, { items: [], onadd, onupdate: vi.fn() });
    const what = screen.getByLabelText('New action item') as HTMLInputElement;
    const due = screen.getByPlaceholderText('YYYY-MM-DD') as HTMLInputElement;
    await fireEvent.input(what, { target: { value: 'Alert on missed attestations' } });
    await fireEvent.input(due, { target: { value: '1/12' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect((await screen.findByRole('alert')).textContent).toContain('a due date is YYYY-MM-DD');
    expect(what.value).toBe('Alert on missed attestations');
    expect(due.value).toBe('1/12');
    expect(due.getAttribute('aria-invalid')).toBe('true');
    expect(due.type).toBe('text');
  });

  it('changes an item in its row and sends the whole item', async () => {
    const onupdate = vi.fn().mockResolvedValue(undefined);
    render(ActionItems, { items: [item()], onadd: vi.fn(), onupdate });
    await fireEvent.click(screen.getByRole('button', { name: 'Edit “Validate the config in CI”' }));
    await fireEvent.input(screen.getByLabelText('Owner of “Validate the config in CI”'), { target: { value: 'Ana' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onupdate).toHaveBeenCalledWith(1, { text: 'Validate the config in CI', kind: 'prevent', owner: 'Ana', due_on: '2026-11-20', status: 'open' });
  });
});
