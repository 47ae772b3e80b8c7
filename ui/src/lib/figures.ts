// The postmortem's figures as the form types them: text in each field,
// turned into the numbers the core stores. A count is a whole number and an
// amount a number, read here at the edge; whether an amount may be negative
// or a transaction is valid is the core's to say.
import type { Figures } from './bindings';

export type FigureField = keyof Figures;

/** Each figure with its label, in the order the form shows them. */
export const FIGURE_FIELDS: { field: FigureField; label: string; kind: 'count' | 'eth' | 'text' }[] = [
  { field: 'validators_affected', label: 'Validators affected', kind: 'count' },
  { field: 'epochs_affected', label: 'Epochs affected', kind: 'count' },
  { field: 'missed_attestations', label: 'Missed attestations', kind: 'count' },
  { field: 'missed_proposals', label: 'Missed proposals', kind: 'count' },
  { field: 'penalties_eth', label: 'Penalties (ETH)', kind: 'eth' },
  { field: 'missed_rewards_eth', label: 'Missed rewards (ETH)', kind: 'eth' },
  { field: 'reimbursed_eth', label: 'Reimbursed (ETH)', kind: 'eth' },
  { field: 'reimbursement_tx', label: 'Reimbursement transaction', kind: 'text' },
];

/** What each field of the form holds. */
export type FigureDrafts = Record<FigureField, string>;

/** The figures as the form's text. */
export function draftsOf(figures: Figures): FigureDrafts {
  const drafts = {} as FigureDrafts;
  for (const { field } of FIGURE_FIELDS) {
    const value = figures[field];
    drafts[field] = value === null || value === undefined ? '' : String(value);
  }
  return drafts;
}

/** Whether `name` is one of the figures (an error from the core names its field). */
export function isFigureField(name: string | null): name is FigureField {
  return FIGURE_FIELDS.some((f) => f.field === name);
}

const MAX_COUNT = 4_294_967_295;

/**
 * The figures the form's text stands for. A field that does not read as its
 * kind of number keeps its `fallback` value (the one last saved) and is
 * named in `errors`; `unreadable` are fields the browser could not read as
 * a number at all.
 */
export function parseFigures(
  drafts: FigureDrafts,
  fallback: Figures,
  unreadable: ReadonlySet<FigureField> = new Set(),
): { figures: Figures; errors: Partial<Record<FigureField, string>> } {
  const figures = { ...fallback };
  const errors: Partial<Record<FigureField, string>> = {};
  const set = <K extends FigureField>(field: K, value: Figures[K]) => (figures[field] = value);
  for (const { field, kind } of FIGURE_FIELDS) {
    const text = (drafts[field] ?? '').trim();
    if (unreadable.has(field)) {
      errors[field] = kind === 'count' ? 'a whole number of 0 or more, e.g. 64' : 'a number of ETH, e.g. 0.25';
    } else if (kind === 'text') {
      set(field, text === '' ? null : text);
    } else if (text === '') {
      set(field, null);
    } else if (kind === 'count') {
      if (/^\d+$/.test(text) && Number(text) <= MAX_COUNT) set(field, Number(text));
      else errors[field] = 'a whole number of 0 or more, e.g. 64';
    } else {
      const value = Number(text);
      if (Number.isFinite(value)) set(field, value);
      else errors[field] = 'a number of ETH, e.g. 0.25';
    }
  }
  return { figures, errors };
}
