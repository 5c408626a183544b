// Incidents: intake (Arts. 2, 4(1)) and the record the rest of the product builds on.
import { defaultAppiRegime, type AppiRegime, type ReporterCategory } from "./appi";

export type PersonalDataAnswer = "yes" | "maybe" | "no";
export type IncidentState = "out_of_scope" | "open" | "cooperation_case" | "closed";
export type ChannelStatus = "none" | "pending" | "ready" | "failed";

export const INTAKE_LIMITS = { title: 120, reporterName: 200, supervisingAgency: 200, summary: 3000, affectedCount: 100_000_000_000 } as const;

/** The intake modal's answers as the user gave them (strings and selections, not yet trusted). */
export type IntakeForm = {
  title: string | null;
  reporterName: string | null;
  reporterCategory: string | null;
  supervisingAgency: string | null;
  personalData: string | null;
  awareAt: number | null; // unix seconds
  appiRegime: string | null; // "default" | "art68" | "art26"
  flags: string[]; // unlawful_purpose, special_care, financial
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
  unlawfulPurposeSuspected: boolean;
  affectedCount: number;
  specialCareData: boolean;
  financialRiskData: boolean;
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

  const regimeChoice = form.appiRegime ?? "default";
  if (!["default", "art68", "art26"].includes(regimeChoice)) errors.appiRegime = "invalid_choice";

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
      appiRegime: regimeChoice === "default" ? defaultAppiRegime(reporterCategory) : (regimeChoice as AppiRegime),
      unlawfulPurposeSuspected: form.flags.includes("unlawful_purpose"),
      affectedCount,
      specialCareData: form.flags.includes("special_care"),
      financialRiskData: form.flags.includes("financial"),
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
};

export function isOpen(incident: Pick<Incident, "state">): boolean {
  return incident.state === "open" || incident.state === "cooperation_case";
}
