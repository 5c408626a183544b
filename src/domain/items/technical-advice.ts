// Art. 4(2)(v) Technical advice and support: at PPC's request, NISC gives PPC technical advice
// and other possible support on the reporter's first response, containment, fact-finding,
// root-cause analysis, recurrence prevention, and PPC's public alerts. Who asks and who advises
// comes from the agreement profile (the item's requestedBy / providedBy), never from code.
import { z } from "zod";
import type { CooperationItemProfile } from "../profile";
import type { ItemRecord } from "../item-records";
import { hasRole, type Member } from "../parties";
import type { Task } from "../tasks";

export const ADVICE_REQUEST_KIND = "advice_request";
export const ADVICE_KIND = "advice";
export const ADVICE_TOPICS = ["first_response", "containment", "fact_finding", "root_cause", "recurrence_prevention", "alert_drafting"] as const;
export type AdviceTopic = (typeof ADVICE_TOPICS)[number];
export const ADVICE_LIMITS = { question: 2000, advice: 2500 } as const;
export const ADVICE_ROLES = ["staff", "liaison", "admin"] as const;

export type AdviceRequest = {
  id: string;
  party: string;
  byUserId: string;
  createdAt: Date;
  topic: AdviceTopic;
  question: string;
  status: "requested" | "answered";
  advice: Array<{ id: string; party: string; byUserId: string; at: Date; text: string }>;
};

const ZRequest = z.object({ topic: z.enum(ADVICE_TOPICS), question: z.string() });
const ZAdvice = z.object({ requestId: z.string(), advice: z.string() });

/** Requests with the advice given on each, oldest first. */
export function adviceRequestsOf(records: ItemRecord[]): AdviceRequest[] {
  const requests: AdviceRequest[] = [];
  for (const r of records) {
    if (r.kind !== ADVICE_REQUEST_KIND) continue;
    const d = ZRequest.safeParse(r.data);
    if (!d.success) continue;
    requests.push({ id: r.id, party: r.party, byUserId: r.byUserId, createdAt: r.createdAt, topic: d.data.topic, question: d.data.question, status: r.status === "answered" ? "answered" : "requested", advice: [] });
  }
  for (const r of records) {
    if (r.kind !== ADVICE_KIND) continue;
    const d = ZAdvice.safeParse(r.data);
    const request = d.success ? requests.find((q) => q.id === d.data.requestId) : undefined;
    if (d.success && request) request.advice.push({ id: r.id, party: r.party, byUserId: r.byUserId, at: r.createdAt, text: d.data.advice });
  }
  return requests;
}

/**
 * Who asks and who advises. The profile names them (Art. 4(2)(v): PPC asks, NISC advises); an
 * item the profile leaves open to either party falls back to the agreed item's requester and owner.
 */
export function adviceParties(spec: Pick<CooperationItemProfile, "requestedBy" | "providedBy"> | undefined, task: Pick<Task, "ownerParty" | "params">): { requesters: string[]; providers: string[] } {
  const requesters = spec && spec.requestedBy.length > 0 ? spec.requestedBy : task.params.requester ? [task.params.requester] : [];
  const providers = spec && spec.providedBy.length > 0 ? spec.providedBy : [task.ownerParty];
  return { requesters, providers };
}

export type AdviceAction = "request" | "advise";
export type AdviceRefusal = "not_a_member" | "role_required" | "not_requester" | "not_provider" | "task_done" | "unknown_request" | "already_answered";

export function adviceRefusal(
  member: Member | undefined,
  task: Pick<Task, "status">,
  parties: { requesters: string[]; providers: string[] },
  action: AdviceAction,
  request?: AdviceRequest | null,
): AdviceRefusal | null {
  if (!member) return "not_a_member";
  if (action === "request" && !parties.requesters.includes(member.party)) return "not_requester";
  if (action === "advise" && !parties.providers.includes(member.party)) return "not_provider";
  if (!hasRole(member, ...ADVICE_ROLES)) return "role_required";
  if (task.status === "done") return "task_done";
  if (action === "request") return null;
  if (!request) return "unknown_request";
  if (request.status !== "requested") return "already_answered";
  return null;
}

export type AdviceFieldError = { field: "topic" | "question" | "advice"; error: "required" | "too_long" | "invalid_choice"; max?: number };

export function isAdviceTopic(value: string): value is AdviceTopic {
  return (ADVICE_TOPICS as readonly string[]).includes(value);
}

export function validateAdviceRequest(input: { topic: string; question: string }): AdviceFieldError[] {
  const errors: AdviceFieldError[] = [];
  if (input.topic === "") errors.push({ field: "topic", error: "required" });
  else if (!isAdviceTopic(input.topic)) errors.push({ field: "topic", error: "invalid_choice" });
  if (input.question.trim() === "") errors.push({ field: "question", error: "required" });
  else if (input.question.trim().length > ADVICE_LIMITS.question) errors.push({ field: "question", error: "too_long", max: ADVICE_LIMITS.question });
  return errors;
}

export function validateAdvice(advice: string): AdviceFieldError[] {
  if (advice.trim() === "") return [{ field: "advice", error: "required" }];
  if (advice.trim().length > ADVICE_LIMITS.advice) return [{ field: "advice", error: "too_long", max: ADVICE_LIMITS.advice }];
  return [];
}
