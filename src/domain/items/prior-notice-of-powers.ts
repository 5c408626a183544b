// Art. 4(2)(iii) prior sharing of the exercise of powers (権限行使の事前共有): before either party
// exercises its legal powers in the case, it tells the other in advance as far as possible, so
// that the state acts as one. A notice belongs to the planning party; only the other party
// acknowledges it, once. A notice whose planned date has passed can still be recorded, marked late.
import type { ItemRecord } from "../item-records";
import { hasRole, type Member } from "../parties";
import type { Refusal } from "../permissions";
import type { LocalDate } from "../time";
import type { Task } from "../tasks";

export const ITEM_TYPE = "prior_notice_of_powers";
export const NOTICE_KIND = "power_notice";
export const POWER_KINDS = ["guidance", "recommendation", "order", "report_request", "on_site_inspection", "other"] as const;
export type PowerKind = (typeof POWER_KINDS)[number];
export const NOTICE_LIMITS = { note: 1000 } as const;

export type NoticeStatus = "planned" | "acknowledged";
export type NoticeInput = { kind: string | null; plannedDate: string | null; note: string };
export type NoticeData = { powerKind: PowerKind; plannedDate: string; note: string | null; late: boolean };
export type NoticeError =
  | { field: "kind"; error: "required" | "invalid_choice" }
  | { field: "plannedDate"; error: "required" | "invalid_date" }
  | { field: "note"; error: "too_long" | "required_for_other" };

export type AcknowledgeRefusal = Refusal | "own_party" | "already_acknowledged" | "not_found";

const length = (s: string) => Array.from(s).length;

/** Staff, liaison officers and admins of either party record their own party's planned exercises. */
export function noticeRefusal(member: Member | undefined, task: Pick<Task, "status">): Refusal | "task_done" | undefined {
  if (!member) return "not_a_member";
  if (!hasRole(member, "staff", "liaison", "admin")) return "role_required";
  return task.status === "done" ? "task_done" : undefined;
}

function parseDate(s: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return check.getUTCFullYear() === date.year && check.getUTCMonth() === date.month - 1 && check.getUTCDate() === date.day ? date : null;
}

const compare = (a: LocalDate, b: LocalDate) => a.year - b.year || a.month - b.month || a.day - b.day;

/** A notice is late when its planned date is before the day it is recorded (local dates). */
export function isLate(plannedDate: string, today: LocalDate): boolean {
  const d = parseDate(plannedDate);
  return d !== null && compare(d, today) < 0;
}

/** "Other" powers need a note saying which. */
export function validateNotice(input: NoticeInput, today: LocalDate): { data: NoticeData; errors: [] } | { data: null; errors: NoticeError[] } {
  const errors: NoticeError[] = [];
  if (!input.kind) errors.push({ field: "kind", error: "required" });
  else if (!(POWER_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: "kind", error: "invalid_choice" });
  if (!input.plannedDate) errors.push({ field: "plannedDate", error: "required" });
  else if (!parseDate(input.plannedDate)) errors.push({ field: "plannedDate", error: "invalid_date" });
  const note = input.note.trim();
  if (length(note) > NOTICE_LIMITS.note) errors.push({ field: "note", error: "too_long" });
  else if (input.kind === "other" && note === "") errors.push({ field: "note", error: "required_for_other" });
  if (errors.length > 0) return { data: null, errors };
  return { data: { powerKind: input.kind as PowerKind, plannedDate: input.plannedDate!, note: note || null, late: isLate(input.plannedDate!, today) }, errors: [] };
}

/**
 * Only the other party acknowledges a notice (staff, liaison officers and admins), once. The
 * planning party sees the acknowledgement; it cannot give it to itself.
 */
export function acknowledgeRefusal(member: Member | undefined, notice: Pick<ItemRecord, "kind" | "party" | "status"> | null): AcknowledgeRefusal | undefined {
  if (!member) return "not_a_member";
  if (!notice || notice.kind !== NOTICE_KIND) return "not_found";
  if (!hasRole(member, "staff", "liaison", "admin")) return "role_required";
  if (notice.party === member.party) return "own_party";
  if (notice.status !== "planned") return "already_acknowledged";
  return undefined;
}

export function noticesOf(records: ItemRecord[]): ItemRecord[] {
  return records.filter((r) => r.kind === NOTICE_KIND);
}

export function noticeData(r: ItemRecord): NoticeData & { ackByUserId: string | null; ackParty: string | null; ackAt: string | null } {
  const d = r.data;
  return {
    powerKind: (POWER_KINDS as readonly string[]).includes(String(d.powerKind)) ? (d.powerKind as PowerKind) : "other",
    plannedDate: String(d.plannedDate ?? ""),
    note: typeof d.note === "string" ? d.note : null,
    late: d.late === true,
    ackByUserId: typeof d.ackByUserId === "string" ? d.ackByUserId : null,
    ackParty: typeof d.ackParty === "string" ? d.ackParty : null,
    ackAt: typeof d.ackAt === "string" ? d.ackAt : null,
  };
}
