import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, replacesScreen, type SaveState } from './autosave';

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(save = vi.fn(() => Promise.resolve())) {
    const states: SaveState['kind'][] = [];
    const autosave = new Autosave(save, (s) => states.push(s.kind), 500);
    return { autosave, save, states };
  }

  it('saves once, 500 ms after the last of several keystrokes', async () => {
    const { autosave, save, states } = setup();
    autosave.changed();
    await vi.advanceTimersByTimeAsync(400);
    autosave.changed();
    await vi.advanceTimersByTimeAsync(400);
    expect(save).not.toHaveBeenCalled();
    expect(autosave.unsaved).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    expect(states.at(-1)).toBe('saved');
    expect(autosave.unsaved).toBe(false);
  });

  it('saves at once when flushed, and not again when the timer would have fired', async () => {
    const { autosave, save } = setup();
    autosave.changed();
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('does nothing when flushed with nothing edited', async () => {
    const { autosave, save } = setup();
    await autosave.flush();
    expect(save).not.toHaveBeenCalled();
  });

  it('saves edits made during a save after it, never two at once', async () => {
    let finish: () => void = () => {};
    let running = 0;
    let most = 0;
    const save = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          running += 1;
          most = Math.max(most, running);
          finish = () => {
            running -= 1;
            resolve();
          };
        }),
    );
    const { autosave } = setup(save);
    autosave.changed();
    const first = autosave.flush();
    autosave.changed();
    const second = autosave.flush();
    finish();
    await vi.advanceTimersByTimeAsync(0);
    finish();
    await Promise.all([first, second]);
    expect(save).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    expect(autosave.unsaved).toBe(false);
  });

  it('keeps the edits unsaved when a save fails, and saves them on retry', async () => {
    const save = vi.fn().mockRejectedValueOnce(new Error('database is locked')).mockResolvedValue(undefined);
    const states: SaveState[] = [];
    const autosave = new Autosave(save, (s) => states.push(s), 500);
    autosave.changed();
    await autosave.flush();
    expect(states.at(-1)).toEqual({ kind: 'failed', error: new Error('database is locked') });
    expect(autosave.unsaved).toBe(true);
    await autosave.flush();
    expect(save).toHaveBeenCalledTimes(2);
    expect(states.at(-1)?.kind).toBe('saved');
    expect(autosave.unsaved).toBe(false);
  });
});

describe('replacesScreen', () => {
  it('puts the stored text on screen when the editor opens', () => {
    expect(replacesScreen(3, { opened: false, unsaved: false, base: 0 })).toBe(true);
  });

  it('takes a newer version saved elsewhere when nothing typed is unsaved', () => {
    expect(replacesScreen(4, { opened: true, unsaved: false, base: 3 })).toBe(true);
  });

  it('never replaces edits not yet stored, however new the version', () => {
    expect(replacesScreen(9, { opened: true, unsaved: true, base: 3 })).toBe(false);
  });

  it('ignores a read of the same or an older version (a reload that raced a save)', () => {
    expect(replacesScreen(3, { opened: true, unsaved: false, base: 3 })).toBe(false);
    expect(replacesScreen(2, { opened: true, unsaved: false, base: 3 })).toBe(false);
  });
});
