import { describe, expect, it } from 'vitest';
import { NO_PICKS, picksFor, recipientsLine, ticked } from './ticks';

describe('the checklist ticks', () => {
  it('are exactly who is owed now until the IC changes them', () => {
    expect(ticked(['Lido', 'Exchange A'], NO_PICKS)).toEqual(['Lido', 'Exchange A']);
  });

  it('take in a stakeholder who becomes owed, keeping what the IC unticked and added', () => {
    const picks = picksFor(['Lido', 'Exchange A'], ['Exchange A', 'Auditor']);
    expect(picks).toEqual({ added: ['Auditor'], removed: ['Lido'] });
    // Status page added to the incident mid-way: owed its first notice at once.
    expect(ticked(['Lido', 'Exchange A', 'Status page'], picks)).toEqual(['Exchange A', 'Status page', 'Auditor']);
  });

  it('drop one just told: after a send there are no picks, and their update is not owed yet', () => {
    expect(ticked(['Status page'], NO_PICKS)).toEqual(['Status page']);
  });

  it('add nobody twice', () => {
    expect(ticked(['Lido'], { added: ['Lido'], removed: [] })).toEqual(['Lido']);
  });
});

describe('recipientsLine', () => {
  it('names two and counts the rest', () => {
    expect(recipientsLine(['Lido'])).toBe('Lido');
    expect(recipientsLine(['Lido', 'Exchange C', 'A', 'B', 'C', 'D'])).toBe('Lido, Exchange C (+4)');
  });
});
