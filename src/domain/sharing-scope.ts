// Art. 7 sharing scopes. The party that provides information under Art. 4(2) or Art. 5(2) may
// designate the scope within which it may be shared; the other party may not share it beyond that
// scope without the provider's consent. Levels follow FIRST TLP 2.0, read for a two-party
// memorandum. Pure: who is inside, who is outside, who may designate.
import type { Directory, Member } from "./parties";

export const SCOPE_LEVELS = ["red", "amber_strict", "amber", "green", "clear"] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** TLP label as FIRST writes it. */
export const TLP_LABEL: Record<ScopeLevel, string> = {
  red: "TLP:RED",
  amber_strict: "TLP:AMBER+STRICT",
  amber: "TLP:AMBER",
  green: "TLP:GREEN",
  clear: "TLP:CLEAR",
};

/** What widens a level: named people (Slack user IDs), channels, organisations (free text). */
export type ScopeAllowances = { users: string[]; channels: string[]; organisations: string[] };

export type SharingScope = { level: ScopeLevel; allow: ScopeAllowances };

/** Consent recorded by the provider: the people of an audience (a channel as it was) may receive it. */
export type ScopeConsent = { channelId: string | null; users: string[] };

export type ScopeContext = {
  providerParty: string;
  /** Current members of the incident's joint channel (AMBER+STRICT); null when there is none. */
  jointChannelMembers: string[] | null;
  consents: ScopeConsent[];
};

/** A destination: the channel (or DM) where the information was forwarded or linked, and who is in it. */
export type ScopeAudience = { channelId: string; members: string[] };

export const EMPTY_ALLOWANCES: ScopeAllowances = { users: [], channels: [], organisations: [] };

export const SCOPE_LIMITS = { organisations: 500, users: 50, channels: 20 } as const;

export function isScopeLevel(value: unknown): value is ScopeLevel {
  return typeof value === "string" && (SCOPE_LEVELS as readonly string[]).includes(value);
}

/** "Reporter, Ministry X" → ["Reporter", "Ministry X"] (commas, Japanese commas or new lines). */
export function parseOrganisations(text: string | null | undefined): string[] {
  return [...new Set((text ?? "").split(/[,、，\n]/).map((s) => s.trim()).filter(Boolean))];
}

/**
 * Whether a person may receive the information under its scope. The scope binds the receiving
 * party (Art. 7: "neither party may share it beyond that scope"), so the providing party's own
 * members are always inside.
 */
export function isInside(scope: SharingScope, userId: string, destinationChannelId: string, directory: Directory, context: ScopeContext): boolean {
  if (scope.level === "clear") return true;
  const member = directory.member(userId);
  if (member?.party === context.providerParty) return true;
  if (scope.allow.users.includes(userId)) return true;
  if (scope.allow.channels.includes(destinationChannelId)) return true;
  if (context.consents.some((c) => c.users.includes(userId))) return true;
  switch (scope.level) {
    case "red":
      return false; // named recipients only
    case "amber_strict":
      // The two parties' members in this case only: configured members who are in the joint channel.
      return !!member && (context.jointChannelMembers ?? []).includes(userId);
    case "amber":
    case "green":
      // Both parties' organisations. GREEN adds the community the provider named (the allowances);
      // renkei cannot tell from Slack who belongs to a named organisation, so those people count
      // as outside until named or consented to.
      return !!member;
  }
}

/** Who in the destination is outside the scope (empty: the forward is within scope). */
export function outsiders(scope: SharingScope, destination: ScopeAudience, directory: Directory, context: ScopeContext): string[] {
  return [...new Set(destination.members)].filter((u) => !isInside(scope, u, destination.channelId, directory, context)).sort();
}

/** Widens the scope for an audience: a consent covering the people outside it now. */
export function consentFor(destination: ScopeAudience, outside: string[]): ScopeConsent {
  return { channelId: destination.channelId, users: [...new Set(outside)].sort() };
}

export type DesignationRefusal = "not_a_member" | "unknown_provider" | "not_provider";

/**
 * The party that provided a message: the registered provider if the item is registered, else the
 * party of its author (a message the bot posted has no author party of its own).
 */
export function providerOf(directory: Directory, authorUserId: string | null, registeredProvider: string | null, botUserId: string | null): string | null {
  if (registeredProvider) return registeredProvider;
  if (!authorUserId || authorUserId === botUserId) return null;
  return directory.member(authorUserId)?.party ?? null;
}

/** Only members of the providing party may designate or change the scope of its information. */
export function designationRefusal(actor: Member | undefined, providerParty: string | null): DesignationRefusal | null {
  if (!actor) return "not_a_member";
  if (!providerParty) return "unknown_provider";
  if (actor.party !== providerParty) return "not_provider";
  return null;
}

/** Bases under which shared information falls in Art. 7: the Art. 4(2) items of the profile, and Art. 5(2). */
export function scopeBases(itemArticles: string[]): string[] {
  return [...itemArticles, "5(2)"];
}

export function parseScope(raw: string | null | undefined): SharingScope | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { level?: unknown; allow?: Partial<ScopeAllowances> };
    if (!isScopeLevel(v.level)) return null;
    const list = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);
    return { level: v.level, allow: { users: list(v.allow?.users), channels: list(v.allow?.channels), organisations: list(v.allow?.organisations) } };
  } catch {
    return null;
  }
}

// ---- references to registered messages inside a message event ----

export type MessageReference = { channelId: string; ts: string; via: "forward" | "permalink" };

const PERMALINK = /https:\/\/[A-Za-z0-9.-]+\.slack\.com\/archives\/([CGD][A-Z0-9]+)\/p(\d{10})(\d{6})/g;

/** Messages a `message` event points at: shared (forwarded) messages and pasted permalinks. */
export function referencedMessages(event: { text?: string | undefined; attachments?: unknown }): MessageReference[] {
  const found: MessageReference[] = [];
  const attachments = Array.isArray(event.attachments) ? (event.attachments as Array<Record<string, unknown>>) : [];
  for (const a of attachments) {
    if (!a || (a.is_share !== true && a.is_msg_unfurl !== true)) continue;
    let channelId = typeof a.channel_id === "string" ? a.channel_id : null;
    let ts = typeof a.ts === "string" ? a.ts : null;
    if ((!channelId || !ts) && typeof a.from_url === "string") {
      const m = new RegExp(PERMALINK.source).exec(a.from_url);
      if (m) [channelId, ts] = [m[1]!, `${m[2]}.${m[3]}`];
    }
    if (channelId && ts) found.push({ channelId, ts, via: a.is_share === true ? "forward" : "permalink" });
  }
  for (const m of (event.text ?? "").matchAll(PERMALINK)) found.push({ channelId: m[1]!, ts: `${m[2]}.${m[3]}`, via: "permalink" });
  const seen = new Set<string>();
  return found.filter((r) => {
    const key = `${r.channelId}:${r.ts}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---- consent requested in advance (Art. 7 "without the other party's consent") ----

export type ConsentRequestRefusal = "not_a_member" | "own_party" | "unscoped";

/**
 * A member of the receiving party may ask the provider in advance to share a registered item
 * beyond its scope. The provider's own members need no consent (they are always inside).
 */
export function consentRequestRefusal(actor: Member | undefined, item: { providerParty: string; scope: SharingScope | null }): ConsentRequestRefusal | null {
  if (!actor) return "not_a_member";
  if (actor.party === item.providerParty) return "own_party";
  if (!item.scope) return "unscoped";
  return null;
}

/** The people a requested consent would cover: the named people and the channel's members (not the bot). */
export function requestAudience(named: string[], channelMembers: string[], botUserId: string | null): string[] {
  return [...new Set([...named, ...channelMembers])].filter((u) => u !== botUserId).sort();
}

export type ConsentDecisionRefusal = "not_a_member" | "not_provider_liaison" | "already_answered" | "ended";

/** Only a liaison officer of the providing party approves or declines, and only while it is requested. */
export function consentDecisionRefusal(actor: Member | undefined, providerParty: string, status: string): ConsentDecisionRefusal | null {
  if (!actor) return "not_a_member";
  if (actor.party !== providerParty || !actor.roles.includes("liaison")) return "not_provider_liaison";
  // a request that ended with its incident's closing needs no answer (it comes back on reopening)
  if (status === "ended") return "ended";
  if (status !== "requested") return "already_answered";
  return null;
}

// ---- records of Art. 7 the store keeps (registered items, warnings, consents) ----

export type SharedItem = {
  id: string;
  incidentId: string | null;
  /** An Art. 5(2) share of normal-times cooperation: its card is the registered message. */
  activityId: string | null;
  basis: string;
  providerParty: string;
  summary: string;
  sharedByUserId: string;
  channelId: string | null;
  messageTs: string | null;
  threadTs: string | null;
  scope: SharingScope | null;
  designatedByUserId: string | null;
  designatedAt: Date | null;
  labelTs: string | null;
  version: number;
  createdAt: Date;
};

export type WarningStatus = "open" | "consented" | "removal_requested" | "removed";

export type ScopeWarningRecord = {
  id: string;
  sharedInformationId: string;
  channelId: string;
  messageTs: string;
  threadTs: string | null;
  via: "forward" | "permalink";
  forwardedByUserId: string;
  outsiders: string[];
  status: WarningStatus;
  decidedByUserId: string | null;
  decidedAt: Date | null;
  removedAt: Date | null;
  warningTs: string | null;
  /** The workspace the destination is in (from the event; its installation posts there); null: the bot's own. */
  teamId: string | null;
  createdAt: Date;
};

export type ScopeConsentRecord = ScopeConsent & {
  id: string;
  sharedInformationId: string;
  warningId: string | null;
  status: string;
  decidedByUserId: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  /** A consent asked for in advance: who asked and why. */
  requestedByUserId?: string | null;
  reason?: string | null;
};
