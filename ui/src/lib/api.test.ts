import { invoke } from '@tauri-apps/api/core';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, api, toApiError } from './api';
import { ownCadence } from './policyFixtures';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

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

describe('api', () => {
  it('sends a group\'s or a stakeholder\'s own cadence as save_cadence_override { cadence }', async () => {
    const cadence = ownCadence({ stakeholder: 'Exchange B' }, 1, { update_minutes: 15 });
    vi.mocked(invoke).mockResolvedValue(cadence);
    await expect(api.saveCadenceOverride(cadence)).resolves.toEqual(cadence);
    expect(invoke).toHaveBeenCalledWith('save_cadence_override', { cadence });
  });
});
