// Art. 5(1): education and training, publicity and awareness, held jointly or co-hosted. An event
// is organised by one party (its owner), takes place at a given time, and may have preparation
// tasks (each a task of the organising party with its own due date, reminded like any task).
import type { Member } from "../parties";
import { hasRole } from "../parties";
import type { Activity, NewActivity } from "../activity";
import { addDays, endOfLocalDay, localDateOf, type LocalDate } from "../time";

export const EVENT_SUB_KINDS = ["training", "awareness"] as const;
export type EventSubKind = (typeof EVENT_SUB_KINDS)[number];
/** joint: both parties hold it together; co_hosted: one party's programme the other co-hosts or uses. */
export const EVENT_FORMATS = ["joint", "co_hosted"] as const;
export type EventFormat = (typeof EVENT_FORMATS)[number];

export const MAX_PREPARATION_TASKS = 20;
export const MAX_TASK_TEXT = 200;
export const MAX_EVENT_TITLE = 150;
export const MAX_EVENT_DESCRIPTION = 3000;

export type EventData = { subKind: EventSubKind; format: EventFormat; participants: string[]; description: string };

export type EventForm = {
  subKind: string | null;
  title: string | null;
  /** Unix seconds from the datetimepicker. */
  scheduledAt: number | null;
  ownerParty: string | null;
  format: string | null;
  participants: string[];
  description: string | null;
  /** One task a line: "what to do; YYYY-MM-DD" (the date may be left out). */
  preparation: string | null;
};

export type EventField = "subKind" | "title" | "scheduledAt" | "ownerParty" | "format" | "description" | "preparation";
export type EventError =
  | { field: EventField; code: "required" | "too_long" | "in_the_past" | "unknown" }
  | { field: "preparation"; code: "bad_line" | "bad_date" | "due_after_event" | "due_in_the_past" | "too_many"; line: number };

export type PreparationTask = { text: string; dueAt: Date };
export type ValidEvent = { activity: Omit<NewActivity, "createdByUserId">; tasks: PreparationTask[] };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(text: string): LocalDate | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const check = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return check.getUTCFullYear() === d.year && check.getUTCMonth() + 1 === d.month && check.getUTCDate() === d.day ? d : null;
}

const dayNumber = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day);

/**
 * Preparation lines: "text; YYYY-MM-DD". Without a date a task is due the day before the event
 * (or on its day when that is already past). A due date after the event or before today is refused.
 */
export function parsePreparation(text: string | null, event: Date, now: Date, timeZone: string): { tasks: PreparationTask[]; errors: EventError[] } {
  const tasks: PreparationTask[] = [];
  const errors: EventError[] = [];
  const lines = (text ?? "").split(/\r?\n/).map((l) => l.trim());
  const eventDay = localDateOf(event, timeZone);
  const today = localDateOf(now, timeZone);
  for (const [i, line] of lines.entries()) {
    if (!line) continue;
    const lineNo = i + 1;
    const [what = "", when, ...rest] = line.split(/[;；]/).map((p) => p.trim());
    if (!what || rest.length > 0 || what.length > MAX_TASK_TEXT) {
      errors.push({ field: "preparation", code: "bad_line", line: lineNo });
      continue;
    }
    let day: LocalDate;
    if (when) {
      const parsed = parseDay(when);
      const code = !parsed ? "bad_date" : dayNumber(parsed) > dayNumber(eventDay) ? "due_after_event" : dayNumber(parsed) < dayNumber(today) ? "due_in_the_past" : null;
      if (code || !parsed) {
        errors.push({ field: "preparation", code: code ?? "bad_date", line: lineNo });
        continue;
      }
      day = parsed;
    } else {
      const before = addDays(eventDay, -1);
      day = dayNumber(before) < dayNumber(today) ? eventDay : before;
    }
    tasks.push({ text: what, dueAt: endOfLocalDay(day, timeZone) });
  }
  if (tasks.length > MAX_PREPARATION_TASKS) errors.push({ field: "preparation", code: "too_many", line: MAX_PREPARATION_TASKS + 1 });
  return { tasks, errors };
}

export function validateEventForm(form: EventForm, parties: readonly string[], now: Date, timeZone: string): { ok: true; event: ValidEvent } | { ok: false; errors: EventError[] } {
  const errors: EventError[] = [];
  const subKind = form.subKind as EventSubKind | null;
  if (!subKind) errors.push({ field: "subKind", code: "required" });
  else if (!EVENT_SUB_KINDS.includes(subKind)) errors.push({ field: "subKind", code: "unknown" });
  const title = (form.title ?? "").trim();
  if (!title) errors.push({ field: "title", code: "required" });
  else if (title.length > MAX_EVENT_TITLE) errors.push({ field: "title", code: "too_long" });
  const scheduledAt = form.scheduledAt ? new Date(form.scheduledAt * 1000) : null;
  if (!scheduledAt) errors.push({ field: "scheduledAt", code: "required" });
  else if (scheduledAt.getTime() <= now.getTime()) errors.push({ field: "scheduledAt", code: "in_the_past" });
  if (!form.ownerParty) errors.push({ field: "ownerParty", code: "required" });
  else if (!parties.includes(form.ownerParty)) errors.push({ field: "ownerParty", code: "unknown" });
  const format = form.format as EventFormat | null;
  if (!format) errors.push({ field: "format", code: "required" });
  else if (!EVENT_FORMATS.includes(format)) errors.push({ field: "format", code: "unknown" });
  const description = (form.description ?? "").trim();
  if (description.length > MAX_EVENT_DESCRIPTION) errors.push({ field: "description", code: "too_long" });
  const prep = scheduledAt && scheduledAt.getTime() > now.getTime() ? parsePreparation(form.preparation, scheduledAt, now, timeZone) : { tasks: [], errors: [] };
  errors.push(...prep.errors);
  if (errors.length > 0) return { ok: false, errors };
  const data: EventData = { subKind: subKind!, format: format!, participants: [...new Set(form.participants)], description };
  return {
    ok: true,
    event: { activity: { kind: "event", article: "5(1)", title, ownerParty: form.ownerParty!, data, scheduledAt }, tasks: prep.tasks },
  };
}

export function eventDataOf(activity: Pick<Activity, "data">): EventData {
  const d = activity.data as Partial<EventData>;
  return {
    subKind: EVENT_SUB_KINDS.includes(d.subKind as EventSubKind) ? (d.subKind as EventSubKind) : "training",
    format: EVENT_FORMATS.includes(d.format as EventFormat) ? (d.format as EventFormat) : "joint",
    participants: Array.isArray(d.participants) ? d.participants.filter((p): p is string => typeof p === "string") : [],
    description: typeof d.description === "string" ? d.description : "",
  };
}

export type EventAction = "complete" | "cancel";
/** not_organiser: only the organising party's liaison officers, managers and admins, or whoever registered it. */
export type EventRefusal = "not_a_member" | "not_organiser" | "not_open";

export function eventRefusal(actor: Member | undefined, activity: Pick<Activity, "kind" | "status" | "ownerParty" | "createdByUserId">, _action: EventAction): EventRefusal | null {
  if (!actor) return "not_a_member";
  const organiser = actor.userId === activity.createdByUserId || (actor.party === activity.ownerParty && hasRole(actor, "liaison", "manager", "admin"));
  if (!organiser) return "not_organiser";
  if (activity.kind !== "event" || activity.status !== "open") return "not_open";
  return null;
}
