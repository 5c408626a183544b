// Incidents: intake (Arts. 2, 4(1)) and the record the rest of the product builds on.
import { type AppiRegime, type ReporterCategory } from "./appi";

export type PersonalDataAnswer = "yes" | "maybe" | "no";
export type IncidentState = "out_of_scope" | "open" | "cooperation_case" | "closed";
export type ChannelStatus = "none" | "pending" | "ready" | "failed";

export const INTAKE_LIMITS = { title: 120, reporterName: 200, supervisingAgency: 200, summary: 3000, affectedCount: 100_000_000_000, delegatedRecipient: 200 } as const;

/**
 * The regime the intake asks for (never a silent default): APPI Art. 68 for administrative organs
 * etc., Art. 68 for a local public body's organ or local incorporated administrative agency (Rules
 * Art. 43(v) applies too), or Art. 26 for business operators (incl. the bodies of APPI's Appended
 * Table 2, e.g. national university corporations, which report as business operators: Art. 58).
 */
export const REGIME_CHOICES = ["art68", "art68_local", "art26"] as const;
export type RegimeChoice = (typeof REGIME_CHOICES)[number];

/** The intake modal's answers as the user gave them (strings and selections, not yet trusted). */
export type IntakeForm = {
  title: string | null;
  reporterName: string | null;
  reporterCategory: string | null;
  supervisingAgency: string | null;
  personalData: string | null;
  awareAt: number | null; // unix seconds
  appiRegime: string | null; // "art68" | "art68_local" | "art26": required, suggested from the category
  flags: string[]; // unlawful_purpose, special_care, financial, ordinance_special_care, protective_measures
  /** APPI Art. 150: the minister PPC delegated to (Art. 26 reporters in such sectors); empty = PPC. */
  delegatedRecipient?: string | null;
  affectedCount: string | null;
  summary: string | null;
  providedByAdminBody: boolean;
};

export type IntakeField = Exclude<keyof IntakeForm, "flags" | "providedByAdminBody">;

export type IntakeError =
  | "required"
  | "too_long"
  | "not_a_number"
  | "negative"
  | "too_large"
  | "in_future"
  | "invalid_choice";

export type Intake = {
  title: string;
  reporterName: string;
  reporterCategory: ReporterCategory;
  supervisingAgency: string;
  personalData: PersonalDataAnswer;
  awareAt: Date;
  appiRegime: AppiRegime;
  /** Art. 68 reporter that is a local public body's organ or local IAA: Rules Art. 43(v) applies. */
  localPublicBody: boolean;
  unlawfulPurposeSuspected: boolean;
  affectedCount: number;
  specialCareData: boolean;
  financialRiskData: boolean;
  /** Rules Art. 43(v): ordinance-designated special-care data (local public bodies only). */
  ordinanceSpecialCareData: boolean;
  /** Advanced encryption or other protective measures were taken: no report needed (Rules Art. 7 / 43). */
  protectiveMeasures: boolean;
  /** APPI Art. 150: the delegated minister who receives the reports instead of PPC (Art. 26 only). */
  delegatedRecipient: string | null;
  summary: string;
  providedByAdminBody: boolean;
};

export type IntakeResult = { ok: true; intake: Intake } | { ok: false; errors: Partial<Record<IntakeField, IntakeError>> };

/** Awareness times up to five minutes ahead are accepted (clock skew between devices). */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export function validateIntake(form: IntakeForm, now: Date): IntakeResult {
  const errors: Partial<Record<IntakeField, IntakeError>> = {};
  const text = (field: "title" | "reporterName" | "supervisingAgency" | "summary", max: number): string => {
    const value = (form[field] ?? "").trim();
    if (value === "") errors[field] = "required";
    else if (Array.from(value).length > max) errors[field] = "too_long";
    return value;
  };
  const title = text("title", INTAKE_LIMITS.title);
  const reporterName = text("reporterName", INTAKE_LIMITS.reporterName);
  const supervisingAgency = text("supervisingAgency", INTAKE_LIMITS.supervisingAgency);
  const summary = text("summary", INTAKE_LIMITS.summary);

  const category = Number(form.reporterCategory);
  if (form.reporterCategory === null || form.reporterCategory === "") errors.reporterCategory = "required";
  else if (![1, 2, 3, 4].includes(category)) errors.reporterCategory = "invalid_choice";

  const personalData = (form.personalData || null) as PersonalDataAnswer | null;
  if (personalData === null) errors.personalData = "required";
  else if (!["yes", "maybe", "no"].includes(personalData)) errors.personalData = "invalid_choice";

  if (form.awareAt === null) errors.awareAt = "required";
  else if (form.awareAt * 1000 > now.getTime() + FUTURE_TOLERANCE_MS) errors.awareAt = "in_future";

  const regimeChoice = form.appiRegime || null;
  if (regimeChoice === null) errors.appiRegime = "required";
  else if (!(REGIME_CHOICES as readonly string[]).includes(regimeChoice)) errors.appiRegime = "invalid_choice";

  const delegatedRecipient = (form.delegatedRecipient ?? "").trim();
  if (Array.from(delegatedRecipient).length > INTAKE_LIMITS.delegatedRecipient) errors.delegatedRecipient = "too_long";

  // NFKC: Japanese input methods often give full-width digits and commas (１，２００).
  const countText = (form.affectedCount ?? "").normalize("NFKC").trim().replace(/[,_]/g, "");
  let affectedCount = 0;
  if (countText === "") errors.affectedCount = "required";
  else if (!/^-?\d+$/.test(countText)) errors.affectedCount = "not_a_number";
  else {
    affectedCount = Number(countText);
    if (affectedCount < 0) errors.affectedCount = "negative";
    else if (affectedCount > INTAKE_LIMITS.affectedCount) errors.affectedCount = "too_large";
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const reporterCategory = category as ReporterCategory;
  return {
    ok: true,
    intake: {
      title,
      reporterName,
      reporterCategory,
      supervisingAgency,
      personalData: personalData!,
      awareAt: new Date(form.awareAt! * 1000),
      appiRegime: regimeChoice === "art26" ? "art26" : "art68",
      localPublicBody: regimeChoice === "art68_local",
      unlawfulPurposeSuspected: form.flags.includes("unlawful_purpose"),
      affectedCount,
      specialCareData: form.flags.includes("special_care"),
      financialRiskData: form.flags.includes("financial"),
      // Rules Art. 43(v) exists for local public bodies only.
      ordinanceSpecialCareData: regimeChoice === "art68_local" && form.flags.includes("ordinance_special_care"),
      protectiveMeasures: form.flags.includes("protective_measures"),
      // Art. 150 delegation concerns business operators (Art. 26) only.
      delegatedRecipient: regimeChoice === "art26" && delegatedRecipient !== "" ? delegatedRecipient : null,
      summary,
      providedByAdminBody: form.providedByAdminBody,
    },
  };
}

/** Art. 2: the memorandum covers incidents where personal information on computers is or may be leaked. */
export function isInScope(intake: Pick<Intake, "personalData">): boolean {
  return intake.personalData !== "no";
}

export type Incident = Intake & {
  id: string;
  ref: string;
  state: IncidentState;
  preliminaryDueAt: Date | null;
  preliminaryDueEdited: boolean;
  finalDueAt: Date | null;
  finalDueEdited: boolean;
  /** The reporter's reports as received by PPC (or the delegated minister): YYYY-MM-DD and receipt number. */
  preliminaryReceivedOn: string | null;
  preliminaryReceiptNo: string | null;
  finalReceivedOn: string | null;
  finalReceiptNo: string | null;
  createdByUserId: string;
  createdByParty: string;
  channelId: string | null;
  channelName: string | null;
  channelStatus: ChannelStatus;
  channelError: string | null;
  summaryTs: string | null;
  sharedInvitesSentAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Art. 5(1): the tabletop exercise it was registered in (its title carries EXERCISE_MARK); absent or null for a real incident. */
  exerciseId?: string | null;
};

/** What `/renkei list` and App Home show of an incident: read without the rest of its columns. */
export type IncidentListItem = Pick<Incident, "id" | "ref" | "title" | "state" | "reporterName" | "createdByParty" | "channelId">;

export function isOpen(incident: Pick<Incident, "state">): boolean {
  return incident.state === "open" || incident.state === "cooperation_case";
}
