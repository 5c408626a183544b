// Art. 5(2) information sharing in normal times: a party shares information it holds with the
// other, in the direction the memorandum gives each category (PPC -> NISC: attack methods in
// individual serious incidents and statistics on leak cases; NISC -> PPC: research results, the
// latest threat information and technology trends). What is shared is information shared under
// Art. 5(2), so the provider may designate its sharing scope (Art. 7) when releasing it.
import type { SharingCategoryProfile } from "../profile";
import type { Activity } from "../activity";
import { hasRole, type Member } from "../parties";
import { isScopeLevel, SCOPE_LIMITS, type ScopeAllowances, type SharingScope } from "../sharing-scope";

export const SHARE_ARTICLE = "5(2)";
export const SHARE_LIMITS = { title: 150, content: 3000, reference: 500 } as const;
/** The receiving party's acknowledgement, recorded once. */
export const RECEIVED_KIND = "received";

/** The categories a party may provide (Art. 5(2): each category has one direction). */
export function categoriesProvidedBy(categories: readonly SharingCategoryProfile[], party: string): SharingCategoryProfile[] {
  return categories.filter((c) => c.from === party);
}

export type ShareRefusal = "not_a_member" | "nothing_to_share";

/** Whether a member may start a share at all: a member of a party that provides some category. */
export function shareStartRefusal(member: Member | undefined, categories: readonly SharingCategoryProfile[]): ShareRefusal | null {
  if (!member) return "not_a_member";
  return categoriesProvidedBy(categories, member.party).length === 0 ? "nothing_to_share" : null;
}

/**
 * The direction rule of Art. 5(2): a category may only be shared by the party it flows from.
 * Returns the category when `party` may provide it, else why not.
 */
export function categoryFor(categories: readonly SharingCategoryProfile[], categoryId: string | null, party: string): { category: SharingCategoryProfile } | { error: "unknown_category" | "wrong_direction"; category: SharingCategoryProfile | null } {
  const category = categories.find((c) => c.id === categoryId) ?? null;
  if (!category) return { error: "unknown_category", category: null };
  if (category.from !== party) return { error: "wrong_direction", category };
  return { category };
}

export type ShareInput = {
  category: string | null;
  title: string;
  content: string;
  reference: string;
  level: string | null;
  allow: ScopeAllowances;
};

export type ShareData = {
  category: string;
  /** The receiving party (the category's direction). */
  toParty: string;
  content: string | null;
  reference: string | null;
  /** The Art. 7 scope the provider designated at release. */
  scope: SharingScope;
};

export type ShareField = "category" | "title" | "content" | "reference" | "level" | "users" | "organisations";
export type ShareError = { field: ShareField; error: "required" | "too_long" | "unknown_category" | "wrong_direction" | "content_or_reference"; max?: number; category?: SharingCategoryProfile };

const length = (s: string) => Array.from(s).length;

/** Checks a share as submitted by a member of `party`: direction, required fields, limits, scope. */
export function validateShare(categories: readonly SharingCategoryProfile[], party: string, input: ShareInput): { data: ShareData & { title: string }; errors: [] } | { data: null; errors: ShareError[] } {
  const errors: ShareError[] = [];
  const chosen = categoryFor(categories, input.category, party);
  if ("error" in chosen) errors.push({ field: "category", error: input.category ? chosen.error : "required", ...(chosen.category ? { category: chosen.category } : {}) });
  const title = input.title.trim();
  const content = input.content.trim();
  const reference = input.reference.trim();
  if (title === "") errors.push({ field: "title", error: "required" });
  else if (length(title) > SHARE_LIMITS.title) errors.push({ field: "title", error: "too_long", max: SHARE_LIMITS.title });
  if (content === "" && reference === "") errors.push({ field: "content", error: "content_or_reference" });
  if (length(content) > SHARE_LIMITS.content) errors.push({ field: "content", error: "too_long", max: SHARE_LIMITS.content });
  if (length(reference) > SHARE_LIMITS.reference) errors.push({ field: "reference", error: "too_long", max: SHARE_LIMITS.reference });
  if (!isScopeLevel(input.level)) errors.push({ field: "level", error: "required" });
  if (input.allow.users.length > SCOPE_LIMITS.users) errors.push({ field: "users", error: "too_long", max: SCOPE_LIMITS.users });
  if (input.allow.organisations.join(", ").length > SCOPE_LIMITS.organisations) errors.push({ field: "organisations", error: "too_long", max: SCOPE_LIMITS.organisations });
  if (errors.length > 0 || "error" in chosen || !isScopeLevel(input.level)) return { data: null, errors };
  return {
    data: {
      title,
      category: chosen.category.id,
      toParty: chosen.category.to,
      content: content || null,
      reference: reference || null,
      scope: { level: input.level, allow: input.allow },
    },
    errors: [],
  };
}

export function shareData(activity: Pick<Activity, "data">): ShareData | null {
  const d = activity.data;
  const scope = d.scope as SharingScope | undefined;
  if (typeof d.category !== "string" || typeof d.toParty !== "string" || !scope || !isScopeLevel(scope.level)) return null;
  return {
    category: d.category,
    toParty: d.toParty,
    content: typeof d.content === "string" ? d.content : null,
    reference: typeof d.reference === "string" ? d.reference : null,
    scope,
  };
}

export type AcknowledgeRefusal = "not_a_member" | "not_receiving_liaison" | "already_received";

/**
 * "Received": a liaison officer of the receiving party acknowledges the share, once. The share is
 * then done (the scope still binds the information: Art. 7 has no end).
 */
export function acknowledgeRefusal(member: Member | undefined, activity: Pick<Activity, "status" | "data" | "ownerParty">): AcknowledgeRefusal | null {
  if (!member) return "not_a_member";
  const receiving = shareData(activity)?.toParty;
  if (member.party === activity.ownerParty || member.party !== receiving || !hasRole(member, "liaison")) return "not_receiving_liaison";
  if (activity.status !== "open") return "already_received";
  return null;
}
