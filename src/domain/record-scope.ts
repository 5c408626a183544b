// Art. 7 in the records renkei hands out (issue 12): the export of the cooperation record never
// carries content whose sharing scope excludes the person who asked for it. Pure: who is asking,
// whether they are inside a piece of content's scope, and which records carry scoped content.
import type { Directory } from "./parties";
import { isInside, TLP_LABEL, type ScopeConsent, type SharingScope } from "./sharing-scope";

/**
 * Who asked for the record. A member asks in Slack (`/renkei export`) and is checked like any
 * recipient of the content. An operator runs `npm run export` on the server: no Slack identity,
 * so outside every scope unless they asked for the scoped content explicitly (which is audited).
 */
export type Requester = { kind: "member"; userId: string } | { kind: "operator"; includeScoped: boolean };

/** A piece of scoped content as the export sees it: its scope, who provided it, and what widens it. */
export type ScopedContent = {
  scope: SharingScope;
  providerParty: string;
  /** Members of the channel both parties share for it (AMBER+STRICT); null when unknown or none. */
  jointChannelMembers: string[] | null;
  /** Consents the provider granted. */
  consents: ScopeConsent[];
};

/**
 * Whether the requester may receive the content. TLP:CLEAR has no limit. A member is checked as a
 * recipient in their own DM (where the export arrives): the provider's members, people named or
 * consented to, and the level's audience (Art. 7; see isInside). An operator only when they asked.
 */
export function requesterInside(requester: Requester, content: ScopedContent, directory: Directory): boolean {
  if (content.scope.level === "clear") return true;
  if (requester.kind === "operator") return requester.includeScoped;
  return isInside(content.scope, requester.userId, "", directory, { providerParty: content.providerParty, jointChannelMembers: content.jointChannelMembers, consents: content.consents });
}

/**
 * A draft of a joint public alert (Art. 4(2)(vi)) is not public until published: it stays between
 * the two parties in this case, as AMBER+STRICT from the drafting party, though no one designated it.
 */
export const ALERT_DRAFT_SCOPE: SharingScope = { level: "amber_strict", allow: { users: [], channels: [], organisations: [] } };

/** What the export writes instead of withheld content: the level and the provider, never the content. */
export type Withheld = { level: string; providerParty: string };

export const withheldOf = (content: Pick<ScopedContent, "scope" | "providerParty">): Withheld => ({ level: TLP_LABEL[content.scope.level], providerParty: content.providerParty });

/** Keys of an audit entry's before/after that name a shared item, or a record that is scoped content itself. */
const ITEM_KEYS = ["sharedInformationId"] as const;
const RECORD_KEYS = ["recordId", "adviceRecordId", "draftId"] as const;

/**
 * What an audit entry may be about, to look up in the scopes: the shared item it is on or that
 * its before/after names, and the item records it is on or names (only records that are scoped
 * content themselves, e.g. an alert draft, make it withheld; the caller knows which).
 */
export function auditEntryRefs(entry: { entityType: string; entityId: string; before: unknown; after: unknown }): { items: string[]; records: string[] } {
  const items = new Set<string>();
  const records = new Set<string>();
  if (entry.entityType === "shared_information") items.add(entry.entityId);
  if (entry.entityType === "item_record") records.add(entry.entityId);
  for (const side of [entry.before, entry.after]) {
    if (!side || typeof side !== "object" || Array.isArray(side)) continue;
    const o = side as Record<string, unknown>;
    for (const k of ITEM_KEYS) if (typeof o[k] === "string") items.add(o[k] as string);
    for (const k of RECORD_KEYS) if (typeof o[k] === "string") records.add(o[k] as string);
  }
  return { items: [...items], records: [...records] };
}
