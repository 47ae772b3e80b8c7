// Generated from the Rust types by src-tauri/tests/bindings.rs; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p sitrep-desktop --test bindings

export type IncidentKey = string;

export type Severity = 1 | 2 | 3 | 4;

export type Status = "investigating" | "identified" | "monitoring" | "resolved" | "closed";

export type EntryKind = "declared";

export type TimelineEntry = { 
/**
 * When it happened.
 */
at: string, 
/**
 * When it was recorded in Sitrep.
 */
recorded_at: string, kind: EntryKind, text: string, };

export type Incident = { id: IncidentKey, title: string, severity: Severity, status: Status, 
/**
 * A practice incident: counts in no metric or report.
 */
drill: boolean, 
/**
 * The kind of incident (which response plan applies), if given.
 */
kind: string | null, impact_started_at: string, detected_at: string, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, };

export type IncidentDetail = { timeline: Array<TimelineEntry>, id: IncidentKey, title: string, severity: Severity, status: Status, 
/**
 * A practice incident: counts in no metric or report.
 */
drill: boolean, 
/**
 * The kind of incident (which response plan applies), if given.
 */
kind: string | null, impact_started_at: string, detected_at: string, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, };

export type DeclareInput = { title: string, severity: number, kind?: string, drill: boolean, 
/**
 * When the impact began (RFC 3339); defaults to `detected`.
 */
impact_started?: string, 
/**
 * When the problem was noticed (RFC 3339); defaults to the declaration time.
 */
detected?: string, 
/**
 * When it was declared (RFC 3339); defaults to now.
 */
at?: string, };

export type ErrorKind = "bad_input" | "internal";

export type IpcError = { kind: ErrorKind, message: string, 
/**
 * The form field at fault (`title`, `severity`, …), if any.
 */
field: string | null, };
