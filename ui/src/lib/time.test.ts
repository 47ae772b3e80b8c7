import { describe, expect, it } from 'vitest';
import { formatCountdown, formatElapsed, formatMinutes, formatMoment, formatUtcSeconds, localInputToRfc3339, rfc3339ToLocalInput, utcClock } from './time';

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

  it('counts seconds under an hour', () => {
    expect(formatElapsed('2026-11-24T11:47:30Z', now)).toBe('12m 30s');
  });

  it('counts hours and minutes under a day, and days beyond', () => {
    expect(formatElapsed('2026-11-24T09:55:00Z', now)).toBe('2h 05m');
    expect(formatElapsed('2026-11-22T09:00:00Z', now)).toBe('2d 03h');
  });

  it('never shows a negative duration', () => {
    expect(formatElapsed('2026-11-24T12:10:00Z', now)).toBe('0m 00s');
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

describe('formatCountdown', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  it('counts down in minutes and seconds, with hours when far away, and negative when late', () => {
    expect(formatCountdown('2026-11-24T10:12:05Z', now)).toBe('12:05');
    expect(formatCountdown('2026-11-24T11:02:05Z', now)).toBe('1:02:05');
    expect(formatCountdown('2026-11-24T09:56:50Z', now)).toBe('-03:10');
  });
});

describe('formatUtcSeconds and utcClock', () => {
  it('show a saved version to the second in UTC', () => {
    expect(formatUtcSeconds('2026-12-01T15:03:07+01:00')).toBe('2026-12-01 14:03:07 UTC');
    expect(utcClock('2026-12-01T14:03:07.512Z')).toBe('14:03:07 UTC');
    expect(utcClock('nonsense')).toBe('nonsense');
  });
});
