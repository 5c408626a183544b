// Slack side effects are queued in the database with the state change that causes them (the
// outbox) and run after the commit, so a crash or a Slack failure never leaves a change without
// its message, and a retry never sends it twice.
export type EffectKind =
  | "provision_channel"
  | "refresh_incident_card"
  | "post_task"
  | "refresh_task_card"
  | "notify_channel_ready"
  | "notify_channel_failure"
  | "post_consultation_card"
  | "notify_consultation"
  | "refresh_consultation_card"
  | "conclude_consultation"
  | "post_conclusion"
  | "notify_assignee"
  | "send_reminder"
  | "send_digest"
  | "refresh_home"
  | "post_scope_label"
  | "post_scope_warning"
  | "notify_scope_forwarder"
  | "notify_scope_liaison"
  | "notify_scope_removal"
  | "refresh_scope_warning"
  // normal-times cooperation (Arts. 5, 6, 8)
  | "provision_normal_times_channel"
  | "post_activity_card"
  | "refresh_activity_card"
  // export of the cooperation record
  | "send_export"
  // Art. 4(2)/7: internal channels, releases to the other party, consent asked in advance
  | "provision_internal_channel"
  | "notify_internal_channel"
  | "post_release"
  | "notify_consent_request"
  | "notify_consent_outcome"
  | "post_shared_result"
  // Art. 5(1) tabletop exercises
  | "provision_exercise_channel"
  | "exercise_inject"
  | "send_exercise_report"
  | "archive_exercise_channels";

export type EffectRequest = {
  kind: EffectKind;
  payload: Record<string, unknown>;
  /** Same key, same effect: enqueuing it again does nothing. */
  dedupeKey: string;
  runAfter?: Date;
};
