// A party's internal channel for an incident, and releasing a message from it to the other party.
// Art. 4(2): what one party provides is what the provider judges appropriate, so each party may
// work in its own private channel (its members only) and release what it decides to share into
// the joint channel, choosing the basis (an Art. 4(2) item the case agreed, or Art. 5(2)) and the
// Art. 7 sharing scope at that moment. Pure.
import { MAX_CHANNEL_NAME, slugify } from "./channel-name";
import type { Member } from "./parties";

export type InternalChannelRefusal = "not_a_member" | "external_party";

/**
 * Who may open their party's internal channel: any registered member of that party. A party whose
 * members are in another workspace (Slack Connect) is refused: the channel would live in the
 * other party's workspace, which is not "members of that party only".
 */
export function internalChannelRefusal(actor: Member | undefined, partyIsExternal: boolean): InternalChannelRefusal | null {
  if (!actor) return "not_a_member";
  if (partyIsExternal) return "external_party";
  return null;
}

/** prefix-ref-party-internal, truncated to Slack's 80 characters; a numbered suffix when taken. */
export function internalChannelName(prefix: string, reference: string, party: string, attempt = 1): string {
  const suffix = `-internal${attempt > 1 ? `-${attempt}` : ""}`;
  const base = `${prefix}-${reference}-${slugify(party) || "party"}`;
  return `${base.slice(0, MAX_CHANNEL_NAME - suffix.length)}${suffix}`;
}

/** Who the channel holds: the party's liaison officers and whoever asked for it (deduplicated). */
export function internalChannelMembers(liaisons: Member[], requesters: string[]): string[] {
  return [...new Set([...liaisons.map((m) => m.userId), ...requesters])].sort();
}

export type ReleaseRefusal = "not_a_member" | "not_internal_channel" | "other_party";

/**
 * "Share with <other party>" is for the members of the party whose internal channel the message
 * is in, and only there: nothing leaves an internal channel through the bot any other way.
 */
export function releaseRefusal(actor: Member | undefined, internalChannelParty: string | null): ReleaseRefusal | null {
  if (!actor) return "not_a_member";
  if (!internalChannelParty) return "not_internal_channel";
  if (actor.party !== internalChannelParty) return "other_party";
  return null;
}

/**
 * The bases a release may name: the Art. 4(2) items the case agreed (articles of its cooperation
 * items, in the profile's order), then Art. 5(2).
 */
export function releaseBases(profileItems: Array<{ id: string; article: string }>, agreedItemTypes: Iterable<string>): string[] {
  const agreed = new Set(agreedItemTypes);
  return [...profileItems.filter((i) => agreed.has(i.id)).map((i) => i.article), "5(2)"];
}

export type InternalChannelStatus = "pending" | "ready" | "failed";

export type InternalChannelRecord = {
  id: string;
  incidentId: string;
  party: string;
  channelId: string | null;
  channelName: string | null;
  status: InternalChannelStatus;
  error: string | null;
  requestedByUserId: string;
  createdAt: Date;
};
