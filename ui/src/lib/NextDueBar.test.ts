import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Obligation } from './bindings';
import NextDueBar from './NextDueBar.svelte';

const now = new Date('2026-11-24T10:00:00Z');

function owed(
  stakeholder: string,
  due_at: string,
  urgency: Obligation['urgency'],
  kind: Obligation['kind'] = 'initial',
  incident = 'INC-1',
  drill = false,
): Obligation {
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
    kind,
    due_at,
    overdue: urgency === 'overdue' || urgency === 'snoozed',
    urgency,
    snoozed_until: urgency === 'snoozed' ? '2026-11-24T10:10:00Z' : null,
    owed_now: urgency === 'overdue' || urgency === 'due_soon',
  };
}

describe('NextDueBar', () => {
  it('counts down to the next update and says how many stakeholders it is for', () => {
    render(NextDueBar, {
      due: [owed('A', '2026-11-24T10:12:30Z', 'later'), owed('B', '2026-11-24T10:12:30Z', 'later'), owed('C', '2026-11-24T11:00:00Z', 'later')],
      now,
      onjump: vi.fn(),
    });
    const bar = screen.getByRole('button');
    expect(bar.textContent).toContain('Next initial notice due in 13 min');
    expect(bar.textContent).toContain('2 stakeholders (INC-1)');
  });

  it('names every incident the next batch is for, and how many more past three', () => {
    const at = '2026-11-24T10:12:30Z';
    const { unmount } = render(NextDueBar, {
      due: [owed('A', at, 'later', 'initial', 'INC-1'), owed('B', at, 'later', 'initial', 'INC-2'), owed('C', at, 'later', 'initial', 'INC-2')],
      now,
      onjump: vi.fn(),
    });
    expect(screen.getByRole('button').textContent).toContain('3 stakeholders (INC-1, INC-2)');
    unmount();
    render(NextDueBar, {
      due: ['INC-1', 'INC-2', 'INC-3', 'INC-4', 'INC-5'].map((key) => owed('A', at, 'later', 'initial', key)),
      now,
      onjump: vi.fn(),
    });
    expect(screen.getByRole('button').textContent).toContain('5 stakeholders (INC-1, INC-2 and 3 more incidents)');
  });

  it('turns red and names the most overdue stakeholder when anything is late', () => {
    render(NextDueBar, {
      due: [owed('Exchange A', '2026-11-24T09:55:00Z', 'overdue'), owed('B', '2026-11-24T10:30:00Z', 'later')],
      now,
      onjump: vi.fn(),
    });
    const bar = screen.getByRole('button');
    expect(bar.dataset.urgency).toBe('overdue');
    expect(bar.textContent).toContain('1 update overdue');
    expect(bar.textContent).toContain('Exchange A (INC-1) 5 min late');
  });

  it('leaves a snoozed reminder out of the overdue count and says how many are snoozed', () => {
    render(NextDueBar, {
      due: [
        owed('Exchange A', '2026-11-24T09:50:00Z', 'snoozed'),
        owed('Partner B', '2026-11-24T09:55:00Z', 'overdue'),
        owed('C', '2026-11-24T10:30:00Z', 'later'),
      ],
      now,
      onjump: vi.fn(),
    });
    const bar = screen.getByRole('button');
    expect(bar.textContent).toContain('1 update overdue');
    expect(bar.textContent).toContain('Partner B (INC-1) 5 min late');
    expect(bar.textContent).toContain('1 snoozed');
  });

  it('is calm when the only late reminders are snoozed', () => {
    render(NextDueBar, {
      due: [owed('Exchange A', '2026-11-24T09:50:00Z', 'snoozed'), owed('C', '2026-11-24T10:30:00Z', 'later')],
      now,
      onjump: vi.fn(),
    });
    const bar = screen.getByRole('button');
    expect(bar.dataset.urgency).toBe('later');
    expect(bar.textContent).toContain('Next initial notice due in 30 min');
  });

  it('marks a drill DRILL beside its key when the most overdue update is for it', () => {
    render(NextDueBar, {
      due: [owed('Exchange A', '2026-11-24T09:55:00Z', 'overdue', 'initial', 'INC-7', true)],
      now,
      onjump: vi.fn(),
    });
    expect(screen.getByRole('button').textContent).toContain('Exchange A (INC-7 DRILL) 5 min late');
  });

  it('marks only the drill incidents of the next batch DRILL', () => {
    const at = '2026-11-24T10:12:30Z';
    render(NextDueBar, {
      due: [owed('A', at, 'later', 'initial', 'INC-1', true), owed('B', at, 'later', 'initial', 'INC-2')],
      now,
      onjump: vi.fn(),
    });
    const bar = screen.getByRole('button');
    expect(bar.textContent).toContain('2 stakeholders (INC-1 DRILL, INC-2)');
    expect(screen.getAllByText('DRILL')).toHaveLength(1);
  });

  it('leaves postmortems out and says when nothing is due', () => {
    render(NextDueBar, { due: [owed('A', '2026-11-27T10:00:00Z', 'later', 'postmortem')], now, onjump: vi.fn() });
    expect(screen.getByText('No updates due.')).toBeTruthy();
  });
});
