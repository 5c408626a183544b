// Every action_id, callback_id and block_id renkei uses, in one place (snake_case).
export const COMMAND = "/renkei";

export const CALLBACK = {
  intake: "incident_intake",
  intakeResult: "incident_intake_result",
  editDeadlines: "edit_deadlines",
  reportReceipts: "report_receipts",
  adminBodyInfo: "admin_body_info",
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
  /** Send a refused or expired Slack Connect invitation of an incident channel again (card and DM). */
  shareResend: "share_resend",
  editDeadlines: "edit_deadlines",
  reportReceipts: "report_receipts",
  adminBodyInfo: "admin_body_info",
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
  delegatedRecipient: "intake_delegated_recipient",
} as const;

/** Input blocks of the report-receipt modal (issue 12). */
export const RECEIPT_BLOCK = {
  preliminaryOn: "receipt_preliminary_on",
  preliminaryNo: "receipt_preliminary_no",
  finalOn: "receipt_final_on",
  finalNo: "receipt_final_no",
} as const;

/** The agency input of the Art. 4(1) "NISC received information" modal. */
export const ADMIN_BODY_INFO_BLOCK = { agency: "admin_body_info_agency" } as const;

export const DEADLINE_BLOCK = {
  preliminary: "deadline_preliminary",
  final: "deadline_final",
} as const;

/** Art. 4(2)(i) joint investigation: the reporter's consent and joint hearings. */
export const JOINT_ID = {
  actionRecordConsent: "item_joint_record_consent",
  actionScheduleHearing: "item_joint_schedule_hearing",
  callbackConsent: "item_joint_consent",
  callbackHearing: "item_joint_hearing",
  blockConsentedBy: "item_joint_consented_by",
  blockConsentedAt: "item_joint_consented_at",
  blockMethod: "item_joint_method",
  blockNote: "item_joint_note",
  blockHearingAt: "item_joint_hearing_at",
  blockParticipants: "item_joint_participants",
  blockHearingNotes: "item_joint_hearing_notes",
} as const;

/** Art. 4(2)(ii) sharing investigation results. */
export const RESULTS_ID = {
  actionRecord: "item_results_record",
  callbackResult: "item_results_result",
  blockSummary: "item_results_summary",
  blockDetails: "item_results_details",
} as const;

/** Art. 4(2)(iii) prior sharing of the exercise of powers. */
export const POWERS_ID = {
  actionRecord: "item_powers_record",
  actionAcknowledge: "item_powers_acknowledge",
  callbackNotice: "item_powers_notice",
  blockKind: "item_powers_kind",
  blockPlannedDate: "item_powers_planned_date",
  blockNote: "item_powers_note",
  /** One card section per notice: item_powers_notice_<record id>. */
  noticePrefix: "item_powers_notice_",
} as const;

/** Art. 4(2)(iv) cooperation with overseas bodies. */
export const OVERSEAS_ID = {
  actionRequest: "item_overseas_request",
  actionAccept: "item_overseas_accept",
  actionDecline: "item_overseas_decline",
  actionResults: "item_overseas_results",
  callbackRequest: "item_overseas_request",
  callbackDecline: "item_overseas_decline",
  callbackResults: "item_overseas_results",
  blockBody: "item_overseas_body",
  blockAsk: "item_overseas_ask",
  blockReason: "item_overseas_reason",
  blockLimits: "item_overseas_limits",
  blockResults: "item_overseas_results_text",
  /** One card section and one actions block per request: item_overseas_req_<record id>, item_overseas_act_<record id>. */
  requestPrefix: "item_overseas_req_",
  actionsPrefix: "item_overseas_act_",
} as const;

/** Art. 4(2)(v) technical advice and support. */
export const ADVICE_ID = {
  actionRequest: "item_advice_request",
  actionRecord: "item_advice_record",
  callbackRequest: "item_advice_request",
  callbackRecord: "item_advice_record",
  blockTopic: "item_advice_topic",
  blockQuestion: "item_advice_question",
  blockAdvice: "item_advice_text",
  /** One card section and one actions block per request: item_advice_req_<record id>, item_advice_act_<record id>. */
  requestPrefix: "item_advice_req_",
  actionsPrefix: "item_advice_act_",
} as const;

/** Art. 4(2)(vi) joint alerts. */
export const ALERT_ID = {
  actionEdit: "item_alert_edit",
  actionApprove: "item_alert_approve",
  actionPublish: "item_alert_publish",
  callbackDraft: "item_alert_draft",
  callbackPublish: "item_alert_publish",
  blockText: "item_alert_text",
  blockDate: "item_alert_date",
} as const;

/** Art. 7 sharing scopes. */
export const SCOPE_ID = {
  shortcutDesignate: "designate_sharing_scope",
  callbackDesignate: "scope_designate",
  actionConsent: "scope_consent",
  actionRemoval: "scope_request_removal",
  actionRemoved: "scope_removed",
  blockLevel: "scope_level",
  blockBasis: "scope_basis",
  blockUsers: "scope_users",
  blockOrganisations: "scope_organisations",
} as const;

export const VALUE_ACTION = "value";

/** Normal-times cooperation (Arts. 5, 6, 8): ids shared by all kinds of activity. */
export const ACTIVITY_ID = {
  /** Chooser button; its value is the kind. */
  actionStart: "activity_start",
} as const;

/** Art. 5(2) information sharing and Art. 5(3) advice on general standards (normal times). */
export const SHARE_ID = {
  callbackShare: "activity_share",
  blockCategory: "share_category",
  blockTitle: "share_title",
  blockContent: "share_content",
  blockReference: "share_reference",
  blockLevel: "share_scope_level",
  blockUsers: "share_scope_users",
  blockOrganisations: "share_scope_organisations",
  actionReceived: "share_received",
} as const;

export const GENERAL_ADVICE_ID = {
  callbackRequest: "standard_advice_request",
  blockTitle: "standard_advice_title",
  blockReference: "standard_advice_reference",
  blockQuestions: "standard_advice_questions",
  blockDue: "standard_advice_due",
  actionGive: "standard_advice_give",
  callbackGive: "standard_advice_give_submit",
  blockAdvice: "standard_advice_text",
  blockReferences: "standard_advice_references",
  actionClose: "standard_advice_close",
} as const;

/** Art. 5(1) events: the modal's blocks, the card's buttons. */
export const EVENT_ID = {
  callbackOpen: "activity_event_open",
  blockSubKind: "event_sub_kind",
  blockTitle: "event_title",
  blockWhen: "event_when",
  blockOwner: "event_owner",
  blockFormat: "event_format",
  blockParticipants: "event_participants",
  blockDescription: "event_description",
  blockPreparation: "event_preparation",
  actionDone: "event_done",
  actionCancel: "event_cancel",
} as const;

/** Arts. 6 and 8 consultations of normal times (not the Art. 4(2) consultation of an incident). */
export const NT_CONSULT_ID = {
  callbackOpen: "activity_consultation_open",
  blockArticle: "ntconsult_article",
  blockTitle: "ntconsult_title",
  blockQuestion: "ntconsult_question",
  blockDue: "ntconsult_due",
  actionResolve: "ntconsult_resolve",
  callbackResolve: "ntconsult_resolution",
  blockResolution: "ntconsult_resolution_text",
  actionConfirm: "ntconsult_confirm",
} as const;

/** Art. 4(2)/7: internal channels, "Share with <other party>", channel allowances, consent asked in advance. */
export const RELEASE_ID = {
  shortcutShare: "share_with_other_party",
  callbackShare: "release_share",
  shortcutRequestConsent: "request_scope_consent",
  callbackRequestConsent: "scope_consent_request",
  actionApprove: "scope_consent_approve",
  actionDecline: "scope_consent_decline",
  /** Channel allowances in the designate and share forms (multi_conversations_select). */
  blockChannels: "scope_channels",
  blockRequestChannel: "scope_request_channel",
  blockRequestUsers: "scope_request_users",
  blockRequestReason: "scope_request_reason",
  /** The sharing scope chosen when the bot posts a shared result (Art. 4(2)(ii), (iv), (v)). */
  blockResultLevel: "scope_result_level",
} as const;

/** Closing, reopening and archiving an incident (issue 15). */
export const CLOSING_ID = {
  actionClose: "incident_close",
  actionConfirm: "incident_closing_confirm",
  actionReopen: "incident_reopen",
  callbackClose: "incident_closing",
  callbackReopen: "incident_reopen",
  /** A pending proposal withdrawn by its party or declined by the other; the modal asks why. */
  actionWithdraw: "incident_closing_withdraw",
  callbackWithdraw: "incident_closing_withdraw",
  blockWithdrawReason: "withdraw_reason",
  blockWhat: "closing_what",
  /** One outcome select and one why input per agreed item: closing_item_<task id>, closing_why_<task id>. */
  itemPrefix: "closing_item_",
  whyPrefix: "closing_why_",
  blockReports: "closing_reports",
  blockOpenTasks: "closing_open_tasks",
  blockReason: "reopen_reason",
  actionReview: "incident_review",
  callbackReview: "incident_review",
  blockWorked: "review_worked",
  blockDidNot: "review_did_not",
  blockLessons: "review_lessons",
  /** A lesson's buttons; value: {r: review id, i: lesson index}. */
  actionLessonTraining: "review_lesson_training",
  actionLessonConsultation: "review_lesson_consultation",
} as const;
