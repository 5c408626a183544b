// Art. 6 (other cooperation) and Art. 8 (matters not covered, doubts about the memorandum): a
// consultation between the parties, resolved in good faith. The discussion happens in the card's
// thread; a liaison officer of either party records the proposed resolution (version 1, 2, ...),
// and each party's liaison officer confirms the CURRENT version once. When every party confirmed
// the current version, the consultation is resolved. A new version withdraws earlier confirmations.
import type { Activity, ActivityRecord, NewActivity } from "../activity";
import type { Member } from "../parties";
import { hasRole } from "../parties";
import { endOfLocalDay, localDateOf } from "../time";

export const CONSULTATION_ARTICLES = ["6", "8"] as const;
export type ConsultationArticle = (typeof CONSULTATION_ARTICLES)[number];
export const RESOLUTION_KIND = "resolution";
export const CONFIRMATION_KIND = "confirmation";
export const MAX_CONSULTATION_TITLE = 150;
export const MAX_CONSULTATION_TEXT = 3000;

export type ConsultationData = { question: string };

export type ConsultationForm = { article: string | null; title: string | null; question: string | null; dueDate: string | null };
export type ConsultationField = "article" | "title" | "question" | "dueDate";
export type ConsultationError = { field: ConsultationField; code: "required" | "too_long" | "unknown" | "in_the_past" };

export function validateConsultationForm(form: ConsultationForm, ownerParty: string, now: Date, timeZone: string): { ok: true; activity: Omit<NewActivity, "createdByUserId"> } | { ok: false; errors: ConsultationError[] } {
  const errors: ConsultationError[] = [];
  if (!form.article) errors.push({ field: "article", code: "required" });
  else if (!CONSULTATION_ARTICLES.includes(form.article as ConsultationArticle)) errors.push({ field: "article", code: "unknown" });
  const title = (form.title ?? "").trim();
  if (!title) errors.push({ field: "title", code: "required" });
  else if (title.length > MAX_CONSULTATION_TITLE) errors.push({ field: "title", code: "too_long" });
  const question = (form.question ?? "").trim();
  if (!question) errors.push({ field: "question", code: "required" });
  else if (question.length > MAX_CONSULTATION_TEXT) errors.push({ field: "question", code: "too_long" });
  let dueAt: Date | null = null;
  if (form.dueDate) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(form.dueDate);
    if (!m) errors.push({ field: "dueDate", code: "unknown" });
    else {
      dueAt = endOfLocalDay({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, timeZone);
      const today = localDateOf(now, timeZone);
      if (dueAt.getTime() < endOfLocalDay(today, timeZone).getTime()) errors.push({ field: "dueDate", code: "in_the_past" });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const data: ConsultationData = { question };
  return { ok: true, activity: { kind: "consultation", article: form.article!, title, ownerParty, data, dueAt } };
}

export function validateResolutionText(text: string | null): "required" | "too_long" | null {
  const t = (text ?? "").trim();
  if (!t) return "required";
  return t.length > MAX_CONSULTATION_TEXT ? "too_long" : null;
}

export type Resolution = { id: string; version: number; text: string; party: string; byUserId: string; at: Date; withdrew: Array<{ party: string; byUserId: string }> };
export type Confirmation = { party: string; byUserId: string; at: Date; version: number };

export type ResolutionState = {
  current: Resolution | null;
  /** Confirmations of the current version, by party. */
  confirmations: Partial<Record<string, Confirmation>>;
  /** Every party confirmed the current version. */
  confirmedByAll: boolean;
  /** Parties that have not confirmed the current version (all of them when there is none). */
  awaiting: string[];
};

export function resolutionStateOf(records: readonly ActivityRecord[], parties: readonly string[]): ResolutionState {
  let current: Resolution | null = null;
  for (const r of records) {
    if (r.kind !== RESOLUTION_KIND) continue;
    const version = Number(r.data.version);
    if (!current || version > current.version) {
      const withdrew = Array.isArray(r.data.withdrew) ? (r.data.withdrew as Array<{ party: string; byUserId: string }>) : [];
      current = { id: r.id, version, text: String(r.data.text ?? ""), party: r.party, byUserId: r.byUserId, at: r.createdAt, withdrew };
    }
  }
  const confirmations: Partial<Record<string, Confirmation>> = {};
  if (current) {
    for (const r of records) {
      if (r.kind === CONFIRMATION_KIND && Number(r.data.version) === current.version && !confirmations[r.party]) {
        confirmations[r.party] = { party: r.party, byUserId: r.byUserId, at: r.createdAt, version: current.version };
      }
    }
  }
  const awaiting = parties.filter((p) => !confirmations[p]);
  return { current, confirmations, confirmedByAll: !!current && awaiting.length === 0, awaiting };
}

/** One confirmation per party and version: a double click, or two liaisons of a party, record it once. */
export function confirmationKey(activityId: string, version: number, party: string): string {
  return `confirm:${activityId}:${version}:${party}`;
}

export function resolutionKey(activityId: string, version: number): string {
  return `resolution:${activityId}:${version}`;
}

export type ConsultationAction = "resolve" | "confirm";
export type ConsultationRefusal = "not_a_member" | "liaison_required" | "other_party" | "not_open" | "no_resolution" | "stale_version" | "already_confirmed";

/**
 * Who may do what: only liaison officers speak for their party (record a resolution, confirm it).
 * A confirmation names the version the card showed (a newer one meanwhile is refused) and the
 * party whose button was clicked (a liaison officer confirms for their own party only).
 */
export function consultationRefusal(
  actor: Member | undefined,
  activity: Pick<Activity, "kind" | "status">,
  state: ResolutionState,
  action: ConsultationAction,
  version?: number,
  forParty?: string,
): ConsultationRefusal | null {
  if (!actor) return "not_a_member";
  if (!hasRole(actor, "liaison")) return "liaison_required";
  if (forParty !== undefined && forParty !== actor.party) return "other_party";
  if (activity.kind !== "consultation" || activity.status !== "open") return "not_open";
  if (action === "resolve") return null;
  if (!state.current) return "no_resolution";
  if (version !== undefined && version !== state.current.version) return "stale_version";
  if (state.confirmations[actor.party]) return "already_confirmed";
  return null;
}

/** Confirmations the next version withdraws (those of the current version). */
export function confirmationsWithdrawnByNewVersion(state: ResolutionState): Confirmation[] {
  return Object.values(state.confirmations).filter((c): c is Confirmation => !!c);
}

export function consultationDataOf(activity: Pick<Activity, "data">): ConsultationData {
  return { question: typeof activity.data.question === "string" ? activity.data.question : "" };
}
