import { describe, expect, it } from 'vitest';
import { byScope, matches, SHORTCUTS, tip, typing } from './shortcuts';

const key = (k: string, mods: Partial<KeyboardEventInit> = {}) => new KeyboardEvent('keydown', { key: k, ...mods });

describe('shortcuts', () => {
  it('match their own chords only, Cmd counting as Ctrl', () => {
    expect(matches('declare', key('n', { ctrlKey: true }))).toBe(true);
    expect(matches('declare', key('N', { metaKey: true }))).toBe(true);
    expect(matches('declare', key('n'))).toBe(false);
    expect(matches('declare', key('n', { ctrlKey: true, altKey: true }))).toBe(false);
    expect(matches('switchTo', key('9', { ctrlKey: true }))).toBe(true);
    expect(matches('switchTo', key('0', { ctrlKey: true }))).toBe(false);
    expect(matches('status', key('5', { altKey: true }))).toBe(true);
    expect(matches('status', key('6', { altKey: true }))).toBe(false);
    expect(matches('record', key('Enter', { ctrlKey: true }))).toBe(true);
    expect(matches('record', key('Enter'))).toBe(false);
    expect(matches('help', key('?', { shiftKey: true }))).toBe(true);
    expect(matches('help', key('F1'))).toBe(true);
  });

  it('are plain keys only outside text fields', () => {
    const input = document.createElement('input');
    const radio = Object.assign(document.createElement('input'), { type: 'radio' });
    expect(typing(input)).toBe(true);
    expect(typing(document.createElement('textarea'))).toBe(true);
    expect(typing(radio)).toBe(false);
    expect(typing(document.createElement('button'))).toBe(false);
  });

  it('name their keys in tooltips and are all listed, each once', () => {
    expect(tip('declare')).toBe('Declare an incident (Ctrl+N)');
    const listed = byScope().flatMap(([, all]) => all);
    expect(listed).toHaveLength(Object.keys(SHORTCUTS).length);
    expect(new Set(listed.map((s) => `${s.scope} ${s.keys}`)).size).toBe(listed.length);
  });
});
