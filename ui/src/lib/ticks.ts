// Who the next update goes to. The core says who is owed now (a first or
// resolution notice not sent yet, an update due within minutes or late);
// the IC's own ticks and unticks since the last send are kept on top of
// that, so a stakeholder who becomes owed is ticked without undoing what
// the IC chose, and one just told is not ticked again.

/** The IC's changes to the default ticks since the last send. */
export interface Picks {
  added: string[];
  removed: string[];
}

/** No changes: exactly who is owed now. */
export const NO_PICKS: Picks = { added: [], removed: [] };

/** The ticked names: owed now plus the IC's additions, minus their removals. */
export function ticked(owedNow: readonly string[], picks: Picks): string[] {
  const names = [...owedNow, ...picks.added.filter((n) => !owedNow.includes(n))];
  return names.filter((n) => !picks.removed.includes(n));
}

/** The picks that make `chosen` the ticked names, given who is owed now. */
export function picksFor(owedNow: readonly string[], chosen: readonly string[]): Picks {
  return {
    added: chosen.filter((n) => !owedNow.includes(n)),
    removed: owedNow.filter((n) => !chosen.includes(n)),
  };
}

/** "Lido, Exchange C (+4)": who a record is for, two named. */
export function recipientsLine(names: readonly string[]): string {
  const shown = names.slice(0, 2).join(', ');
  return names.length > 2 ? `${shown} (+${names.length - 2})` : shown;
}
