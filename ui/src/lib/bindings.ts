// Generated from the Rust types by src-tauri/tests/bindings.rs; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p sitrep-desktop --test bindings

export type IncidentKey = string;

export type Severity = 1 | 2 | 3 | 4;

export type Status = "investigating" | "identified" | "monitoring" | "resolved" | "closed";

export type EntryKind = "declared" | "status" | "note" | "severity" | "title" | "milestone" | "role" | "step";

export type PastText = { text: string, 
/**
 * When this text was written.
 */
recorded_at: string, };

export type TimelineEntry = { id: number, 
/**
 * When it happened.
 */
at: string, 
/**
 * When it was first recorded in Sitrep.
 */
recorded_at: string, kind: EntryKind, 
/**
 * The current text (the latest edit, if any).
 */
text: string, 
/**
 * A key moment, shown at the top of the timeline and in the postmortem.
 */
pinned: boolean, 
/**
 * When the current text was written, if the entry was edited.
 */
edited_at: string | null, 
/**
 * The texts the entry had before, oldest first.
 */
history: Array<PastText>, };

export type Role = "commander" | "comms" | "ops" | "scribe";

export type RoleHolder = { role: Role, person: string, since: string, };

export type PlanStep = { text: string, 
/**
 * A step that limits the damage, to do before looking for the cause.
 */
stop_the_bleeding: boolean, };

export type Plan = { 
/**
 * The incident kind it answers, e.g. `validator-client-down`.
 */
kind: string, name: string, steps: Array<PlanStep>, };

export type IncidentStep = { 
/**
 * 1-based position in the checklist.
 */
number: number, text: string, stop_the_bleeding: boolean, 
/**
 * When it was ticked, if it was.
 */
done_at: string | null, };

export type Attention = "impact_ongoing" | "no_commander";

export type Durations = { 
/**
 * Impact started → detected.
 */
time_to_detect_minutes: number, 
/**
 * Detected → declared.
 */
time_to_declare_minutes: number, 
/**
 * Impact started → mitigated.
 */
time_to_mitigate_minutes: number | null, 
/**
 * Impact started → resolved.
 */
time_to_resolve_minutes: number | null, 
/**
 * Impact started → mitigated, else resolved: the downtime this incident caused.
 */
impact_minutes: number | null, };

export type Incident = { id: IncidentKey, title: string, severity: Severity, status: Status, 
/**
 * A practice incident: counts in no metric or report.
 */
drill: boolean, 
/**
 * The kind of incident (which response plan applies), if given.
 */
kind: string | null, 
/**
 * Who is incident commander now, if anyone is.
 */
commander: string | null, impact_started_at: string, detected_at: string, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, };

export type IncidentSummary = { attention: Array<Attention>, id: IncidentKey, title: string, severity: Severity, status: Status, 
/**
 * A practice incident: counts in no metric or report.
 */
drill: boolean, 
/**
 * The kind of incident (which response plan applies), if given.
 */
kind: string | null, 
/**
 * Who is incident commander now, if anyone is.
 */
commander: string | null, impact_started_at: string, detected_at: string, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, };

export type IncidentDetail = { timeline: Array<TimelineEntry>, roles: Array<RoleHolder>, steps: Array<IncidentStep>, durations: Durations, attention: Array<Attention>, id: IncidentKey, title: string, severity: Severity, status: Status, 
/**
 * A practice incident: counts in no metric or report.
 */
drill: boolean, 
/**
 * The kind of incident (which response plan applies), if given.
 */
kind: string | null, 
/**
 * Who is incident commander now, if anyone is.
 */
commander: string | null, impact_started_at: string, detected_at: string, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, };

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

export type StatusInput = { status: Status, 
/**
 * Why, in a few words; kept on the timeline entry.
 */
note?: string, 
/**
 * When it happened (RFC 3339); defaults to now.
 */
at?: string, };

export type NoteInput = { text: string, 
/**
 * When it happened (RFC 3339), for back-dating; defaults to now.
 */
at?: string, };

export type EditInput = { title?: string, severity?: number, 
/**
 * The incident kind, which attaches its response plan; only while none is attached.
 */
kind?: string, impact_started?: string, detected?: string, mitigated?: string, resolved?: string, 
/**
 * When a severity or title change happened (RFC 3339); defaults to now.
 */
at?: string, };

export type RoleInput = { role: Role, person: string, 
/**
 * When the handover happened (RFC 3339); defaults to now.
 */
at?: string, };

export type StepInput = { number: number, done: boolean, 
/**
 * When it was done (RFC 3339); defaults to now.
 */
at?: string, };

export type ErrorKind = "bad_input" | "internal";

export type IpcError = { kind: ErrorKind, message: string, 
/**
 * The form field at fault (`title`, `severity`, …), if any.
 */
field: string | null, };

export type ShortcutStatus = { 
/**
 * The shortcut as the user typed it, e.g. `Ctrl+Alt+I`.
 */
shortcut: string, 
/**
 * Whether it is registered and working now.
 */
active: boolean, 
/**
 * Why it is not working, in words.
 */
problem: string | null, };
