import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './api';

describe('toApiError', () => {
  it('keeps the kind, message and field of an error from the core', () => {
    const err = toApiError({ kind: 'bad_input', message: 'severity must be 1–4, got 7', field: 'severity' });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe('bad_input');
    expect(err.message).toBe('severity must be 1–4, got 7');
    expect(err.field).toBe('severity');
  });

  it('treats anything else as an internal error with its text', () => {
    const err = toApiError('command declare_incident not allowed');
    expect(err.kind).toBe('internal');
    expect(err.field).toBeNull();
    expect(err.message).toBe('command declare_incident not allowed');
  });
});
