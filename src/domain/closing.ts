// Closing, reopening and archiving an incident (issue 15). Pure rules: who may propose, confirm
// and reopen; which parties must confirm (a cooperation case was agreed by both parties, so both
// confirm its end; an incident that never became a case closes with one confirmation); the
// closing summary's validation; what ends with the closing and comes back on reopening; when the
// channel is archived.
import { hasRole, type Member } from "./parties";
import type { Incident, IncidentState } from "./incident";
import type { Task } from "./tasks";

export type ClosureStatus = "proposed" | "closed" | "reopened" | "withdrawn" | "declined";
export type ItemOutcome = "done" | "not_done";

export const CLOSING_LIMITS = { whatHappened: 3000, why: 1000, reports: 1000, openTasks: 1000, reopenReason: 1000, withdrawReason: 1000 } as const;

/** The closing summary as the form gives it (not yet trusted). */
export type ClosingForm = {
  whatHappened: string | null;
  /** Per agreed cooperation item (task id): done / not_done and why. */
  items: Array<{ taskId: string; outcome: string | null; why: string | null }>;
  reports: string | null;
  openTasks: string | null;
};

export type ClosingSummary = {
  whatHappened: string;
  items: Array<{ taskId: string; itemType: string; outcome: ItemOutcome; why: string }>;
  reports: string;
  openTasks: string;
};

export type ClosingField = "whatHappened" | "reports" | "openTasks" | `item:${string}` | `why:${string}`;
export type ClosingError = "required" | "too_long" | "invalid_choice";

export type Confirmation = { party: string; userId: string; at: Date };

/** What was open when the incident closed: ended with it, restored on reopening. */
export type EndedWithClosing = { tasks: string[]; consultations: string[]; consents: string[] };

export type Closure = {
  id: string;
  incidentId: string;
  round: number;
  status: ClosureStatus;
  priorState: IncidentState;
  summary: ClosingSummary;
  requiredParties: string[];
  confirmations: Confirmation[];
  proposedByUserId: string;
  proposedByParty: string;
  ended: EndedWithClosing | null;
  closedAt: Date | null;
  archiveAt: Date | null;
  archivedAt: Date | null;
  reopenedAt: Date | null;
  reopenedByUserId: string | null;
  reopenReason: string | null;
  /** A proposal withdrawn by its own party, or declined by another required party: who, when and why. */
  withdrawnAt: Date | null;
  withdrawnByUserId: string | null;
  withdrawnByParty: string | null;
  withdrawReason: string | null;
  cardTs: string | null;
  /** YYYY-MM-DD: the review both parties are invited to once closed. */
  reviewDueOn: string | null;
  version: number;
  createdAt: Date;
};

export type ClosingRefusal = "role_required" | "not_open" | "already_proposed" | "not_proposed" | "party_confirmed" | "not_closed" | "not_required_party" | "not_a_party";

/** The agreed cooperation items whose outcome the summary must give (Art. 4(2) tasks of the incident). */
export function agreedItems(tasks: Task[]): Task[] {
  return tasks.filter((t) => t.kind === "cooperation_item" && t.itemType);
}

/** Liaison officers (of either party) propose, confirm and reopen; the memorandum names them as the contact points. */
export function closingRefusal(member: Member | undefined, incident: Pick<Incident, "state">, closure: Closure | null, step: "propose" | "confirm" | "reopen" | "withdraw"): ClosingRefusal | undefined {
  if (!member || !hasRole(member, "liaison")) return "role_required";
  switch (step) {
    case "propose":
      if (incident.state !== "open" && incident.state !== "cooperation_case") return "not_open";
      if (closure?.status === "proposed") return "already_proposed";
      return undefined;
    case "confirm":
      if (!closure || closure.status !== "proposed") return closure?.status === "closed" ? "not_open" : "not_proposed";
      if (!closure.requiredParties.includes(member.party)) return "not_required_party";
      if (closure.confirmations.some((c) => c.party === member.party)) return "party_confirmed";
      return undefined;
    case "reopen":
      if (incident.state !== "closed" || closure?.status !== "closed") return "not_closed";
      return undefined;
    case "withdraw":
      // the proposer's party withdraws its proposal; a party that must confirm may decline it instead
      if (!closure || closure.status !== "proposed") return closure?.status === "closed" ? "not_open" : "not_proposed";
      if (member.party !== closure.proposedByParty && !closure.requiredParties.includes(member.party)) return "not_a_party";
      return undefined;
  }
}

/**
 * What taking back a pending proposal is for this liaison officer: their own party's proposal is
 * withdrawn; a proposal of the other party, which their party must confirm, is declined (Art. 4(2):
 * the case was agreed by both, so neither ends it alone).
 */
export function withdrawalKind(member: Pick<Member, "party">, closure: Pick<Closure, "proposedByParty">): "withdrawn" | "declined" {
  return member.party === closure.proposedByParty ? "withdrawn" : "declined";
}

/** A declined proposal must say why; a withdrawal may. */
export function validateWithdrawReason(kind: "withdrawn" | "declined", reason: string | null): { ok: true; reason: string } | { ok: false; error: ClosingError } {
  const r = (reason ?? "").trim();
  if (kind === "declined" && r === "") return { ok: false, error: "required" };
  if (Array.from(r).length > CLOSING_LIMITS.withdrawReason) return { ok: false, error: "too_long" };
  return { ok: true, reason: r };
}

/** A cooperation case needs every party's liaison officers to confirm; a plain incident, the proposer's party. */
export function requiredParties(incident: Pick<Incident, "state">, parties: string[], proposerParty: string): string[] {
  return incident.state === "cooperation_case" ? [...parties] : [proposerParty];
}

/** Whether every required party has confirmed. */
export function isFullyConfirmed(requiredParties: string[], confirmations: Array<Pick<Confirmation, "party">>): boolean {
  return requiredParties.every((p) => confirmations.some((c) => c.party === p));
}

/** The parties still to confirm. */
export function partiesAwaitingConfirmation(closure: Pick<Closure, "requiredParties" | "confirmations" | "status">): string[] {
  if (closure.status !== "proposed") return [];
  return closure.requiredParties.filter((p) => !closure.confirmations.some((c) => c.party === p));
}

export function validateClosing(form: ClosingForm, items: Task[]): { ok: true; summary: ClosingSummary } | { ok: false; errors: Partial<Record<ClosingField, ClosingError>> } {
  const errors: Partial<Record<ClosingField, ClosingError>> = {};
  const text = (value: string | null, field: ClosingField, max: number, required: boolean): string => {
    const v = (value ?? "").trim();
    if (required && v === "") errors[field] = "required";
    else if (Array.from(v).length > max) errors[field] = "too_long";
    return v;
  };
  const whatHappened = text(form.whatHappened, "whatHappened", CLOSING_LIMITS.whatHappened, true);
  const reports = text(form.reports, "reports", CLOSING_LIMITS.reports, false);
  const openTasks = text(form.openTasks, "openTasks", CLOSING_LIMITS.openTasks, false);
  const outcomes: ClosingSummary["items"] = [];
  for (const task of items) {
    const given = form.items.find((i) => i.taskId === task.id);
    const outcome = given?.outcome ?? null;
    if (!outcome) errors[`item:${task.id}`] = "required";
    else if (outcome !== "done" && outcome !== "not_done") errors[`item:${task.id}`] = "invalid_choice";
    // "not done" says why; "done" may add a note
    const why = text(given?.why ?? null, `why:${task.id}`, CLOSING_LIMITS.why, outcome === "not_done");
    if (outcome === "done" || outcome === "not_done") outcomes.push({ taskId: task.id, itemType: task.itemType!, outcome, why });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, summary: { whatHappened, items: outcomes, reports, openTasks } };
}

/** When the channel of an incident closed at `closedAt` is archived; null: never. */
export function archiveDate(closedAt: Date, archiveAfterDays: number | null): Date | null {
  if (archiveAfterDays === null) return null;
  return new Date(closedAt.getTime() + archiveAfterDays * 86_400_000);
}

/** Whether the sweep archives this closure's channel now. */
export function isArchiveDue(closure: Pick<Closure, "status" | "archiveAt" | "archivedAt">, now: Date): boolean {
  return closure.status === "closed" && closure.archiveAt !== null && closure.archivedAt === null && closure.archiveAt.getTime() <= now.getTime();
}

export function validateReopenReason(reason: string | null): { ok: true; reason: string } | { ok: false; error: ClosingError } {
  const r = (reason ?? "").trim();
  if (r === "") return { ok: false, error: "required" };
  if (Array.from(r).length > CLOSING_LIMITS.reopenReason) return { ok: false, error: "too_long" };
  return { ok: true, reason: r };
}

/** The article a closing step is audited under: a cooperation case's Art. 4(2) cooperation, else the incident's Art. 4. */
export function closingArticle(priorState: IncidentState): string {
  return priorState === "cooperation_case" ? "4(2)" : "4";
}

// ---- retention (issue 15) ----

/** When a closed incident's free text is erased: `years` after closing; never without a retention period. */
export function retentionDue(closure: Pick<Closure, "status" | "closedAt">, years: number | null, now: Date): boolean {
  if (years === null || closure.status !== "closed" || !closure.closedAt) return false;
  const due = new Date(closure.closedAt);
  due.setUTCFullYear(due.getUTCFullYear() + years);
  return due.getTime() <= now.getTime();
}
