// Cadences as the window edits them: the four intervals, and how a group's or
// a stakeholder's own cadence sits on the level above (severity default →
// group → stakeholder; per interval, the most specific one given wins).
import type { Cadence, CadenceOverride, CadenceScope, Group, Policies, Severity } from './bindings';

export type Interval = 'initial_minutes' | 'update_minutes' | 'resolution_minutes' | 'postmortem_minutes';

/** The intervals of a cadence, in the order the tables show them. */
export const intervals: { key: Interval; label: string }[] = [
  { key: 'initial_minutes', label: 'First notice after' },
  { key: 'update_minutes', label: 'Update every' },
  { key: 'resolution_minutes', label: 'Resolution notice after' },
  { key: 'postmortem_minutes', label: 'Postmortem within' },
];

export const severities: Severity[] = [1, 2, 3, 4];

const none = (severity: Severity): Cadence => ({
  severity,
  initial_minutes: null,
  update_minutes: null,
  resolution_minutes: null,
  postmortem_minutes: null,
});

function sameScope(a: CadenceScope, b: CadenceScope): boolean {
  return 'group' in a ? 'group' in b && a.group === b.group : 'stakeholder' in b && a.stakeholder === b.stakeholder;
}

/** A scope's own cadence for a severity; null where it inherits. */
function ownCadence(p: Policies, scope: CadenceScope, severity: Severity): Cadence {
  const o = p.overrides.find((o) => o.severity === severity && sameScope(o.scope, scope));
  if (!o) return none(severity);
  const { initial_minutes, update_minutes, resolution_minutes, postmortem_minutes } = o;
  return { severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes };
}

/** A scope's own cadence per severity, SEV1 to SEV4; null where it inherits. */
export const ownCadences = (p: Policies, scope: CadenceScope): Cadence[] =>
  severities.map((severity) => ownCadence(p, scope, severity));

/** Whether a scope has its own value for any interval of any severity. */
export const hasOwnCadence = (p: Policies, scope: CadenceScope): boolean =>
  p.overrides.some((o) => sameScope(o.scope, scope));

/**
 * What a scope inherits for a severity where it gives nothing itself, as
 * the core says: the severity default for a group; for a member of `group`,
 * that with the group's own cadence.
 */
export function inheritedCadence(p: Policies, severity: Severity, group?: Group): Cadence {
  const level = group === undefined ? p.cadences : (p.member_cadences.find((g) => g.group === group)?.cadences ?? []);
  return level.find((c) => c.severity === severity) ?? none(severity);
}

/** The override that saves a scope's row; with every interval null it clears it. */
export function toOverride(scope: CadenceScope, c: Cadence): CadenceOverride {
  const { severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes } = c;
  return { scope, severity, initial_minutes, update_minutes, resolution_minutes, postmortem_minutes };
}

/** Whether a row gives no interval at all. */
export const givesNothing = (c: Cadence) => intervals.every(({ key }) => c[key] === null);

/** A field's placeholder: the minutes it would have if left empty. */
export const minutesOrNone = (minutes: number | null) => (minutes === null ? 'none' : String(minutes));
