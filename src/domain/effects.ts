// Slack side effects are queued in the database with the state change that causes them (the
// outbox) and run after the commit, so a crash or a Slack failure never leaves a change without
// its message, and a retry never sends it twice.
//
// Each kind of effect is one entry below with the payload it carries. The handlers are a mapped
// type over these kinds (src/effects/runner.ts), so a kind without a handler, or a handler that
// reads a field its payload does not have, fails `npm run typecheck`.
import type { ReminderMessage, StoredReminder } from "./reminders";
import type { PlannedDelivery } from "./exercise";

type IncidentRef = { incidentId: string };
type TaskRef = { taskId: string };
type ConsultationRef = { consultationId: string };
type SharedItemRef = { sharedInformationId: string };
type WarningRef = { warningId: string };
type ActivityRef = { activityId: string };
type ToUser = { userId: string };
type ExerciseRef = { exerciseId: string };

export type EffectPayloads = {
  // incidents and their channel
  provision_channel: IncidentRef;
  refresh_incident_card: IncidentRef;
  notify_channel_ready: IncidentRef;
  notify_channel_failure: IncidentRef;
  // the incident channel shared through Slack Connect between two organisations' installations (OAuth, two workspaces)
  accept_shared_invite: { inviteId: string; channelName: string };
  join_shared_channel: IncidentRef & { party: string };
  /** To a liaison officer of either party: the invitation waits for approval, was refused or expired, and what to do. */
  notify_share_status: { inviteId: string; status: "waiting_approval" | "declined" | "expired" } & ToUser;
  /** A liaison asked to send a refused or expired invitation again: the host's installation invites once more. */
  resend_shared_invite: { inviteId: string };
  /** An organisation's installation was revoked: told to the other parties' liaisons and administrators through their own. */
  notify_installation_revoked: { installationId: string; party: string | null; reason: string } & ToUser;
  // tasks (agreed items)
  post_task: TaskRef;
  /** homesQueued: the change queued the Home rebuilds itself (in its transaction), the card's effect need not. */
  refresh_task_card: TaskRef & { homesQueued?: boolean };
  notify_assignee: TaskRef & ToUser;
  // Art. 4(2) consultations
  post_consultation_card: ConsultationRef;
  notify_consultation: ConsultationRef & ToUser;
  refresh_consultation_card: ConsultationRef;
  conclude_consultation: ConsultationRef;
  post_conclusion: ConsultationRef;
  // schedules: reminders, digests, App Home
  /** One reminder to its recipients: how the sweep queued reminders before ReminderBatcher (still delivered). */
  send_reminder: StoredReminder;
  /** A sweep's new reminders: one message per person or channel (more: those counted, not listed), several messages to an effect. */
  send_reminders: { messages: ReminderMessage[] };
  send_digest: { party: string; day: string } & ({ userId: string; channel?: undefined } | { channel: string; userId?: undefined });
  refresh_home: ToUser;
  // Art. 7 sharing scopes
  post_scope_label: SharedItemRef;
  post_scope_warning: WarningRef;
  notify_scope_forwarder: WarningRef;
  notify_scope_liaison: WarningRef & ToUser;
  notify_scope_removal: WarningRef;
  refresh_scope_warning: WarningRef;
  // normal-times cooperation (Arts. 5, 6, 8)
  provision_normal_times_channel: Record<string, never>;
  /** The normal-times channel's Slack Connect invitation waits for approval, or was refused/expired: said in the channel. */
  notify_normal_times_share: { inviteId: string; status?: "invited" | "accepting" | "waiting_approval" | "declined" | "expired" | "resent" };
  post_activity_card: ActivityRef;
  refresh_activity_card: ActivityRef;
  // export of the cooperation record (local dates, YYYY-MM-DD)
  send_export: ToUser & { from: string; to: string };
  // the annual review in numbers (CSV and charts)
  send_report: ToUser & { from: string; to: string };
  // Art. 4(2)/7: internal channels, releases to the other party, consent asked in advance
  provision_internal_channel: { internalChannelId: string } & ToUser;
  notify_internal_channel: { internalChannelId: string } & ToUser;
  post_release: SharedItemRef;
  notify_consent_request: { consentId: string } & ToUser;
  notify_consent_outcome: { consentId: string };
  /** The asking DMs updated in place: the request ended with its incident's closing, or came back on reopening. */
  refresh_consent_request: { consentId: string };
  post_shared_result: SharedItemRef;
  // Art. 5(1) tabletop exercises: the exercise channel, each inject on the timeline, the after-action report, archiving
  provision_exercise_channel: ExerciseRef;
  exercise_inject: ExerciseRef & { index: number; target: PlannedDelivery["target"] };
  send_exercise_report: ExerciseRef & ActivityRef & ToUser;
  archive_exercise_channels: ExerciseRef;
  // closing, reopening and archiving an incident (issue 15)
  post_closing_card: { closureId: string };
  set_incident_topic: IncidentRef;
  archive_incident_channel: IncidentRef & { closureId: string };
  post_review_invitation: { closureId: string };
  post_review_card: { reviewId: string };
  send_casefile: ToUser & IncidentRef;
};

export type EffectKind = keyof EffectPayloads;

/** What a state change asks for: one member per kind, with that kind's payload. */
export type EffectRequest = {
  [K in EffectKind]: {
    kind: K;
    payload: EffectPayloads[K];
    /** Same key, same effect: enqueuing it again does nothing. */
    dedupeKey: string;
    runAfter?: Date;
    /** The workspace (installation) the effect acts through; absent: the bot's own. */
    teamId?: string;
  };
}[EffectKind];

/** An effect claimed from the outbox to run now. */
export type StoredEffect<K extends EffectKind = EffectKind> = {
  [P in K]: {
    id: string;
    kind: P;
    payload: EffectPayloads[P];
    attempts: number;
    dedupeKey: string;
    teamId: string | null;
  };
}[K];

/** Where a claimed effect's completion is fenced: only its owner, for this attempt. */
export type EffectFence = { owner: string; attempt: number };
