// The only place that talks to the Rust side: every IPC command wrapped with
// its types, and errors turned into ApiError so views can show them in words.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { DeclareInput, ErrorKind, Incident, IncidentDetail, IpcError } from './bindings';

/** A refused or failed command, with the form field at fault if there is one. */
export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | null;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.kind = error.kind;
    this.field = error.field;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;
}

/** Turns whatever `invoke` rejected with into an ApiError. */
export function toApiError(reason: unknown): ApiError {
  if (isIpcError(reason)) return new ApiError(reason);
  const message = reason instanceof Error ? reason.message : String(reason);
  return new ApiError({ kind: 'internal', message, field: null });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toApiError(reason);
  }
}

export const api = {
  declareIncident: (input: DeclareInput) => call<IncidentDetail>('declare_incident', { input }),
  listIncidents: () => call<Incident[]>('list_incidents'),
  showIncident: (id: string) => call<IncidentDetail>('show_incident', { id }),
};

/** Calls `refresh` whenever another process (the CLI, a script) changes the database. */
export function onStoreChanged(refresh: () => void): Promise<UnlistenFn> {
  return listen('store-changed', refresh);
}
