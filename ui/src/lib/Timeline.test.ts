import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { TimelineEntry } from './bindings';
import Timeline from './Timeline.svelte';

function entry(id: number, kind: TimelineEntry['kind'], text: string, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    id,
    kind,
    text,
    at: '2026-11-24T23:50:00Z',
    recorded_at: '2026-11-24T23:50:00Z',
    pinned: false,
    edited_at: null,
    history: [],
    ...extra,
  };
}

describe('Timeline', () => {
  it('shows the newest first, keeps the order chosen, and draws a long night a page at a time', async () => {
    localStorage.clear();
    const night = Array.from({ length: 450 }, (_, i) => entry(i + 1, 'note', `note ${i + 1}`));
    const texts = () => [...document.querySelectorAll("ol[aria-label='Timeline'] > li .text")].map((e) => e.textContent);
    const { unmount } = render(Timeline, { entries: night, onpin: vi.fn(), onedit: vi.fn() });
    expect(texts()).toHaveLength(200);
    expect(texts()[0]).toBe('note 450');
    await fireEvent.click(screen.getByTestId('timeline-more'));
    await fireEvent.click(screen.getByTestId('timeline-more'));
    expect(texts()).toHaveLength(450);
    expect(screen.queryByTestId('timeline-more')).toBeNull();

    await fireEvent.click(screen.getByTestId('timeline-order'));
    expect(texts()[0]).toBe('note 1');
    unmount();
    render(Timeline, { entries: night, onpin: vi.fn(), onedit: vi.fn() });
    expect(texts()[0]).toBe('note 1');
    localStorage.clear();
  });

  it('keeps the earlier text of an edited note visible', () => {
    const edited = entry(2, 'note', 'Peers lost on eu-2 (NTP)', {
      edited_at: '2026-11-25T00:10:00Z',
      history: [{ text: 'Peers lost on eu-2', recorded_at: '2026-11-24T23:50:00Z' }],
    });
    render(Timeline, { entries: [entry(1, 'declared', 'SEV1 declared: down'), edited], onpin: vi.fn(), onedit: vi.fn() });
    expect(screen.getByText('Peers lost on eu-2 (NTP)')).toBeTruthy();
    expect(screen.getByText('Peers lost on eu-2').tagName).toBe('S');
  });

  it('offers editing for notes only, since other entries record facts', () => {
    render(Timeline, {
      entries: [entry(1, 'status', 'investigating → identified'), entry(2, 'note', 'a note')],
      onpin: vi.fn(),
      onedit: vi.fn(),
    });
    expect(screen.getAllByRole('button', { name: 'Edit note' })).toHaveLength(1);
  });

  it('says when a back-dated entry was recorded', () => {
    render(Timeline, {
      entries: [entry(1, 'note', 'first alert', { recorded_at: '2026-11-25T08:00:00Z' })],
      onpin: vi.fn(),
      onedit: vi.fn(),
    });
    expect(screen.getByText(/^recorded /)).toBeTruthy();
  });

  it('repeats pinned entries on top and pins with one click', async () => {
    const onpin = vi.fn();
    const pinned = entry(3, 'note', 'Failed over to eu-central', { pinned: true });
    render(Timeline, { entries: [entry(1, 'note', 'other'), pinned], onpin, onedit: vi.fn() });
    expect(screen.getByRole('list', { name: 'Pinned entries' }).textContent).toContain('Failed over to eu-central');
    await fireEvent.click(screen.getAllByRole('button', { name: 'Pin entry' })[0]);
    expect(onpin).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }));
  });
});
