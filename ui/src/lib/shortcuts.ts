// Every keyboard shortcut in one table: the handlers match keys through it,
// tooltips quote it, and the "?" overlay lists it, so what a tooltip says
// is what the key does.

/** Where a shortcut works. */
export type Scope = 'Anywhere' | 'Declare form' | 'Incident' | 'Postmortem';

/** A key and the modifiers it needs; `key` is `KeyboardEvent.key`, lower-cased for letters. */
interface Chord {
  key: string;
  ctrl?: boolean;
  alt?: boolean;
  shift?: boolean;
}

/** One shortcut: the keys as shown, what it does, where, and the chords it answers to. */
export interface Shortcut {
  keys: string;
  does: string;
  scope: Scope;
  chords: Chord[];
}

const digits = (from: number, to: number, mods: Omit<Chord, 'key'>): Chord[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ key: String(from + i), ...mods }));

export const SHORTCUTS = {
  declare: { keys: 'Ctrl+N', does: 'Declare an incident', scope: 'Anywhere', chords: [{ key: 'n', ctrl: true }] },
  find: { keys: 'Ctrl+F', does: 'Find an incident', scope: 'Anywhere', chords: [{ key: 'f', ctrl: true }] },
  switchTo: {
    keys: 'Ctrl+1…9',
    does: 'Open the 1st…9th open incident in the list',
    scope: 'Anywhere',
    chords: digits(1, 9, { ctrl: true }),
  },
  close: { keys: 'Ctrl+W', does: 'Close the window to the tray (reminders keep coming)', scope: 'Anywhere', chords: [{ key: 'w', ctrl: true }] },
  help: {
    keys: '? or F1',
    does: 'Show these shortcuts',
    scope: 'Anywhere',
    chords: [{ key: '?' }, { key: 'f1' }],
  },
  severity: {
    keys: '1–4 (Alt+1–4 while typing)',
    does: 'Pick the severity',
    scope: 'Declare form',
    chords: [...digits(1, 4, {}), ...digits(1, 4, { alt: true })],
  },
  kind: { keys: 'Alt+K', does: 'Pick the kind and response plan', scope: 'Declare form', chords: [{ key: 'k', alt: true }] },
  submitDeclare: { keys: 'Enter', does: 'Declare (also from the kind list)', scope: 'Declare form', chords: [{ key: 'enter' }] },
  cancel: { keys: 'Esc', does: 'Cancel', scope: 'Declare form', chords: [{ key: 'escape' }] },
  status: {
    keys: 'Alt+1…5',
    does: 'Move to Investigating, Identified, Monitoring, Resolved, Closed',
    scope: 'Incident',
    chords: digits(1, 5, { alt: true }),
  },
  note: { keys: 'Ctrl+K', does: 'Write a note in the timeline', scope: 'Incident', chords: [{ key: 'k', ctrl: true }] },
  checklist: { keys: 'Alt+C', does: 'Go to the comms checklist', scope: 'Incident', chords: [{ key: 'c', alt: true }] },
  composer: { keys: 'Alt+U', does: 'Go to the update composer', scope: 'Incident', chords: [{ key: 'u', alt: true }] },
  record: {
    keys: 'Ctrl+Enter',
    does: 'Record the update as sent to everyone ticked',
    scope: 'Incident',
    chords: [{ key: 'enter', ctrl: true }],
  },
  roles: { keys: 'Alt+R', does: 'Go to roles (the person field)', scope: 'Incident', chords: [{ key: 'r', alt: true }] },
  save: { keys: 'Ctrl+S', does: 'Save now (it also saves as you type)', scope: 'Postmortem', chords: [{ key: 's', ctrl: true }] },
} satisfies Record<string, Shortcut>;

export type ShortcutName = keyof typeof SHORTCUTS;

/** Whether `event` is one of `name`'s chords (Cmd counts as Ctrl on a Mac). */
export function matches(name: ShortcutName, event: KeyboardEvent): boolean {
  const key = event.key.toLowerCase();
  const ctrl = event.ctrlKey || event.metaKey;
  return SHORTCUTS[name].chords.some(
    (c: Chord) =>
      c.key === key && !!c.ctrl === ctrl && !!c.alt === event.altKey && (c.shift === undefined || c.shift === event.shiftKey),
  );
}

/** "Declare an incident (Ctrl+N)": a tooltip that names the key. */
export function tip(name: ShortcutName, text: string = SHORTCUTS[name].does): string {
  return `${text} (${SHORTCUTS[name].keys})`;
}

/** Whether the focus is somewhere typing goes (a plain key there is text, not a shortcut). */
export function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

/** The shortcuts grouped by where they work, in the table's order. */
export function byScope(): [Scope, Shortcut[]][] {
  const groups = new Map<Scope, Shortcut[]>();
  for (const s of Object.values(SHORTCUTS) as Shortcut[]) groups.set(s.scope, [...(groups.get(s.scope) ?? []), s]);
  return [...groups];
}
