// Art. 5(3) advice on general standards: when the author party asks, the other party gives advice
// and information on the wording of its draft basic policies, unified standards, guidelines etc.,
// and refers to its own standards or work as needed, so that the state's measures are presented
// consistently. The author asks with a due date; the other party's members give advice; the
// author party's liaison closes the request once the advice is in.
import type { Activity, ActivityRecord } from "../activity";
import { hasRole, type Member } from "../parties";
import { endOfLocalDay, localDateOf, type LocalDate } from "../time";

export const ADVICE_ARTICLE = "5(3)";
export const ADVICE_KIND = "advice";
export const ADVICE_LIMITS = { title: 150, reference: 500, questions: 2000, advice: 3000, references: 1000 } as const;

/** The party asked for advice: the other party of the memorandum. */
export function advisingParty(authorParty: string, parties: readonly string[]): string | null {
  return parties.find((p) => p !== authorParty) ?? null;
}

export type AdviceRequestInput = { title: string; reference: string; questions: string; dueDate: string | null };
export type AdviceRequestData = { reference: string; questions: string | null };
export type AdviceRequestError = { field: "title" | "reference" | "questions" | "due"; error: "required" | "too_long" | "not_future" | "invalid"; max?: number };

const length = (s: string) => Array.from(s).length;
const iso = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/**
 * A request for advice: a title, where the draft is (a link or an attachment reference), the
 * questions (optional: "comments on the draft" is the default), and a due date after today (the
 * advice is due at the end of that day, local time).
 */
export function validateAdviceRequest(input: AdviceRequestInput, now: Date, timeZone: string): { data: AdviceRequestData & { title: string; dueAt: Date }; errors: [] } | { data: null; errors: AdviceRequestError[] } {
  const errors: AdviceRequestError[] = [];
  const title = input.title.trim();
  const reference = input.reference.trim();
  const questions = input.questions.trim();
  if (title === "") errors.push({ field: "title", error: "required" });
  else if (length(title) > ADVICE_LIMITS.title) errors.push({ field: "title", error: "too_long", max: ADVICE_LIMITS.title });
  if (reference === "") errors.push({ field: "reference", error: "required" });
  else if (length(reference) > ADVICE_LIMITS.reference) errors.push({ field: "reference", error: "too_long", max: ADVICE_LIMITS.reference });
  if (length(questions) > ADVICE_LIMITS.questions) errors.push({ field: "questions", error: "too_long", max: ADVICE_LIMITS.questions });
  let dueAt: Date | null = null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.dueDate ?? "");
  if (!input.dueDate) errors.push({ field: "due", error: "required" });
  else if (!m) errors.push({ field: "due", error: "invalid" });
  else if (input.dueDate <= iso(localDateOf(now, timeZone))) errors.push({ field: "due", error: "not_future" });
  else dueAt = endOfLocalDay({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, timeZone);
  if (errors.length > 0 || !dueAt) return { data: null, errors };
  return { data: { title, reference, questions: questions || null, dueAt }, errors: [] };
}

export type AdviceInput = { advice: string; references: string };
export type AdviceData = { advice: string; references: string | null };
export type AdviceError = { field: "advice" | "references"; error: "required" | "too_long"; max: number };

export function validateAdvice(input: AdviceInput): { data: AdviceData; errors: [] } | { data: null; errors: AdviceError[] } {
  const errors: AdviceError[] = [];
  const advice = input.advice.trim();
  const references = input.references.trim();
  if (advice === "") errors.push({ field: "advice", error: "required", max: ADVICE_LIMITS.advice });
  else if (length(advice) > ADVICE_LIMITS.advice) errors.push({ field: "advice", error: "too_long", max: ADVICE_LIMITS.advice });
  if (length(references) > ADVICE_LIMITS.references) errors.push({ field: "references", error: "too_long", max: ADVICE_LIMITS.references });
  if (errors.length > 0) return { data: null, errors };
  return { data: { advice, references: references || null }, errors: [] };
}

export type AdviceRefusal = "not_a_member" | "own_request" | "closed";

/** Advice is given by members of the party asked (any role), while the request is open. */
export function giveAdviceRefusal(member: Member | undefined, activity: Pick<Activity, "ownerParty" | "status">): AdviceRefusal | null {
  if (!member) return "not_a_member";
  if (member.party === activity.ownerParty) return "own_request";
  if (activity.status !== "open") return "closed";
  return null;
}

export type CloseRefusal = "not_a_member" | "not_author_liaison" | "already_closed";

/** The author party's liaison officer closes the request (advice received, or no longer needed). */
export function closeAdviceRefusal(member: Member | undefined, activity: Pick<Activity, "ownerParty" | "status">): CloseRefusal | null {
  if (!member) return "not_a_member";
  if (member.party !== activity.ownerParty || !hasRole(member, "liaison")) return "not_author_liaison";
  if (activity.status !== "open") return "already_closed";
  return null;
}

export function adviceRequestData(activity: Pick<Activity, "data">): AdviceRequestData & { advisingParty: string | null; advisingLiaisons: string[]; closedByUserId: string | null; closedAt: string | null } {
  const d = activity.data;
  return {
    reference: String(d.reference ?? ""),
    questions: typeof d.questions === "string" ? d.questions : null,
    advisingParty: typeof d.advisingParty === "string" ? d.advisingParty : null,
    advisingLiaisons: Array.isArray(d.advisingLiaisons) ? d.advisingLiaisons.filter((x): x is string => typeof x === "string") : [],
    closedByUserId: typeof d.closedByUserId === "string" ? d.closedByUserId : null,
    closedAt: typeof d.closedAt === "string" ? d.closedAt : null,
  };
}

export function adviceGiven(records: ActivityRecord[]): Array<ActivityRecord & { advice: AdviceData }> {
  return records
    .filter((r) => r.kind === ADVICE_KIND)
    .map((r) => ({ ...r, advice: { advice: String(r.data.advice ?? ""), references: typeof r.data.references === "string" ? r.data.references : null } }));
}
