import { describe, expect, it } from 'vitest';
import type { Figures } from './bindings';
import { draftsOf, isFigureField, parseFigures } from './figures';

const none: Figures = {
  validators_affected: null,
  epochs_affected: null,
  missed_attestations: null,
  missed_proposals: null,
  penalties_eth: null,
  missed_rewards_eth: null,
  reimbursed_eth: null,
  reimbursement_tx: null,
};

describe('parseFigures', () => {
  it('reads counts, amounts and the transaction, blank as not entered', () => {
    const drafts = { ...draftsOf(none), validators_affected: '64', penalties_eth: ' 1.0765 ', reimbursement_tx: ' 0xabc ' };
    expect(parseFigures(drafts, none)).toEqual({
      figures: { ...none, validators_affected: 64, penalties_eth: 1.0765, reimbursement_tx: '0xabc' },
      errors: {},
    });
  });

  it('keeps the last saved value of a field that is not a number, and says why', () => {
    const saved = { ...none, epochs_affected: 3 };
    const drafts = { ...draftsOf(saved), epochs_affected: '2.5', missed_rewards_eth: 'lots' };
    const { figures, errors } = parseFigures(drafts, saved);
    expect(figures.epochs_affected).toBe(3);
    expect(figures.missed_rewards_eth).toBeNull();
    expect(errors).toEqual({ epochs_affected: 'a whole number of 0 or more, e.g. 64', missed_rewards_eth: 'a number of ETH, e.g. 0.25' });
  });

  it('leaves a negative amount to the core to refuse', () => {
    expect(parseFigures({ ...draftsOf(none), penalties_eth: '-1' }, none).figures.penalties_eth).toBe(-1);
  });

  it('names a field the browser could not read as a number', () => {
    const { errors } = parseFigures(draftsOf(none), none, new Set(['missed_proposals']));
    expect(errors.missed_proposals).toMatch(/whole number/);
  });
});

describe('draftsOf', () => {
  it('writes each figure as text, nothing for one not entered', () => {
    expect(draftsOf({ ...none, validators_affected: 12, reimbursed_eth: 0.5 })).toMatchObject({
      validators_affected: '12',
      reimbursed_eth: '0.5',
      epochs_affected: '',
    });
  });
});

describe('isFigureField', () => {
  it('knows the figures from other fields', () => {
    expect(isFigureField('penalties_eth')).toBe(true);
    expect(isFigureField('body')).toBe(false);
    expect(isFigureField(null)).toBe(false);
  });
});
