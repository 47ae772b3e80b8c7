import { describe, expect, it } from 'vitest';
import { formatDue, formatElapsed, nextChange, formatMinutes, formatMoment, formatUtcSeconds, localInputToRfc3339, rfc3339ToLocalInput, utcClock } from './time';

describe('formatMoment', () => {
  it('shows local time with its date and UTC beside it', () => {
    expect(formatMoment('2026-11-24T10:05:00Z', 'Europe/Berlin')).toBe('2026-11-24 11:05 (10:05 UTC)');
  });

  it('repeats the UTC date when the incident crosses midnight between the zones', () => {
    expect(formatMoment('2026-11-24T23:30:00Z', 'Europe/Berlin')).toBe('2026-11-25 00:30 (2026-11-24 23:30 UTC)');
  });

  it('leaves text that is not a time as it is', () => {
    expect(formatMoment('not a time', 'UTC')).toBe('not a time');
  });
});

describe('formatElapsed', () => {
  const now = new Date('2026-11-24T12:00:00Z');

  it('counts minutes under an hour, to the second under five minutes', () => {
    expect(formatElapsed('2026-11-24T11:47:30Z', now)).toBe('12 min');
    expect(formatElapsed('2026-11-24T11:57:55Z', now)).toBe('2 min 05 s');
    expect(formatElapsed('2026-11-24T11:59:15Z', now)).toBe('45 s');
  });

  it('counts hours and minutes under a day, and days beyond', () => {
    expect(formatElapsed('2026-11-24T09:55:00Z', now)).toBe('2 h 05 min');
    expect(formatElapsed('2026-11-22T09:00:00Z', now)).toBe('2 d 03 h');
  });

  it('never shows a negative duration', () => {
    expect(formatElapsed('2026-11-24T12:10:00Z', now)).toBe('0 s');
  });
});

describe('localInputToRfc3339', () => {
  it('leaves an empty field out', () => {
    expect(localInputToRfc3339('  ')).toBeUndefined();
  });

  it('turns a local wall time into the same instant in UTC', () => {
    const value = '2026-11-24T23:45';
    expect(new Date(localInputToRfc3339(value)!).getTime()).toBe(new Date(value).getTime());
  });
});

describe('formatMinutes', () => {
  it('shows phases in minutes, hours or days', () => {
    expect(formatMinutes(54)).toBe('54m');
    expect(formatMinutes(90)).toBe('1h 30m');
    expect(formatMinutes(3 * 1440 + 65)).toBe('3d 01h');
    expect(formatMinutes(-3)).toBe('0m');
  });
});

describe('rfc3339ToLocalInput', () => {
  it('round-trips through the datetime-local input', () => {
    const iso = '2026-11-24T23:47:00.000Z';
    expect(localInputToRfc3339(rfc3339ToLocalInput(iso))).toBe(iso);
    expect(rfc3339ToLocalInput('nonsense')).toBe('');
  });
});

describe('formatDue', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('says how long until, in minutes, hours and days, never as a clock time', () => {
    expect(formatDue('2026-11-24T10:14:00Z', now)).toBe('due in 14 min');
    expect(formatDue('2026-11-24T10:14:30Z', now)).toBe('due in 15 min');
    expect(formatDue('2026-11-24T11:02:00Z', now)).toBe('due in 1 h 02 min');
    expect(formatDue('2026-11-27T14:00:00Z', now)).toBe('due in 3 d 04 h');
  });

  it('counts the last five minutes to the second', () => {
    expect(formatDue('2026-11-24T10:04:05Z', now)).toBe('due in 4 min 05 s');
    expect(formatDue('2026-11-24T10:00:40Z', now)).toBe('due in 40 s');
    expect(formatDue('2026-11-24T10:00:00.4Z', now)).toBe('due in 1 s');
    expect(formatDue('2026-11-24T09:59:59.6Z', now)).toBe('due now');
  });

  it('says how late, without a minus sign', () => {
    expect(formatDue('2026-11-24T09:56:50Z', now)).toBe('3 min 10 s late');
    expect(formatDue('2026-11-24T09:55:54Z', now)).toBe('4 min 06 s late');
    expect(formatDue('2026-11-24T09:40:00Z', now)).toBe('20 min late');
    expect(formatDue('2026-11-24T08:58:00Z', now)).toBe('1 h 02 min late');
  });
});

describe('nextChange', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('wakes once a minute far from the due time, counted from it', () => {
    // 14 min 30 s away: "due in 15 min" until 14 min are left, 30 s from now.
    expect(nextChange('2026-11-24T10:14:30Z', now)).toBe(30_000);
    expect(nextChange('2026-11-24T10:20:00Z', now)).toBe(60_000);
    // 20 min 20 s late: "20 min late" becomes "21 min late" in 40 s.
    expect(nextChange('2026-11-24T09:39:40Z', now)).toBe(40_000);
  });

  it('wakes every second in the last minutes before and after', () => {
    expect(nextChange('2026-11-24T10:04:05.250Z', now)).toBe(250);
    expect(nextChange('2026-11-24T09:57:00Z', now)).toBe(1000);
  });

  it('agrees with the words: they change exactly when it says', () => {
    const dues = [
      '2026-11-24T10:14:30Z',
      '2026-11-24T10:06:00Z',
      '2026-11-24T10:05:00Z',
      '2026-11-24T09:39:40Z',
      '2026-11-24T09:55:00.5Z',
      '2026-11-24T10:04:05.250Z',
      '2026-11-24T10:00:01Z',
      '2026-11-24T09:56:59.9Z',
    ];
    for (const due of dues) {
      const wait = nextChange(due, now);
      const before = new Date(now.getTime() + wait - 1);
      const after = new Date(now.getTime() + wait);
      expect(formatDue(due, before)).toBe(formatDue(due, now));
      expect(formatDue(due, after)).not.toBe(formatDue(due, now));
    }
  });
});

describe('formatUtcSeconds and utcClock', () => {
  it('show a saved version to the second in UTC', () => {
    expect(formatUtcSeconds('2026-12-01T15:03:07+01:00')).toBe('2026-12-01 14:03:07 UTC');
    expect(utcClock('2026-12-01T14:03:07.512Z')).toBe('14:03:07 UTC');
    expect(utcClock('nonsense')).toBe('nonsense');
  });
});
