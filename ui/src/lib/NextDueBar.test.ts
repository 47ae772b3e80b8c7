import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { DueSummary, Obligation } from './bindings';
import NextDueBar from './NextDueBar.svelte';

// What counts as overdue, snoozed or in the batch is the core's
// (`DueSummary::of`, tested there); the bar renders the summary.

const now = new Date('2026-11-24T10:00:00Z');

function owed(stakeholder: string, due_at: string, urgency: Obligation['urgency'], incident = 'INC-1', drill = false): Obligation {
  return {
    id: 1,
    incident,
    incident_title: 'Down',
    severity: 1,
    drill,
    stakeholder,
    stakeholder_id: 1,
    group: 'institutional_stakers',
    channel: 'slack',
    handle: '#x',
    kind: 'initial',
    due_at,
    overdue: urgency === 'overdue',
    urgency,
    snoozed_until: null,
    owed_now: urgency === 'overdue' || urgency === 'due_soon',
  };
}

function summary(lead: Obligation | null, more: Partial<DueSummary> = {}): DueSummary {
  const overdue = lead?.urgency === 'overdue' ? 1 : 0;
  return { overdue, lead, batch: 1, batch_incidents: lead ? [{ key: lead.incident, drill: lead.drill }] : [], snoozed: 0, ...more };
}

describe('NextDueBar', () => {
  it('counts down to the next update and says how many stakeholders it is for', () => {
    render(NextDueBar, { summary: summary(owed('A', '2026-11-24T10:12:30Z', 'later'), { batch: 2 }), now, onjump: vi.fn() });
    const bar = screen.getByRole('button');
    expect(bar.textContent).toContain('Next initial notice due in 13 min');
    expect(bar.textContent).toContain('2 stakeholders (INC-1)');
  });

  it('names every incident the next batch is for, and how many more past three', () => {
    const lead = owed('A', '2026-11-24T10:12:30Z', 'later');
    const keys = (n: number) => ['INC-1', 'INC-2', 'INC-3', 'INC-4', 'INC-5'].slice(0, n).map((key) => ({ key, drill: false }));
    const { unmount } = render(NextDueBar, { summary: summary(lead, { batch: 3, batch_incidents: keys(2) }), now, onjump: vi.fn() });
    expect(screen.getByRole('button').textContent).toContain('3 stakeholders (INC-1, INC-2)');
    unmount();
    render(NextDueBar, { summary: summary(lead, { batch: 5, batch_incidents: keys(5) }), now, onjump: vi.fn() });
    expect(screen.getByRole('button').textContent).toContain('5 stakeholders (INC-1, INC-2 and 3 more incidents)');
  });

  it('turns red and names the lead when anything is late, and opens its incident', () => {
    const onjump = vi.fn();
    render(NextDueBar, { summary: summary(owed('Exchange A', '2026-11-24T09:55:00Z', 'overdue', 'INC-3'), { overdue: 2, snoozed: 1 }), now, onjump });
    const bar = screen.getByRole('button');
    expect(bar.dataset.urgency).toBe('overdue');
    expect(bar.textContent).toContain('2 updates overdue');
    expect(bar.textContent).toContain('Exchange A (INC-3) 5 min late');
    expect(screen.getByTestId('bar-snoozed').textContent).toContain('1 snoozed');
    bar.click();
    expect(onjump).toHaveBeenCalledWith('INC-3');
  });

  it('marks only the drill incidents DRILL', () => {
    const lead = owed('A', '2026-11-24T10:12:30Z', 'later', 'INC-1', true);
    const batch_incidents = [
      { key: 'INC-1', drill: true },
      { key: 'INC-2', drill: false },
    ];
    render(NextDueBar, { summary: summary(lead, { batch: 2, batch_incidents }), now, onjump: vi.fn() });
    expect(screen.getByRole('button').textContent).toContain('2 stakeholders (INC-1 DRILL, INC-2)');
    expect(screen.getAllByText('DRILL')).toHaveLength(1);
  });

  it('says when nothing is due, and how many are snoozed', () => {
    const { unmount } = render(NextDueBar, { summary: summary(null), now, onjump: vi.fn() });
    expect(screen.getByText('No updates due.')).toBeTruthy();
    unmount();
    render(NextDueBar, { summary: summary(null, { snoozed: 2 }), now, onjump: vi.fn() });
    expect(screen.getByText('No updates due; 2 snoozed.')).toBeTruthy();
  });
});
