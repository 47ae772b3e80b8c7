// Words for the enums the core sends, as the window shows them.
import type { ActionKind, ActionStatus, ChannelKind, Group, ObligationKind, Outcome, PostmortemStatus } from './bindings';

export const groupLabel: Record<Group, string> = {
  institutional_stakers: 'Institutional stakers',
  service_partners: 'Service partners',
  software_providers: 'Software providers',
  auditors: 'Auditors',
  communities: 'Communities',
  public: 'Public',
};

export const channelLabel: Record<ChannelKind, string> = {
  slack: 'Slack',
  telegram: 'Telegram',
  email: 'Email',
  status_page: 'Status page',
  github: 'GitHub',
  phone: 'Phone',
  other: 'Other',
};

export const obligationLabel: Record<ObligationKind, string> = {
  initial: 'initial notice',
  update: 'update',
  resolution: 'resolution notice',
  postmortem: 'postmortem',
};

export const outcomeLabel: Record<Outcome, string> = {
  pending: 'pending',
  on_time: 'on time',
  late: 'late',
  missed: 'missed — never sent',
  superseded: 'superseded',
  skipped: 'skipped',
  removed: 'removed from the incident',
};

export const postmortemStatusLabel: Record<PostmortemStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  published: 'Published',
};

export const actionKindLabel: Record<ActionKind, string> = {
  prevent: 'prevent',
  detect: 'detect',
  mitigate: 'mitigate',
  process: 'process',
  other: 'other',
};

export const actionStatusLabel: Record<ActionStatus, string> = {
  open: 'open',
  done: 'done',
  wont_do: "won't do",
};
