// The only place that talks to the Rust side: every IPC command wrapped with
// its types, and errors turned into ApiError so views can show them in words.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type {
  About,
  ActionInput,
  ActionItem,
  Backups,
  IncidentQuery,
  ExportFormat,
  ReportFormat,
  Saved,
  DiffLine,
  Postmortem,
  PostmortemStatus,
  SaveInput,
  ShareInput,
  StartInput,
  Template,
  TemplateInput,
  Version,
  Cadence,
  CadenceOverride,
  ChannelChange,
  Composed,
  DeclareInput,
  Draft,
  Due,
  GroupPolicy,
  AffectedInput,
  Budget,
  MembershipInput,
  MonthReport,
  SkipInput,
  Policies,
  Notice,
  PolicyOverride,
  ReminderEvent,
  SendInput,
  SendReceipt,
  Stakeholder,
  StoreChange,
  StakeholderInput,
  EditInput,
  FeedbackInput,
  ErrorKind,
  IncidentDetail,
  IncidentSummary,
  IpcError,
  LoginStart,
  NoteInput,
  Plan,
  RoleInput,
  ShortcutStatus,
  Startup,
  StatusInput,
  StepInput,
} from './bindings';

/** A refused or failed command, with the form field at fault if there is one. */
export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly field: string | null;
  /** For a probable duplicate: the recipients told too recently. */
  readonly duplicates: string[];

  constructor(error: Omit<IpcError, 'duplicates'> & Partial<Pick<IpcError, 'duplicates'>>) {
    super(error.message);
    this.name = 'ApiError';
    this.kind = error.kind;
    this.field = error.field;
    this.duplicates = error.duplicates ?? [];
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

/** How long a reminder can be snoozed for, in minutes, as the core allows. */
export const SNOOZE_MINUTES = [5, 10, 30] as const;
export type SnoozeMinutes = (typeof SNOOZE_MINUTES)[number];

export const api = {
  startup: () => call<Startup>('startup'),
  // The commands that read or write a file open the file dialog themselves:
  // the window never names a path. Each returns null when it was cancelled.
  chooseDatabase: () => call<null>('choose_database'),
  restoreNewestBackup: () => call<null>('restore_newest_backup'),
  openReadOnly: () => call<null>('open_read_only'),
  tryAgain: () => call<null>('try_again'),
  backups: () => call<Backups>('backups'),
  backUpNow: () => call<string>('back_up_now'),
  pickBackup: () => call<string | null>('pick_backup'),
  restoreBackup: () => call<string>('restore_backup'),
  openLogFolder: () => call<string>('open_log_folder'),
  loginStart: () => call<LoginStart>('login_start'),
  setLoginStart: (on: boolean) => call<LoginStart>('set_login_start', { on }),
  /** Answers the offer to start at login; the window then closes to the tray. */
  answerLoginOffer: (start: boolean) => call<LoginStart>('answer_login_offer', { start }),
  about: () => call<About>('about'),
  declareIncident: (input: DeclareInput) => call<IncidentDetail>('declare_incident', { input }),
  listIncidents: (query: IncidentQuery) => call<IncidentSummary[]>('list_incidents', { query }),
  showIncident: (id: string) => call<IncidentDetail>('show_incident', { id }),
  changeStatus: (id: string, input: StatusInput) => call<IncidentDetail>('change_status', { id, input }),
  addNote: (id: string, input: NoteInput) => call<IncidentDetail>('add_note', { id, input }),
  setPinned: (id: string, entry: number, pinned: boolean) => call<IncidentDetail>('set_pinned', { id, entry, pinned }),
  editNote: (id: string, entry: number, text: string) => call<IncidentDetail>('edit_note', { id, entry, text }),
  editIncident: (id: string, input: EditInput) => call<IncidentDetail>('edit_incident', { id, input }),
  assignRole: (id: string, input: RoleInput) => call<IncidentDetail>('assign_role', { id, input }),
  markStep: (id: string, input: StepInput) => call<IncidentDetail>('mark_step', { id, input }),
  monthReport: (month: string, stakeholder: string | null) => call<MonthReport>('month_report', { month, stakeholder }),
  slaBudgets: (id: string) => call<Budget[]>('sla_budgets', { id }),
  reportTimeZone: () => call<string>('report_time_zone'),
  setReportTimeZone: (zone: string) => call<string>('set_report_time_zone', { zone }),
  reportTrend: (month: string, stakeholder: string | null) => call<MonthReport[]>('report_trend', { month, stakeholder }),
  exportReport: (month: string, stakeholder: string | null, format: ReportFormat) =>
    call<string | null>('export_report', { month, stakeholder, format }),
  listPlans: () => call<Plan[]>('list_plans'),
  savePlan: (plan: Plan) => call<Plan>('save_plan', { plan }),
  removePlan: (kind: string) => call<null>('remove_plan', { kind }),
  exportPlans: () => call<Saved | null>('export_plans'),
  importPlans: () => call<string[] | null>('import_plans'),
  listStakeholders: () => call<Stakeholder[]>('list_stakeholders'),
  addStakeholder: (input: StakeholderInput) => call<Stakeholder>('add_stakeholder', { input }),
  setChannel: (name: string, channel: string, handle: string) => call<ChannelChange>('set_channel', { name, channel, handle }),
  retireStakeholder: (name: string) => call<Stakeholder>('retire_stakeholder', { name }),
  setStakeholderPolicy: (name: string, policy: PolicyOverride) => call<Stakeholder>('set_stakeholder_policy', { name, policy }),
  exportStakeholders: () => call<Saved | null>('export_stakeholders'),
  importStakeholders: () => call<[number, number] | null>('import_stakeholders'),
  policies: () => call<Policies>('policies'),
  saveCadence: (cadence: Cadence) => call<Cadence>('save_cadence', { cadence }),
  saveCadenceOverride: (cadence: CadenceOverride) => call<CadenceOverride>('save_cadence_override', { cadence }),
  saveGroupPolicy: (policy: GroupPolicy) => call<GroupPolicy>('save_group_policy', { policy }),
  due: () => call<Due>('due'),
  composeUpdate: (id: string, draft: Draft | null) => call<Composed>('compose_update', { id, draft }),
  saveDraft: (id: string, draft: Draft) => call<null>('save_draft', { id, draft }),
  resetDraft: (id: string) => call<Composed>('reset_draft', { id }),
  recordUpdate: (id: string, input: SendInput) => call<SendReceipt>('record_update', { id, input }),
  setMembership: (id: string, input: MembershipInput) => call<IncidentDetail>('set_membership', { id, input }),
  setAffected: (id: string, input: AffectedInput) => call<IncidentDetail>('set_affected', { id, input }),
  skipObligation: (id: string, input: SkipInput) => call<IncidentDetail>('skip_obligation', { id, input }),
  recordFeedback: (id: string, input: FeedbackInput) => call<IncidentDetail>('record_feedback', { id, input }),
  snooze: (obligations: number[], minutes: SnoozeMinutes) => call<number>('snooze', { obligations, minutes }),
  markSent: (obligations: number[]) => call<SendReceipt[]>('mark_sent', { obligations }),
  undeliveredReminder: () => call<Notice | null>('undelivered_reminder'),
  postmortem: (id: string) => call<Postmortem | null>('postmortem', { id }),
  startPostmortem: (id: string, input: StartInput) => call<Postmortem>('start_postmortem', { id, input }),
  savePostmortem: (id: string, input: SaveInput) => call<Postmortem>('save_postmortem', { id, input }),
  setPostmortemStatus: (id: string, status: PostmortemStatus) => call<Postmortem>('set_postmortem_status', { id, status }),
  postmortemVersion: (id: string, number: number) => call<Version>('postmortem_version', { id, number }),
  postmortemDiff: (id: string, from: number, to: number) => call<DiffLine[]>('postmortem_diff', { id, from, to }),
  restorePostmortem: (id: string, number: number) => call<Postmortem>('restore_postmortem', { id, number }),
  exportPostmortem: (id: string, format: ExportFormat) => call<string | null>('export_postmortem', { id, format }),
  sharePostmortem: (id: string, input: ShareInput) => call<Postmortem>('share_postmortem', { id, input }),
  listTemplates: () => call<Template[]>('list_templates'),
  saveTemplate: (input: TemplateInput) => call<Template[]>('save_template', { input }),
  removeTemplate: (name: string) => call<Template[]>('remove_template', { name }),
  listActions: (open: boolean) => call<ActionItem[]>('list_actions', { open }),
  addAction: (id: string, input: ActionInput) => call<ActionItem>('add_action', { id, input }),
  updateAction: (action: number, input: ActionInput) => call<ActionItem>('update_action', { action, input }),
  shortcutStatus: () => call<ShortcutStatus>('shortcut_status'),
  setShortcut: (shortcut: string) => call<ShortcutStatus>('set_shortcut', { shortcut }),
};

/** Calls `changed` with what another process (the CLI, a script) changed in the database. */
export function onStoreChanged(changed: (change: StoreChange) => void): Promise<UnlistenFn> {
  return listen<StoreChange>('store-changed', (event) => changed(event.payload));
}

/** Calls `show` when a reminder fires (the window shows it if the desktop could not). */
export function onReminder(show: (event: ReminderEvent) => void): Promise<UnlistenFn> {
  return listen<ReminderEvent>('reminder', (e) => show(e.payload));
}

/** Calls `open` with an incident key when a notification asks to open it. */
export function onOpenIncident(open: (id: string) => void): Promise<UnlistenFn> {
  return listen<string>('open-incident', (e) => open(e.payload));
}

/** Calls `show` when a notification action failed (e.g. "Mark sent" on a probable duplicate). */
export function onActionFailed(show: (message: string) => void): Promise<UnlistenFn> {
  return listen<string>('action-failed', (e) => show(e.payload));
}

/**
 * Calls `offer(true)` when the window is first closed to the tray (starting
 * at login is offered once), `offer(false)` when it is closed again unanswered.
 */
export function onLoginOffer(offer: (shown: boolean) => void): Promise<UnlistenFn> {
  return listen<boolean>('offer-login-start', (e) => offer(e.payload));
}

/** Calls `open` when the tray or the global shortcut asks for the declare form. */
export function onDeclareRequested(open: () => void): Promise<UnlistenFn> {
  return listen('declare-requested', open);
}

/**
 * Calls `flush` when whatever is typed must be stored now: the app is about
 * to quit (the tray's Quit, ~400 ms ahead), or the window is asked to close
 * (it hides to the tray). Listening for every target leaves the close itself
 * to the shell.
 */
export function onLeaving(flush: () => void): Promise<UnlistenFn> {
  const stops = Promise.all([listen('sitrep://quitting', flush), listen('tauri://close-requested', flush)]);
  return stops.then((all) => () => all.forEach((stop) => stop()));
}

/** Closes the window as its close button does: Sitrep stays in the tray. */
export function closeWindow(): Promise<void> {
  return getCurrentWindow().close();
}
