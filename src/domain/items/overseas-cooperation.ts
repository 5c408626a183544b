// Art. 4(2)(iv) Cooperation with overseas bodies: at the other party's request, a party asks
// overseas bodies for cooperation (to understand the situation abroad), within what does not
// hinder its own work, and shares what it learns. What it provides is limited to what the
// agreement with the overseas body allows and what it judges appropriate.
//
// On an agreed item the owner (task.ownerParty) is the party asked (Y); the requester (X) is the
// party that proposed it (task.params.requester). X's members send requests; Y's members accept
// or decline each one (a reason is required to decline) and, once accepted, record the results
// together with the limits the agreement with the overseas body sets.
import { z } from "zod";
import type { ItemRecord } from "../item-records";
import { hasRole, type Member } from "../parties";
import type { Task } from "../tasks";

export const OVERSEAS_REQUEST_KIND = "overseas_request";
export const OVERSEAS_LIMITS = { body: 200, ask: 1500, reason: 1000, limits: 1000, results: 2500 } as const;

export type OverseasStatus = "requested" | "accepted" | "declined" | "completed";

export type OverseasRequest = {
  id: string;
  party: string;
  byUserId: string;
  createdAt: Date;
  status: OverseasStatus;
  body: string;
  ask: string;
  decision: { byUserId: string; at: Date; reason: string | null } | null;
  results: { byUserId: string; at: Date; limits: string; results: string } | null;
};

const ZData = z.object({
  body: z.string(),
  ask: z.string(),
  decidedByUserId: z.string().optional(),
  decidedAt: z.string().optional(),
  declineReason: z.string().optional(),
  limits: z.string().optional(),
  results: z.string().optional(),
  completedByUserId: z.string().optional(),
  completedAt: z.string().optional(),
});
const STATUSES: readonly OverseasStatus[] = ["requested", "accepted", "declined", "completed"];

/** The requests recorded on the item, oldest first (records of other kinds or malformed data are skipped). */
export function overseasRequestsOf(records: ItemRecord[]): OverseasRequest[] {
  const out: OverseasRequest[] = [];
  for (const r of records) {
    if (r.kind !== OVERSEAS_REQUEST_KIND) continue;
    const parsed = ZData.safeParse(r.data);
    if (!parsed.success || !STATUSES.includes(r.status as OverseasStatus)) continue;
    const d = parsed.data;
    out.push({
      id: r.id,
      party: r.party,
      byUserId: r.byUserId,
      createdAt: r.createdAt,
      status: r.status as OverseasStatus,
      body: d.body,
      ask: d.ask,
      decision: d.decidedByUserId && d.decidedAt ? { byUserId: d.decidedByUserId, at: new Date(d.decidedAt), reason: d.declineReason ?? null } : null,
      results:
        d.completedByUserId && d.completedAt ? { byUserId: d.completedByUserId, at: new Date(d.completedAt), limits: d.limits ?? "", results: d.results ?? "" } : null,
    });
  }
  return out;
}

/** X asks, Y is asked: the agreed item is owned by the party that carries it out. */
export function overseasParties(task: Pick<Task, "ownerParty" | "params">): { requester: string | null; asked: string } {
  return { requester: task.params.requester ?? null, asked: task.ownerParty };
}

export type OverseasAction = "request" | "decide" | "results";
export type OverseasRefusal =
  | "not_a_member"
  | "role_required"
  | "not_requester"
  | "not_asked_party"
  | "task_done"
  | "unknown_request"
  | "already_decided"
  | "not_accepted";

/** Roles that may act on the item for their party. */
export const OVERSEAS_ROLES = ["staff", "liaison", "admin"] as const;

/**
 * Why `member` may not take `action` now; null when allowed. Sending a request is for the
 * requester's members; accepting, declining and recording results for the asked party's.
 */
export function overseasRefusal(
  member: Member | undefined,
  task: Pick<Task, "ownerParty" | "params" | "status">,
  action: OverseasAction,
  request?: OverseasRequest | null,
): OverseasRefusal | null {
  if (!member) return "not_a_member";
  const { requester, asked } = overseasParties(task);
  if (action === "request" && member.party !== requester) return "not_requester";
  if (action !== "request" && member.party !== asked) return "not_asked_party";
  if (!hasRole(member, ...OVERSEAS_ROLES)) return "role_required";
  if (task.status === "done") return "task_done";
  if (action === "request") return null;
  if (!request) return "unknown_request";
  if (action === "decide" && request.status !== "requested") return "already_decided";
  if (action === "results" && request.status !== "accepted") return request.status === "requested" ? "not_accepted" : "already_decided";
  return null;
}

export type FieldError<F extends string> = { field: F; error: "required" | "too_long"; max?: number };

function check<F extends string>(errors: FieldError<F>[], field: F, value: string, max: number): void {
  if (value.trim() === "") errors.push({ field, error: "required" });
  else if (value.trim().length > max) errors.push({ field, error: "too_long", max });
}

export function validateOverseasRequest(input: { body: string; ask: string }): FieldError<"body" | "ask">[] {
  const errors: FieldError<"body" | "ask">[] = [];
  check(errors, "body", input.body, OVERSEAS_LIMITS.body);
  check(errors, "ask", input.ask, OVERSEAS_LIMITS.ask);
  return errors;
}

export function validateDecline(reason: string): FieldError<"reason">[] {
  const errors: FieldError<"reason">[] = [];
  check(errors, "reason", reason, OVERSEAS_LIMITS.reason);
  return errors;
}

/**
 * The limits set by the agreement with the overseas body are always stated (Art. 4(2)(iv): what
 * is provided is limited to what that agreement allows) — "none" when there are none.
 */
export function validateResults(input: { limits: string; results: string }): FieldError<"limits" | "results">[] {
  const errors: FieldError<"limits" | "results">[] = [];
  check(errors, "limits", input.limits, OVERSEAS_LIMITS.limits);
  check(errors, "results", input.results, OVERSEAS_LIMITS.results);
  return errors;
}
