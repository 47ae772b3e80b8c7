// Autosave for an editor: saves once typing pauses, and at once when asked
// (blur, Ctrl+S, the window hiding or the app quitting). One save runs at a
// time; edits made while it runs are saved after it. A failed save keeps
// the edits unsaved, so the next pause or a retry saves them.

/** Where the editor's text stands against what is stored. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | { kind: 'failed'; error: Error };

/** How long after the last keystroke a save starts: short enough that a crash a second later loses nothing. */
export const AUTOSAVE_DELAY_MS = 500;

export class Autosave {
  readonly #save: () => Promise<void>;
  readonly #delay: number;
  readonly #onstate: (state: SaveState) => void;
  #timer: ReturnType<typeof setTimeout> | null = null;
  // Edits not yet handed to a save.
  #dirty = false;
  #running: Promise<void> | null = null;

  /** `save` stores what the editor holds when it is called. */
  constructor(save: () => Promise<void>, onstate: (state: SaveState) => void, delay = AUTOSAVE_DELAY_MS) {
    this.#save = save;
    this.#onstate = onstate;
    this.#delay = delay;
  }

  /** Something was edited: save once editing pauses. */
  changed(): void {
    this.#dirty = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#delay);
    if (this.#running === null) this.#onstate({ kind: 'pending' });
  }

  /** Saves whatever is unsaved now; resolves once it is stored or has failed. */
  async flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#running !== null) await this.#running;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#onstate({ kind: 'saving' });
    this.#running = this.#save()
      .then(
        () => this.#onstate(this.#dirty ? { kind: 'pending' } : { kind: 'saved' }),
        (reason: unknown) => {
          this.#dirty = true;
          this.#onstate({ kind: 'failed', error: reason instanceof Error ? reason : new Error(String(reason)) });
        },
      )
      .finally(() => (this.#running = null));
    await this.#running;
  }

  /** Whether there are edits not yet stored (typed, or being saved). */
  get unsaved(): boolean {
    return this.#dirty || this.#running !== null;
  }

  /** Stops the pending timer (the owner flushes first if it wants the edits kept). */
  dispose(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/**
 * Whether a version read from the database replaces the text on screen:
 * always when the editor opens; after that only a newer version than the
 * one on screen, and never over edits not yet stored (issue #13: a change
 * elsewhere must not reset what is being typed).
 */
export function replacesScreen(loaded: number, screen: { opened: boolean; unsaved: boolean; base: number }): boolean {
  return !screen.opened || (!screen.unsaved && loaded > screen.base);
}

/**
 * Saves what `autosave` holds whenever the IC may be leaving it: the window
 * losing focus or hiding, closing to the tray, Sitrep quitting. `onLeaving`
 * listens to the last two. Returns the clean-up, which saves once more.
 */
export function saveOnLeaving(autosave: Autosave, onLeaving: (flush: () => void) => Promise<() => void>): () => void {
  const flush = () => void autosave.flush();
  const hidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  document.addEventListener('visibilitychange', hidden);
  window.addEventListener('blur', flush);
  const leaving = onLeaving(flush);
  return () => {
    document.removeEventListener('visibilitychange', hidden);
    window.removeEventListener('blur', flush);
    void leaving.then((stop) => stop());
    flush();
  };
}
