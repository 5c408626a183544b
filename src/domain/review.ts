// The review after closing (issue 15): both parties are invited, with a due date, to say what
// worked, what did not, and the lessons for the memorandum's normal-times cooperation. A lesson
// can become a proposed Art. 5(1) training topic or an Art. 8 consultation.
import type { Closure } from "./closing";
import type { Member } from "./parties";
import { addDays, localDateOf, type LocalDate } from "./time";

export const REVIEW_LIMITS = { text: 2000, lesson: 500, lessons: 10 } as const;

export type ReviewForm = { worked: string | null; didNot: string | null; lessons: string | null };
export type ReviewField = "worked" | "didNot" | "lessons";
export type ReviewError = "required" | "too_long" | "too_many";

export type Review = {
  id: string;
  incidentId: string;
  closureId: string;
  party: string;
  byUserId: string;
  worked: string;
  didNot: string;
  lessons: string[];
  cardTs: string | null;
  createdAt: Date;
};

export type ReviewRefusal = "not_a_member" | "not_closed" | "already_reviewed";

/** What a lesson becomes with one click: a proposed training topic (Art. 5(1)) or a consultation (Art. 8). */
export const LESSON_TARGETS = ["training", "consultation"] as const;
export type LessonTarget = (typeof LESSON_TARGETS)[number];

export function validateReview(form: ReviewForm): { ok: true; review: Pick<Review, "worked" | "didNot" | "lessons"> } | { ok: false; errors: Partial<Record<ReviewField, ReviewError>> } {
  const errors: Partial<Record<ReviewField, ReviewError>> = {};
  const text = (v: string | null, field: "worked" | "didNot") => {
    const s = (v ?? "").trim();
    if (s === "") errors[field] = "required";
    else if (Array.from(s).length > REVIEW_LIMITS.text) errors[field] = "too_long";
    return s;
  };
  const worked = text(form.worked, "worked");
  const didNot = text(form.didNot, "didNot");
  // one lesson a line; bullets people type are dropped
  const lessons = (form.lessons ?? "")
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-*・•]|\d+[.)])\s*/, "").trim())
    .filter((l) => l !== "");
  if (lessons.length > REVIEW_LIMITS.lessons) errors.lessons = "too_many";
  else if (lessons.some((l) => Array.from(l).length > REVIEW_LIMITS.lesson)) errors.lessons = "too_long";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, review: { worked, didNot, lessons } };
}

/** Members of either party review for their own party, once per closing round, while the incident is closed. */
export function reviewRefusal(member: Member | undefined, closure: Pick<Closure, "status"> | null, existing: Array<Pick<Review, "party">>): ReviewRefusal | undefined {
  if (!member) return "not_a_member";
  if (!closure || closure.status !== "closed") return "not_closed";
  if (existing.some((r) => r.party === member.party)) return "already_reviewed";
  return undefined;
}

/** The review's due date: `days` calendar days after the closing day (local). */
export function reviewDueOn(closedAt: Date, days: number, timeZone: string): LocalDate {
  return addDays(localDateOf(closedAt, timeZone), days);
}

export function isoDay(d: LocalDate): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

/** The parties that have not reviewed yet. */
export function partiesYetToReview(parties: string[], reviews: Array<Pick<Review, "party">>): string[] {
  return parties.filter((p) => !reviews.some((r) => r.party === p));
}
