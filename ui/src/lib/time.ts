// How times are shown: local time with the date (incidents cross midnight),
// UTC beside it. Stored times are always UTC RFC 3339 strings.

const pad = (n: number) => String(n).padStart(2, '0');

interface Parts {
  date: string;
  time: string;
}

function partsIn(instant: Date, timeZone: string | undefined): Parts {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const get = (type: string) => fmt.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/**
 * "2026-11-24 23:45 (22:45 UTC)"; the UTC date is repeated only when it
 * differs from the local one. `timeZone` defaults to the system's.
 */
export function formatMoment(iso: string, timeZone?: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const local = partsIn(instant, timeZone);
  const utc = partsIn(instant, 'UTC');
  const utcText = utc.date === local.date ? `${utc.time} UTC` : `${utc.date} ${utc.time} UTC`;
  return `${local.date} ${local.time} (${utcText})`;
}

/** "2h 05m", "12m 30s", "45s": how long from `fromIso` to `now`; never negative. */
export function formatElapsed(fromIso: string, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - new Date(fromIso).getTime()) / 1000));
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days}d ${pad(hours)}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  return `${minutes}m ${pad(seconds % 60)}s`;
}

/**
 * The value of an `<input type="datetime-local">` (local wall time, no
 * offset) as RFC 3339 with the system's offset; empty stays empty.
 */
export function localInputToRfc3339(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}

/** "54m", "1h 30m", "2d 03h": a duration given in minutes, for durations of phases. */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  const mins = whole % 60;
  if (days > 0) return `${days}d ${pad(hours)}h`;
  if (hours > 0) return `${hours}h ${pad(mins)}m`;
  return `${mins}m`;
}

/** An RFC 3339 instant as the value of an `<input type="datetime-local">`, in local time. */
export function rfc3339ToLocalInput(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}T${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/**
 * A countdown to `dueIso`: "12:05", "1:02:05" when an hour or more away,
 * and "-03:10" once late.
 */
export function formatCountdown(dueIso: string, now: Date): string {
  const total = Math.round((new Date(dueIso).getTime() - now.getTime()) / 1000);
  const late = total < 0;
  const seconds = Math.abs(total);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const body = hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds % 60)}` : `${pad(minutes)}:${pad(seconds % 60)}`;
  return late ? `-${body}` : body;
}

/** "2026-12-01 14:03:07 UTC": an instant to the second, in UTC (a saved version). */
export function formatUtcSeconds(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return `${t.toISOString().slice(0, 10)} ${t.toISOString().slice(11, 19)} UTC`;
}

/** "14:03:07 UTC": the time of day of an instant, in UTC (the last save). */
export function utcClock(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return `${t.toISOString().slice(11, 19)} UTC`;
}
