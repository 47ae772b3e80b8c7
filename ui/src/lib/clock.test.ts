import { describe, expect, it } from 'vitest';
import { nextWake } from './clock.svelte';

describe('nextWake', () => {
  const now = new Date('2026-11-24T10:00:00Z');

  it('sleeps a minute when nothing is shown', () => {
    expect(nextWake([], now)).toBe(60_000);
  });

  it('wakes for the soonest change among the times shown', () => {
    // "due in 15 min" turns into "due in 14 min" in 30 s; "4 min 05 s" turns in 250 ms.
    expect(nextWake(['2026-11-24T10:14:30Z'], now)).toBe(30_000);
    expect(nextWake(['2026-11-24T10:14:30Z', '2026-11-24T10:04:05.250Z'], now)).toBe(250);
  });

  it('never sleeps longer than a minute, however far the due times', () => {
    expect(nextWake(['2026-11-27T10:00:00Z'], now)).toBe(60_000);
  });
});
