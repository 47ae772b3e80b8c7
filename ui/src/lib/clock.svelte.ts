// One clock for every countdown and elapsed time on screen. It wakes only
// when a shown time's words change ("due in 14 min" once a minute, the last
// minutes every second), at least once a minute, and never while the window
// is hidden in the tray: an idle window repaints nothing.
import { nextChange } from './time';

/** The instant every time on screen is drawn at. */
export const clock = $state({ now: new Date() });

/** The longest the clock sleeps: elapsed phases and SLA budgets move by the minute. */
const AT_LEAST_EVERY_MS = 60_000;

const sources = new Set<() => readonly string[]>();
let timer: ReturnType<typeof setTimeout> | undefined;

/** When the clock must next wake after `now`, in ms, for the times `sources` show. */
export function nextWake(times: Iterable<string>, now: Date): number {
  let wait = AT_LEAST_EVERY_MS;
  for (const time of times) wait = Math.min(wait, nextChange(time, now));
  return wait;
}

function schedule() {
  clearTimeout(timer);
  if (document.hidden) return;
  const shown = [...sources].flatMap((times) => times());
  timer = setTimeout(() => {
    clock.now = new Date();
    schedule();
  }, nextWake(shown, new Date()));
}

/**
 * Keeps the clock waking for the instants `times` returns (RFC 3339); call
 * it from an `$effect` so a new list replaces the old. Returns the stop.
 */
export function watchTimes(times: () => readonly string[]): () => void {
  sources.add(times);
  // New times on screen are drawn against the time now, not the last wake.
  clock.now = new Date();
  schedule();
  return () => {
    sources.delete(times);
    schedule();
  };
}

document.addEventListener('visibilitychange', () => {
  if (!document.hidden) clock.now = new Date();
  schedule();
});
