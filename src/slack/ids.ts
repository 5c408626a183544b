// Every action_id, callback_id and block_id renkei uses, in one place (snake_case).
export const COMMAND = "/renkei";

export const CALLBACK = {
  intake: "incident_intake",
  intakeResult: "incident_intake_result",
  editDeadlines: "edit_deadlines",
} as const;

export const ACTION = {
  taskDone: "task_done",
  taskTemplateOtherLanguage: "task_template_other_language",
  retryChannel: "retry_channel",
  editDeadlines: "edit_deadlines",
} as const;

/** Input blocks of the intake modal; each holds one element whose action_id is "value". */
export const INTAKE_BLOCK = {
  title: "intake_title",
  reporterName: "intake_reporter_name",
  reporterCategory: "intake_reporter_category",
  supervisingAgency: "intake_supervising_agency",
  personalData: "intake_personal_data",
  awareAt: "intake_aware_at",
  appiRegime: "intake_appi_regime",
  flags: "intake_flags",
  affectedCount: "intake_affected_count",
  summary: "intake_summary",
  providedByAdminBody: "intake_provided_by_admin_body",
} as const;

export const DEADLINE_BLOCK = {
  preliminary: "deadline_preliminary",
  final: "deadline_final",
} as const;

export const VALUE_ACTION = "value";
