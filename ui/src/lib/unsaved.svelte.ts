// Editors holding changes not yet saved (settings, a stakeholder, a plan),
// so leaving them asks first instead of losing the changes silently. An
// editor registers while it is on screen; navigation goes through
// `whenSaved`, which runs at once when nothing is unsaved and otherwise
// waits for the IC's answer in the one UnsavedDialog.

interface Editor {
  label: string;
  dirty: () => boolean;
}

const editors = new Set<Editor>();

/** The question being asked: what is unsaved, and what leaving would do. */
export const leaving = $state<{ asked: { labels: string[]; proceed: () => void } | null }>({ asked: null });

/**
 * Registers an editor for the life of the calling component: `dirty` says
 * whether it holds changes not yet saved; `label` names it in the question.
 */
export function guardUnsaved(label: string | (() => string), dirty: () => boolean): void {
  $effect(() => {
    const editor = { get label() { return typeof label === 'function' ? label() : label; }, dirty };
    editors.add(editor);
    return () => editors.delete(editor);
  });
}

/** The labels of the editors holding unsaved changes now. */
export function unsaved(): string[] {
  return [...editors].filter((e) => e.dirty()).map((e) => e.label);
}

/** Runs `proceed` now if nothing is unsaved, else once the IC agrees to leave the changes. */
export function whenSaved(proceed: () => void): void {
  const labels = unsaved();
  if (labels.length === 0) proceed();
  else leaving.asked = { labels, proceed };
}

/** Whether two values as typed are the same (an editor's text against what was loaded). */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
