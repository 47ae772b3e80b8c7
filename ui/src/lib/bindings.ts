// Generated from the Rust types by src-tauri/tests/bindings.rs; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p sitrep-desktop --test bindings

export type IncidentKey = string;

export type Severity = 1 | 2 | 3 | 4;

export type Status = "investigating" | "identified" | "monitoring" | "resolved" | "closed";

export type EntryKind = "declared" | "status" | "note" | "severity" | "title" | "milestone" | "role" | "step" | "comms" | "drill" | "postmortem";

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

export type Attention = "update_overdue" | "no_commander" | "impact_unassigned";

export type Durations = { 
/**
 * Impact started → detected.
 */
time_to_detect_minutes: number, 
/**
 * Detected → acknowledged (a commander took the incident).
 */
time_to_acknowledge_minutes: number | null, 
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
 * The union of the impact windows: the downtime this incident caused;
 * `None` while the impact lasts.
 */
impact_minutes: number | null, };

export type Group = "institutional_stakers" | "service_partners" | "software_providers" | "auditors" | "communities" | "public";

export type ChannelKind = "slack" | "telegram" | "email" | "status_page" | "github" | "phone" | "other";

export type ObligationKind = "initial" | "update" | "resolution" | "postmortem";

export type ObligationState = "open" | "fulfilled" | "ended";

export type Outcome = "pending" | "on_time" | "late" | "missed" | "superseded" | "skipped" | "removed";

export type Membership = "policy" | "added" | "removed";

export type Missed = { kind: ObligationKind, 
/**
 * When it was first due.
 */
due_at: string, };

export type ChecklistRow = { stakeholder: string, stakeholder_id: number, group: Group, channel: ChannelKind, handle: string, 
/**
 * `policy`, `added` or `removed` (by the IC, with `reason`).
 */
membership: Membership, reason: string | null, 
/**
 * The notice owed now, if any.
 */
next: ObligationKind | null, due_at: string | null, 
/**
 * When they were last told, and on which channel.
 */
last_update_at: string | null, last_channel: ChannelKind | null, 
/**
 * When their postmortem is due, while it is owed.
 */
postmortem_due_at: string | null, 
/**
 * The incident's impact hits them (they are charged with its downtime).
 */
affected: boolean, 
/**
 * How many of their validators are affected, if known.
 */
validators: number | null, 
/**
 * Notices they were owed and never got, oldest first.
 */
missed: Array<Missed>, };

export type LoggedUpdate = { id: number, stakeholder: string, channel: ChannelKind, handle: string, sent_at: string, message: string, 
/**
 * The obligation it fulfilled, if any.
 */
fulfilled: ObligationKind | null, 
/**
 * Sent by the obligation's due time; `None` if it fulfilled none.
 */
on_time: boolean | null, 
/**
 * Recorded despite a probable-duplicate warning.
 */
forced: boolean, };

export type ObligationRecord = { id: number, stakeholder: string, stakeholder_id: number, kind: ObligationKind, 
/**
 * When it is due now.
 */
due_at: string, 
/**
 * When it was first due: the promise, kept across re-timings.
 */
first_due_at: string, 
/**
 * When it ended: the update's send time, or when it stopped being owed.
 */
ended_at: string | null, outcome: Outcome, 
/**
 * Why the IC skipped it.
 */
skip_reason: string | null, state: ObligationState, 
/**
 * The update (log entry id) that fulfilled it.
 */
fulfilled_by: number | null, 
/**
 * Why it ended without an update.
 */
end_reason: string | null, };

export type Comms = { checklist: Array<ChecklistRow>, log: Array<LoggedUpdate>, obligations: Array<ObligationRecord>, 
/**
 * Probable duplicates the guard stopped.
 */
duplicates_prevented: number, 
/**
 * Probable duplicates recorded anyway, confirmed by the IC.
 */
duplicates_sent_anyway: number, 
/**
 * Each time the duplicate guard fired, oldest first.
 */
duplicate_warnings: Array<DuplicateWarning>, };

export type ImpactWindow = { started_at: string, ended_at: string | null, };

export type SeverityChange = { at: string, from: Severity, to: Severity, };

export type RoleTenure = { role: Role, person: string, started_at: string, ended_at: string | null, };

export type Milestone = "impact_started" | "detected" | "declared" | "mitigated" | "resolved" | "closed";

export type MilestoneCorrection = { milestone: Milestone, old_at: string | null, new_at: string | null, recorded_at: string, 
/**
 * The commander when it was corrected, if anyone was.
 */
by: string | null, };

export type Affected = { stakeholder: string, stakeholder_id: number, group: Group, 
/**
 * How many of their validators, if known.
 */
validators: number | null, since: string, };

export type AffectedInput = { 
/**
 * A stakeholder's name, or a group's (every active stakeholder in it).
 */
target: string, 
/**
 * `true` to mark affected, `false` to take it back.
 */
affected: boolean, 
/**
 * How many of their validators (one stakeholder only).
 */
validators?: number, 
/**
 * When it happened (RFC 3339); defaults to now.
 */
at?: string, };

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
commander: string | null, impact_started_at: string, 
/**
 * Impact start was not given: it defaulted to the detection time.
 */
impact_started_estimated: boolean, detected_at: string, 
/**
 * Detection was not given: it defaulted to the declaration time.
 */
detected_estimated: boolean, 
/**
 * The first time anyone held the commander role.
 */
acknowledged_at: string | null, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, 
/**
 * How many stakeholders its impact is charged to.
 */
affected_count: number, };

export type IncidentSummary = { attention: Array<Attention>, next_due: NextDue | null, id: IncidentKey, title: string, severity: Severity, status: Status, 
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
commander: string | null, impact_started_at: string, 
/**
 * Impact start was not given: it defaulted to the detection time.
 */
impact_started_estimated: boolean, detected_at: string, 
/**
 * Detection was not given: it defaulted to the declaration time.
 */
detected_estimated: boolean, 
/**
 * The first time anyone held the commander role.
 */
acknowledged_at: string | null, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, 
/**
 * How many stakeholders its impact is charged to.
 */
affected_count: number, };

export type IncidentDetail = { 
/**
 * The spans of impact, oldest first; the last is open while impact lasts.
 */
impact_windows: Array<ImpactWindow>, 
/**
 * The most severe level it ever had.
 */
peak_severity: Severity, severity_changes: Array<SeverityChange>, 
/**
 * The stakeholders its impact hits.
 */
affected: Array<Affected>, 
/**
 * Validators affected, summed over the affected stakeholders that gave a count.
 */
validators_affected: number | null, timeline: Array<TimelineEntry>, roles: Array<RoleHolder>, 
/**
 * Who held which role from when to when, oldest first.
 */
role_tenures: Array<RoleTenure>, 
/**
 * Every milestone correction, oldest first.
 */
corrections: Array<MilestoneCorrection>, 
/**
 * What stakeholders said about how they were told, oldest first.
 */
feedback: Array<Feedback>, steps: Array<IncidentStep>, durations: Durations, attention: Array<Attention>, 
/**
 * The milestones a correction may set now.
 */
correctable: Array<Milestone>, 
/**
 * The comms checklist and log.
 */
comms: Comms, id: IncidentKey, title: string, severity: Severity, status: Status, 
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
commander: string | null, impact_started_at: string, 
/**
 * Impact start was not given: it defaulted to the detection time.
 */
impact_started_estimated: boolean, detected_at: string, 
/**
 * Detection was not given: it defaulted to the declaration time.
 */
detected_estimated: boolean, 
/**
 * The first time anyone held the commander role.
 */
acknowledged_at: string | null, declared_at: string, mitigated_at: string | null, resolved_at: string | null, closed_at: string | null, 
/**
 * How many stakeholders its impact is charged to.
 */
affected_count: number, };

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
at?: string, 
/**
 * Stakeholders or groups its impact hits, by name.
 */
affected: Array<string>, };

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
kind?: string, impact_started?: string, detected?: string, mitigated?: string, resolved?: string, declared?: string, closed?: string, 
/**
 * Mark it a drill (practice), or a real incident after all.
 */
drill?: boolean, 
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

export type ErrorKind = "bad_input" | "duplicate" | "internal";

export type IpcError = { kind: ErrorKind, message: string, 
/**
 * The form field at fault (`title`, `severity`, …), if any.
 */
field: string | null, 
/**
 * For a probable duplicate: the recipients told too recently, so the
 * window can offer to send to the others only.
 */
duplicates: Array<string>, };

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

export type LoginStart = { 
/**
 * Whether the login entry is there.
 */
enabled: boolean, 
/**
 * Why it cannot be read or changed, in words.
 */
problem: string | null, };

export type About = { 
/**
 * Sitrep's version, e.g. `0.1.0`.
 */
version: string, 
/**
 * The open database file.
 */
database: string, 
/**
 * Where `sitrep.log` is written, if the system has a log folder.
 */
log_folder: string | null, 
/**
 * The license, as an SPDX expression.
 */
license: string, };

export type Severities = Array<1 | 2 | 3 | 4>;

export type PolicyOverride = { live_updates: Severities | null, resolution: Severities | null, postmortem: Severities | null, };

export type Channel = { kind: ChannelKind, 
/**
 * The channel, chat, address or URL, e.g. `#ext-exchange-a`.
 */
handle: string, added_at: string, 
/**
 * When a newer channel replaced it; `None` for the active one.
 */
retired_at: string | null, };

export type Stakeholder = { id: number, name: string, group: Group, notes: string, 
/**
 * Monthly uptime promised to them, in percent.
 */
sla_target_percent: number, 
/**
 * Seeded on first run to show how the directory works.
 */
example: boolean, 
/**
 * Their own exceptions to the group's policy.
 */
policy: PolicyOverride, 
/**
 * The one active channel.
 */
channel: Channel, 
/**
 * Earlier channels, newest first.
 */
retired_channels: Array<Channel>, 
/**
 * When the stakeholder was retired from the directory, if they were.
 */
retired_at: string | null, };

export type StakeholderInput = { name: string, group: string, channel: string, handle: string, notes: string, sla_target_percent?: number, 
/**
 * When they were added (RFC 3339), for back-dating; defaults to now.
 * Not a file column: an import is dated as a whole.
 */
at?: string, };

export type ChannelChange = { stakeholder: Stakeholder, 
/**
 * The channel that was active before and is now retired, if any.
 */
retired: Channel | null, };

export type Format = "csv" | "json";

export type Cadence = { severity: 1 | 2 | 3 | 4, 
/**
 * The first notice, after the declaration.
 */
initial_minutes: number | null, 
/**
 * Then an update every …
 */
update_minutes: number | null, 
/**
 * The resolution notice, after resolution.
 */
resolution_minutes: number | null, 
/**
 * The postmortem, after resolution.
 */
postmortem_minutes: number | null, };

export type CadenceScope = { "group": Group } | { "stakeholder": string };

export type CadenceOverride = { scope: CadenceScope, severity: 1 | 2 | 3 | 4, 
/**
 * The first notice, after the declaration.
 */
initial_minutes: number | null, 
/**
 * Then an update every …
 */
update_minutes: number | null, 
/**
 * The resolution notice, after resolution.
 */
resolution_minutes: number | null, 
/**
 * The postmortem, after resolution.
 */
postmortem_minutes: number | null, };

export type GroupPolicy = { group: Group, 
/**
 * Severities that bring an initial notice and updates at the cadence.
 */
live_updates: Severities, 
/**
 * Severities that bring a resolution notice.
 */
resolution: Severities, 
/**
 * Severities whose postmortem is shared with them.
 */
postmortem: Severities, 
/**
 * Told only when the IC adds them to an incident (software providers).
 */
opt_in: boolean, };

export type GroupCadences = { group: Group, 
/**
 * SEV1 to SEV4.
 */
cadences: Array<Cadence>, };

export type StoreChange = { 
/**
 * The incidents it wrote to (each write to an incident records a
 * timeline entry); `null` when it wrote to none — the directory, the
 * policies, the plans or the settings — so everything is read again.
 */
incidents: Array<IncidentKey> | null, };

export type Policies = { cadences: Array<Cadence>, groups: Array<GroupPolicy>, 
/**
 * Groups' and stakeholders' own cadences.
 */
overrides: Array<CadenceOverride>, 
/**
 * Per group, what its members inherit (a group itself inherits `cadences`).
 */
member_cadences: Array<GroupCadences>, };

export type Urgency = "overdue" | "due_soon" | "snoozed" | "later";

export type Obligation = { id: number, incident: IncidentKey, incident_title: string, severity: Severity, drill: boolean, stakeholder: string, stakeholder_id: number, group: Group, channel: ChannelKind, handle: string, kind: ObligationKind, due_at: string, 
/**
 * Whether `due_at` has passed (at the time asked about).
 */
overdue: boolean, urgency: Urgency, 
/**
 * Until when its reminder is snoozed (the latest of its snoozes), while
 * that is still ahead.
 */
snoozed_until: string | null, 
/**
 * Whether the next update should go to them now: see [`owed_now`].
 */
owed_now: boolean, };

export type DueIncident = { key: IncidentKey, drill: boolean, };

export type DueSummary = { 
/**
 * Notices past due.
 */
overdue: number, 
/**
 * The notice to name: the most overdue, else the soonest; none when
 * nothing is due.
 */
lead: Obligation | null, 
/**
 * How many notices are due at the same instant as the soonest.
 */
batch: number, 
/**
 * The incidents of that batch, each once, in the order they come.
 */
batch_incidents: Array<DueIncident>, 
/**
 * Reminders snoozed now.
 */
snoozed: number, };

export type Due = { obligations: Array<Obligation>, summary: DueSummary, };

export type Draft = { what: string, impact: string, doing: string, 
/**
 * When the next update is promised; none once resolved.
 */
next_update_at: string | null, };

export type DraftOrigin = { "kind": "template" } | { "kind": "last_sent", sent_at: string, } | { "kind": "typed", saved_at: string, written_for: Status, };

export type Preview = { channel: ChannelKind, text: string, };

export type Composed = { draft: Draft, origin: DraftOrigin, previews: Array<Preview>, };

export type SendInput = { 
/**
 * Stakeholder names; each gets their own entry in the comms log.
 */
to: Array<string>, 
/**
 * The same text for everyone; when left out, each stakeholder gets
 * `draft` (or the status template) written for their own channel.
 */
message?: string, draft?: Draft, 
/**
 * When it was sent (RFC 3339); defaults to now.
 */
at?: string, 
/**
 * Record it even if it looks like a duplicate.
 */
force: boolean, 
/**
 * It shares the postmortem: fulfils the postmortem obligation, never a
 * notice; only once the incident is resolved.
 */
postmortem: boolean, 
/**
 * The same key twice records one update, not two (a double click).
 */
idempotency_key?: string, };

export type SendReceipt = { 
/**
 * The log entries, one per stakeholder.
 */
updates: Array<LoggedUpdate>, 
/**
 * True when this idempotency key had already been recorded: nothing new was written.
 */
already_recorded: boolean, incident: IncidentDetail, };

export type MembershipInput = { stakeholder: string, 
/**
 * `true` to add, `false` to remove.
 */
include: boolean, reason: string, 
/**
 * When it happened (RFC 3339), for back-dating; defaults to now.
 */
at?: string, };

export type SkipInput = { stakeholder: string, 
/**
 * Why, in a few words; required.
 */
reason: string, 
/**
 * Skip the postmortem instead of the open notice.
 */
postmortem: boolean, 
/**
 * When it was decided (RFC 3339); defaults to now.
 */
at?: string, };

export type Measure = { mean_minutes: number | null, worst_minutes: number | null, 
/**
 * Incidents left out because a milestone it needs was estimated or missing.
 */
left_out: number, };

export type DuplicateWarning = { 
/**
 * Who the update was for; `None` for counts kept before stakeholders were recorded.
 */
stakeholder: string | null, 
/**
 * Stopped, rather than sent anyway.
 */
prevented: boolean, };

export type ReportFeedback = { incident: IncidentKey, stakeholder: string, rating: number, comment: string, };

export type ReportIncident = { id: IncidentKey, title: string, peak_severity: Severity, 
/**
 * Impact started → mitigated; `None` while not mitigated.
 */
time_to_mitigate_minutes: number | null, 
/**
 * Its impact start was estimated, so its times are too.
 */
estimated: boolean, };

export type Feedback = { stakeholder: string, rating: number, comment: string, at: string, };

export type FeedbackInput = { stakeholder: string, 
/**
 * 1 (poor) to 5 (excellent).
 */
rating: number, comment: string, 
/**
 * When it was given (RFC 3339); defaults to now.
 */
at?: string, };

export type Budget = { stakeholder: string, sla_target_percent: number, 
/**
 * `YYYY-MM`, the current UTC month.
 */
month: string, budget_minutes: number, 
/**
 * Downtime charged to them this month, up to `as_of`.
 */
used_minutes: number, as_of: string, 
/**
 * This incident's impact is still going on (and is no drill): the
 * budget keeps shrinking by a minute a minute.
 */
burning: boolean, };

export type MonthReport = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * The stakeholder it is for; `null` for the operator as a whole.
 */
stakeholder: string | null, 
/**
 * Non-drill incidents whose impact started in the month (for a
 * stakeholder: that affected them).
 */
incidents: number, 
/**
 * Of those, how many by peak severity, SEV1 first.
 */
incidents_by_severity: [number, number, number, number], 
/**
 * Each of them, oldest first, with how long it took to mitigate.
 */
incident_list: Array<ReportIncident>, 
/**
 * Drills run in the month (never counted in any other figure).
 */
drills: number, downtime_minutes: number, 
/**
 * What the SLA target allows in this month: (1 − target) × its minutes.
 */
budget_minutes: number, budget_left_minutes: number, uptime_percent: number, sla_target_percent: number, mttd_minutes: number | null, mtta_minutes: number | null, mttm_minutes: number | null, mttr_minutes: number | null, 
/**
 * Detection (impact → detected), acknowledgement (detected → first
 * commander), mitigation and resolution (impact → each), in detail.
 */
detect: Measure, acknowledge: Measure, mitigate: Measure, resolve: Measure, 
/**
 * Updates recorded (to the stakeholder, for theirs) in the month's
 * incidents, whether or not the impact hit them; likewise below,
 * duplicates prevented included.
 */
updates_sent: number, on_time: number, late: number, missed: number, skipped: number, 
/**
 * On time out of every notice that came due: on time, late or missed.
 */
updates_on_time_percent: number | null, duplicates_prevented: number, 
/**
 * The mean rating (1–5) stakeholders gave how they were told.
 */
satisfaction_average: number | null, 
/**
 * Every piece of feedback behind it, with its comment.
 */
feedback: Array<ReportFeedback>, };

export type ActionKind = "prevent" | "detect" | "mitigate" | "process" | "other";

export type ActionStatus = "open" | "done" | "wont_do";

export type ActionItem = { id: number, incident: IncidentKey, incident_title: string, text: string, owner: string, due_on: string | null, kind: ActionKind, status: ActionStatus, 
/**
 * Open and past its due date (at the time asked about).
 */
overdue: boolean, created_at: string, updated_at: string, };

export type ActionInput = { text: string, owner: string, 
/**
 * `YYYY-MM-DD`, or empty for none.
 */
due_on: string, 
/**
 * `prevent`, `detect`, `mitigate`, `process` or `other`.
 */
kind: string, 
/**
 * `open`, `done` or `wont_do`; a new item is open when left out.
 */
status?: string, };

export type Figures = { validators_affected: number | null, epochs_affected: number | null, missed_attestations: number | null, missed_proposals: number | null, penalties_eth: number | null, missed_rewards_eth: number | null, reimbursed_eth: number | null, 
/**
 * The reimbursement's transaction hash or link.
 */
reimbursement_tx: string | null, };

export type PostmortemStatus = "draft" | "in_review" | "published";

export type VersionSummary = { number: number, saved_at: string, published_at: string | null, 
/**
 * Its length in bytes.
 */
length: number, };

export type Version = { number: number, body: string, figures: Figures, saved_at: string, 
/**
 * When this version was published, if it was.
 */
published_at: string | null, };

export type Share = { stakeholder: string, version: number, shared_at: string, };

export type Postmortem = { incident: IncidentKey, title: string, template: string, status: PostmortemStatus, 
/**
 * The newest version's number, text and figures.
 */
version: number, body: string, figures: Figures, saved_at: string, 
/**
 * The text as exported: live sections filled, rendered to safe HTML.
 */
html: string, 
/**
 * Every version, newest first.
 */
versions: Array<VersionSummary>, shares: Array<Share>, action_items: Array<ActionItem>, 
/**
 * Stakeholders whose postmortem is owed now: the ones it can be shared with.
 */
owed: Array<string>, };

export type StartInput = { 
/**
 * The template's name; the SRE review when left out.
 */
template?: string, 
/**
 * Start before the incident is resolved (the window's *Start postmortem*).
 */
early: boolean, };

export type SaveInput = { body: string, figures: Figures, };

export type ShareInput = { to: Array<string>, 
/**
 * When it was shared (RFC 3339); defaults to now.
 */
at?: string, };

export type DiffChange = "equal" | "insert" | "delete";

export type DiffLine = { 
/**
 * `equal`, `insert` (only in the newer) or `delete` (only in the older).
 */
change: DiffChange, text: string, };

export type Template = { name: string, body: string, 
/**
 * Seeded with Sitrep: it can be edited but not removed.
 */
builtin: boolean, };

export type TemplateInput = { name: string, body: string, };

export type Notice = { 
/**
 * Short enough for any desktop, the key first: "INC-4 SEV1 · update
 * due", "DRILL INC-2 SEV3 · postmortem late (+1 more incident)".
 */
summary: string, 
/**
 * The title, then who is owed (three names at most, "+N more"), per
 * incident; then what to do.
 */
body: string, 
/**
 * Something is overdue.
 */
critical: boolean, 
/**
 * The incident to open when the notification is clicked.
 */
incident: IncidentKey, 
/**
 * The obligations it covers, for "Mark sent" and "Snooze".
 */
obligations: Array<number>, };

export type ReminderEvent = { notice: Notice, 
/**
 * Whether the desktop showed it; if not, the window must.
 */
delivered: boolean, };

export type OpenFailure = { 
/**
 * The database file Sitrep could not open.
 */
path: string, 
/**
 * What is wrong, in words a tired incident commander understands.
 */
problem: string, 
/**
 * What to do about it.
 */
advice: string, 
/**
 * Sitrep's backups beside the file, newest first, when restoring one is a fix.
 */
backups: Array<string>, 
/**
 * Whether the file opens for reading only (writing refused, disk full).
 */
can_open_read_only: boolean, };

export type Startup = { "mode": "open", read_only: string | null, } | { "mode": "failed", failure: OpenFailure, };

export type Backups = { 
/**
 * The folder they are kept in, beside the database.
 */
folder: string, 
/**
 * Sitrep's backups in it, newest first.
 */
files: Array<string>, };

export type Saved = { 
/**
 * The file, as the window shows it.
 */
path: string, 
/**
 * How many records (plans, stakeholders) it holds.
 */
count: number, };

export type IncidentQuery = { part: Part, 
/**
 * Words of the title (each matching the start of a word), or a key ("INC-12").
 */
text?: string, 
/**
 * 1..4.
 */
severity?: number, 
/**
 * The response plan's kind it was declared with.
 */
kind?: string, 
/**
 * Declared in this UTC month, `YYYY-MM`.
 */
month?: string, 
/**
 * Drills only (`true`) or real incidents only (`false`).
 */
drill?: boolean, 
/**
 * Declared at or after this time (RFC 3339).
 */
since?: string, 
/**
 * The next page: the key of the last incident of the page before.
 */
after?: string, 
/**
 * At most this many (at least one); every one that matches if not given.
 */
limit?: number, };

export type Part = "open" | "closed" | "all";

export type NextDue = { due_at: string, kind: ObligationKind, 
/**
 * How pressing it was when listed.
 */
urgency: Urgency, };

export type ExportFormat = "markdown" | "html";

export type ReportFormat = "markdown" | "html" | "csv";
