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

/** Under this many minutes away a due time is shown to the second. */
export const SECONDS_SHOWN_UNDER_MINUTES = 5;
const SECONDS_ZONE_MS = SECONDS_SHOWN_UNDER_MINUTES * 60_000;

/** `seconds` in words: "45 s", "4 min 05 s" to the second, else "14 min", "1 h 02 min", "3 d 04 h". */
function words(seconds: number, toTheSecond: boolean): string {
  const minutes = Math.floor(seconds / 60);
  if (toTheSecond) return minutes > 0 ? `${minutes} min ${pad(seconds % 60)} s` : `${seconds} s`;
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${days} d ${pad(hours % 24)} h`;
  if (hours > 0) return `${hours} h ${pad(minutes % 60)} min`;
  return `${minutes} min`;
}

/** Whether `ms` before (positive) or after (negative) a due time is shown to the second. */
const toTheSecond = (ms: number) => ms > -SECONDS_ZONE_MS && ms <= SECONDS_ZONE_MS;

/**
 * A span that has passed, in words a tired person reads right: "45 s",
 * "4 min 05 s" (under five minutes), "14 min", "1 h 02 min", "3 d 04 h".
 * Rounded down; never negative.
 */
export function formatSpan(ms: number): string {
  const total = Math.max(0, ms);
  return words(Math.floor(total / 1000), toTheSecond(-total));
}

/**
 * "due in 14 min", "due in 4 min 05 s", "due now", "4 min late",
 * "1 h 02 min late". Time left is rounded up and time late down, so the
 * words change at whole minutes (seconds, near the due time) counted from it.
 */
export function formatDue(dueIso: string, now: Date): string {
  const ms = new Date(dueIso).getTime() - now.getTime();
  if (ms <= 0 && ms > -1000) return 'due now';
  if (ms < 0) return `${formatSpan(-ms)} late`;
  const seconds = toTheSecond(ms) ? Math.ceil(ms / 1000) : Math.ceil(ms / 60_000) * 60;
  return `due in ${words(seconds, toTheSecond(ms))}`;
}

/** "12 min", "2 h 05 min": how long from `fromIso` to `now`, as `formatSpan` words. */
export function formatElapsed(fromIso: string, now: Date): string {
  return formatSpan(now.getTime() - new Date(fromIso).getTime());
}

/**
 * How many milliseconds after `now` the words for `dueIso` (as `formatDue`
 * or `formatElapsed` write them) next change: a second in the last minutes
 * before and after it, else at the next whole minute counted from it.
 */
export function nextChange(dueIso: string, now: Date): number {
  const ms = new Date(dueIso).getTime() - now.getTime();
  const step = toTheSecond(ms) ? 1000 : 60_000;
  if (ms > 0) return ms % step || step;
  return step - (-ms % step);
}

/** "04:31": the local time of day of an instant (a snooze's end, within the hour). */
export function localClock(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return `${pad(t.getHours())}:${pad(t.getMinutes())}`;
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
