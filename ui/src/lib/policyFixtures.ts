// Test data for the views that show cadences: the severity defaults the
// tests assume, and own cadences written as only the intervals they give.
import type { Cadence, CadenceOverride, CadenceScope, Group, GroupCadences } from './bindings';

type Minutes = Partial<Pick<CadenceOverride, 'initial_minutes' | 'update_minutes' | 'resolution_minutes' | 'postmortem_minutes'>>;

/** SEV1–SEV4 defaults: first notice, update every, resolution notice, postmortem. */
export function testCadences(): Cadence[] {
  const sev = (severity: Cadence['severity'], i: number | null, u: number | null, r: number | null, p: number | null): Cadence => ({
    severity,
    initial_minutes: i,
    update_minutes: u,
    resolution_minutes: r,
    postmortem_minutes: p,
  });
  return [sev(1, 5, 30, 15, 4320), sev(2, 15, 60, 30, 7200), sev(3, 60, 240, 60, null), sev(4, null, null, null, null)];
}

/** An own cadence of `scope` for `severity` giving only `minutes` (the rest inherit). */
export function ownCadence(scope: CadenceScope, severity: Cadence['severity'], minutes: Minutes = {}): CadenceOverride {
  return { scope, severity, initial_minutes: null, update_minutes: null, resolution_minutes: null, postmortem_minutes: null, ...minutes };
}

/** What the core says members of `group` inherit: the defaults with `own` minutes per severity put in. */
export function memberCadences(group: Group, own: Partial<Record<Cadence['severity'], Minutes>> = {}): GroupCadences {
  return { group, cadences: testCadences().map((c) => ({ ...c, ...own[c.severity] })) };
}
