// Art. 4(2): when either party considers cooperation necessary it contacts the other party, and
// the two consult and decide whether to cooperate, starting from the premise that cooperating as
// far as possible is desirable (Art. 1), weighing the impact on each party's own duties and each
// party's reasons for needing the other. A round concludes when both parties have taken a
// position on every proposed item: items both agreed become agreed cooperation items and the
// incident becomes a cooperation case (連携事案); if none were agreed, the decision not to
// cooperate is recorded with the reasons.
import type { AgreementProfile, CooperationItemProfile } from "./profile";
import { hasRole, type Member } from "./parties";

export type PositionValue = "agree" | "decline";
/** ended: a round still open when its incident closed (issue 15); reopening makes it open again. */
export type ConsultationStatus = "open" | "concluded" | "ended";
export type ConsultationOutcome = "cooperate" | "no_cooperation";

export type PositionRecord = {
  party: string;
  position: PositionValue;
  reason: string | null;
  conditions: string | null;
  decidedByUserId: string;
  decidedAt: Date;
};

export type ProposedItem = {
  id: string;
  itemType: string;
  need: string;
  positions: PositionRecord[];
};

export type Consultation = {
  id: string;
  incidentId: string;
  round: number;
  proposedByParty: string;
  proposedByUserId: string;
  impactOnDuties: string;
  status: ConsultationStatus;
  outcome: ConsultationOutcome | null;
  contactedAt: Date;
  concludedAt: Date | null;
  channelId: string | null;
  cardTs: string | null;
  items: ProposedItem[];
};

export const PROPOSAL_LIMITS = { need: 1000, impact: 1000, reason: 1000, conditions: 1000 } as const;

export type Proposal = {
  items: Array<{ itemType: string; need: string }>;
  impactOnDuties: string;
};

export type ProposalError =
  | { field: "items"; error: "none_selected" | "unknown_item" | "already_agreed" | "duplicate_item" }
  | { field: "items"; error: "not_requestable"; itemType: string; allowed: string[] }
  | { field: "need"; itemType: string; error: "required" | "too_long" }
  | { field: "impact"; error: "required" | "too_long" };

export type ProposalRefusal = "role_required" | "consultation_open" | "incident_not_open";

/** Who may contact the other party and propose: staff, liaison officers and admins of either party. */
export function canPropose(member: Member): boolean {
  return hasRole(member, "staff", "liaison", "admin");
}

/**
 * Checks a proposal against the agreement profile: each item must exist, may be requested by the
 * proposer's party (Art. 4(2)(v): only PPC asks for technical advice), must not be agreed
 * already in an earlier round, and needs a reason; the impact on the proposer's duties is stated.
 */
export function validateProposal(profile: AgreementProfile, proposerParty: string, proposal: Proposal, alreadyAgreed: string[]): ProposalError[] {
  const errors: ProposalError[] = [];
  if (proposal.items.length === 0) errors.push({ field: "items", error: "none_selected" });
  if (new Set(proposal.items.map((i) => i.itemType)).size !== proposal.items.length) errors.push({ field: "items", error: "duplicate_item" });
  for (const item of proposal.items) {
    const spec = profile.cooperationItems.find((c) => c.id === item.itemType);
    if (!spec) {
      errors.push({ field: "items", error: "unknown_item" });
      continue;
    }
    if (!mayRequest(spec, proposerParty)) errors.push({ field: "items", error: "not_requestable", itemType: item.itemType, allowed: spec.requestedBy });
    if (alreadyAgreed.includes(item.itemType)) errors.push({ field: "items", error: "already_agreed" });
    const need = item.need.trim();
    if (need === "") errors.push({ field: "need", itemType: item.itemType, error: "required" });
    else if (Array.from(need).length > PROPOSAL_LIMITS.need) errors.push({ field: "need", itemType: item.itemType, error: "too_long" });
  }
  const impact = proposal.impactOnDuties.trim();
  if (impact === "") errors.push({ field: "impact", error: "required" });
  else if (Array.from(impact).length > PROPOSAL_LIMITS.impact) errors.push({ field: "impact", error: "too_long" });
  return errors;
}

export function mayRequest(spec: CooperationItemProfile, party: string): boolean {
  return spec.requestedBy.length === 0 || spec.requestedBy.includes(party);
}

/** The items a party may propose, in profile order. */
export function requestableItems(profile: AgreementProfile, party: string): CooperationItemProfile[] {
  return profile.cooperationItems.filter((c) => mayRequest(c, party));
}

export type PositionRefusal = "not_a_member" | "not_liaison" | "concluded" | "already_decided" | "unknown_item" | "reason_required";

/**
 * Only a liaison officer of party X records X's position on an item, once. Declining needs a
 * reason; agreeing may carry conditions.
 */
export function positionRefusal(
  member: Member | undefined,
  consultation: Consultation,
  itemType: string,
  position: PositionValue,
  reason: string | null,
): PositionRefusal | undefined {
  if (!member) return "not_a_member";
  if (!member.roles.includes("liaison")) return "not_liaison";
  if (consultation.status !== "open") return "concluded";
  const item = consultation.items.find((i) => i.itemType === itemType);
  if (!item) return "unknown_item";
  if (item.positions.some((p) => p.party === member.party)) return "already_decided";
  if (position === "decline" && (reason ?? "").trim() === "") return "reason_required";
  return undefined;
}

export type Conclusion = {
  outcome: ConsultationOutcome;
  agreed: Array<{ itemType: string; conditions: string[] }>;
  declined: Array<{ itemType: string; party: string; reason: string }>;
};

/** The round's result once both parties took a position on every item; null while any is missing. */
export function conclusionOf(consultation: Pick<Consultation, "items">, parties: string[]): Conclusion | null {
  for (const item of consultation.items) {
    for (const party of parties) if (!item.positions.some((p) => p.party === party)) return null;
  }
  const agreed: Conclusion["agreed"] = [];
  const declined: Conclusion["declined"] = [];
  for (const item of consultation.items) {
    const declines = item.positions.filter((p) => p.position === "decline");
    if (declines.length === 0) {
      agreed.push({ itemType: item.itemType, conditions: item.positions.map((p) => p.conditions).filter((c): c is string => !!c && c.trim() !== "") });
    } else {
      for (const d of declines) declined.push({ itemType: item.itemType, party: d.party, reason: d.reason ?? "" });
    }
  }
  return { outcome: agreed.length > 0 ? "cooperate" : "no_cooperation", agreed, declined };
}

/** The parties who still have to take a position on some item. */
export function partiesAwaited(consultation: Pick<Consultation, "items" | "status">, parties: string[]): string[] {
  if (consultation.status !== "open") return [];
  return parties.filter((party) => consultation.items.some((i) => !i.positions.some((p) => p.party === party)));
}

/** The party that carries out an agreed item: the proposer's, or the other one for items done at the other's request. */
export function ownerOfItem(profile: AgreementProfile, itemType: string, proposerParty: string): string {
  const spec = profile.cooperationItems.find((c) => c.id === itemType);
  const other = profile.parties.find((p) => p.id !== proposerParty)!.id;
  if (!spec) return proposerParty;
  if (spec.providedBy.length === 1) return spec.providedBy[0]!;
  return spec.performedBy === "other" ? other : proposerParty;
}

export function otherParty(profile: AgreementProfile, party: string): string {
  return profile.parties.find((p) => p.id !== party)!.id;
}
