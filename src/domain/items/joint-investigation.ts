// Art. 4(2)(i) joint investigation (共同調査): with the consent of the body where the case occurred
// (the reporter etc., 報告者等), the parties jointly hold hearings and other necessary
// investigation. Rules: either party's staff, liaison officers or admins record; a hearing can
// only be scheduled once the reporter's consent is recorded; a hearing is joint, so its
// participants include configured members of both parties and nobody else.
import type { ItemRecord } from "../item-records";
import { hasRole, type Member } from "../parties";
import type { Refusal } from "../permissions";
import type { Task } from "../tasks";

export const ITEM_TYPE = "joint_investigation";
export const CONSENT_KIND = "consent";
export const HEARING_KIND = "hearing";

export const CONSENT_METHODS = ["written", "email", "oral", "other"] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const JOINT_LIMITS = { consentedBy: 200, note: 1000, notes: 1000, participants: 30 } as const;
/** A consent time a little ahead of the clock is the picker's rounding, not a future consent. */
export const CONSENT_FUTURE_TOLERANCE_MS = 10 * 60_000;

export type ConsentInput = { consentedBy: string; consentedAt: Date | null; method: string | null; note: string };
export type ConsentData = { consentedBy: string; consentedAt: string; method: ConsentMethod; note: string | null };
export type ConsentError =
  | { field: "consentedBy"; error: "required" | "too_long" }
  | { field: "consentedAt"; error: "required" | "in_future" }
  | { field: "method"; error: "required" | "invalid_choice" }
  | { field: "note"; error: "too_long" };

export type HearingInput = { at: Date | null; participants: string[]; notes: string };
export type HearingData = { at: string; participants: string[]; notes: string | null };
export type HearingError =
  | { field: "at"; error: "required" }
  | { field: "participants"; error: "required" | "too_many" }
  | { field: "participants"; error: "not_configured"; users: string[] }
  | { field: "participants"; error: "one_party_only"; missing: string[] }
  | { field: "notes"; error: "too_long" };

export type JointRefusal = Refusal | "consent_required" | "task_done";

const length = (s: string) => Array.from(s).length;

/**
 * Who may record consent or hearings: staff, liaison officers and admins of either party, while
 * the item is open (a completed item's card has no buttons; a stale click changes nothing).
 */
export function recorderRefusal(member: Member | undefined, task: Pick<Task, "status">): Refusal | "task_done" | undefined {
  if (!member) return "not_a_member";
  if (!hasRole(member, "staff", "liaison", "admin")) return "role_required";
  return task.status === "done" ? "task_done" : undefined;
}

export function validateConsent(input: ConsentInput, now: Date): { data: ConsentData; errors: [] } | { data: null; errors: ConsentError[] } {
  const errors: ConsentError[] = [];
  const consentedBy = input.consentedBy.trim();
  if (consentedBy === "") errors.push({ field: "consentedBy", error: "required" });
  else if (length(consentedBy) > JOINT_LIMITS.consentedBy) errors.push({ field: "consentedBy", error: "too_long" });
  if (!input.consentedAt || Number.isNaN(input.consentedAt.getTime())) errors.push({ field: "consentedAt", error: "required" });
  else if (input.consentedAt.getTime() > now.getTime() + CONSENT_FUTURE_TOLERANCE_MS) errors.push({ field: "consentedAt", error: "in_future" });
  if (!input.method) errors.push({ field: "method", error: "required" });
  else if (!(CONSENT_METHODS as readonly string[]).includes(input.method)) errors.push({ field: "method", error: "invalid_choice" });
  const note = input.note.trim();
  if (length(note) > JOINT_LIMITS.note) errors.push({ field: "note", error: "too_long" });
  if (errors.length > 0) return { data: null, errors };
  return { data: { consentedBy, consentedAt: input.consentedAt!.toISOString(), method: input.method as ConsentMethod, note: note || null }, errors: [] };
}

export function consentsOf(records: ItemRecord[]): ItemRecord[] {
  return records.filter((r) => r.kind === CONSENT_KIND);
}

export function hearingsOf(records: ItemRecord[]): ItemRecord[] {
  return records.filter((r) => r.kind === HEARING_KIND);
}

/** Art. 4(2)(i): hearings are held with the reporter's consent, so one must be on record first. */
export function hearingRefusal(member: Member | undefined, task: Pick<Task, "status">, records: ItemRecord[]): JointRefusal | undefined {
  return recorderRefusal(member, task) ?? (consentsOf(records).length === 0 ? "consent_required" : undefined);
}

/**
 * A joint hearing: every participant is a configured member, and every party has at least one
 * participant. `partyOf` answers from the configuration (undefined = not configured).
 */
export function validateHearing(
  input: HearingInput,
  parties: string[],
  partyOf: (userId: string) => string | undefined,
): { data: HearingData; errors: [] } | { data: null; errors: HearingError[] } {
  const errors: HearingError[] = [];
  if (!input.at || Number.isNaN(input.at.getTime())) errors.push({ field: "at", error: "required" });
  const participants = [...new Set(input.participants)];
  if (participants.length === 0) errors.push({ field: "participants", error: "required" });
  else if (participants.length > JOINT_LIMITS.participants) errors.push({ field: "participants", error: "too_many" });
  else {
    const unknown = participants.filter((u) => partyOf(u) === undefined);
    if (unknown.length > 0) errors.push({ field: "participants", error: "not_configured", users: unknown });
    else {
      const present = new Set(participants.map((u) => partyOf(u)!));
      const missing = parties.filter((p) => !present.has(p));
      if (missing.length > 0) errors.push({ field: "participants", error: "one_party_only", missing });
    }
  }
  const notes = input.notes.trim();
  if (length(notes) > JOINT_LIMITS.notes) errors.push({ field: "notes", error: "too_long" });
  if (errors.length > 0) return { data: null, errors };
  return { data: { at: input.at!.toISOString(), participants, notes: notes || null }, errors: [] };
}

/** Typed views of stored data (stored as JSON; a record written by this module has these fields). */
export function consentData(r: ItemRecord): ConsentData {
  const d = r.data;
  return { consentedBy: String(d.consentedBy ?? ""), consentedAt: String(d.consentedAt ?? ""), method: (CONSENT_METHODS as readonly string[]).includes(String(d.method)) ? (d.method as ConsentMethod) : "other", note: typeof d.note === "string" ? d.note : null };
}

export function hearingData(r: ItemRecord): HearingData {
  const d = r.data;
  return { at: String(d.at ?? ""), participants: Array.isArray(d.participants) ? d.participants.map(String) : [], notes: typeof d.notes === "string" ? d.notes : null };
}
