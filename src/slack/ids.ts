// Every action_id, callback_id and block_id renkei uses, in one place (snake_case).
export const COMMAND = "/renkei";

export const CALLBACK = {
  intake: "incident_intake",
  intakeResult: "incident_intake_result",
  editDeadlines: "edit_deadlines",
  consultProposal: "consult_proposal",
  consultDecline: "consult_decline",
  consultConditions: "consult_conditions",
  taskReassign: "task_reassign",
  taskDue: "task_due",
} as const;

export const ACTION = {
  taskDone: "task_done",
  taskTemplateOtherLanguage: "task_template_other_language",
  retryChannel: "retry_channel",
  editDeadlines: "edit_deadlines",
  consultPropose: "consult_propose",
  consultAgree: "consult_agree",
  consultAgreeConditions: "consult_agree_conditions",
  consultDecline: "consult_decline",
  taskReassign: "task_reassign",
  taskDue: "task_due",
} as const;

export const CONSULT_BLOCK = {
  items: "consult_items",
  impact: "consult_impact",
  /** One optional "why we need the other party" input per item: consult_need_<item id>. */
  needPrefix: "consult_need_",
  reason: "consult_reason",
  conditions: "consult_conditions",
} as const;

export const TASK_BLOCK = { assignee: "task_assignee", due: "task_due" } as const;

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
