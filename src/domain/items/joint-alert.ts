// Art. 4(2)(vi) Joint alerts: when both parties agree that something should be announced under
// both names to prevent similar cases, they issue it jointly.
//
// The draft is versioned: each edit adds version N+1 and withdraws every earlier approval (an
// approval is of the exact text it was given for). Each party's liaison officer approves the
// current version; once both parties approved it, its publication can be recorded; after that
// the draft is frozen.
import { z } from "zod";
import type { ItemRecord } from "../item-records";
import { hasRole, type Member } from "../parties";
import type { Task } from "../tasks";

export const ALERT_DRAFT_KIND = "alert_draft";
export const ALERT_APPROVAL_KIND = "alert_approval";
export const ALERT_PUBLICATION_KIND = "publication";
export const ALERT_LIMITS = { text: 3000 } as const;
export const ALERT_EDIT_ROLES = ["staff", "liaison", "admin"] as const;

export type AlertDraft = { id: string; version: number; text: string; party: string; byUserId: string; at: Date; withdrew: WithdrawnApproval[] };
export type WithdrawnApproval = { party: string; version: number; byUserId: string };
export type AlertApproval = { id: string; party: string; version: number; byUserId: string; at: Date; status: "approved" | "withdrawn" };
export type AlertPublication = { id: string; date: string; version: number; byUserId: string; party: string; at: Date };

export type AlertState = {
  current: AlertDraft | null;
  /** Approvals of the current version, by party. */
  approvals: Partial<Record<string, AlertApproval>>;
  /** Parties whose approval of the current version is missing. */
  pending: string[];
  approvedByAll: boolean;
  publication: AlertPublication | null;
  /** Every approval record, withdrawn ones included, oldest first. */
  allApprovals: AlertApproval[];
};

const ZWithdrawn = z.object({ party: z.string(), version: z.number().int(), byUserId: z.string() });
const ZDraft = z.object({ text: z.string(), withdrew: z.array(ZWithdrawn).optional() });
const ZPublication = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), version: z.number().int() });

export function alertStateOf(records: ItemRecord[], parties: string[]): AlertState {
  let current: AlertDraft | null = null;
  const allApprovals: AlertApproval[] = [];
  let publication: AlertPublication | null = null;
  for (const r of records) {
    if (r.kind === ALERT_DRAFT_KIND && r.version !== null) {
      const d = ZDraft.safeParse(r.data);
      if (d.success && (!current || r.version > current.version)) {
        current = { id: r.id, version: r.version, text: d.data.text, party: r.party, byUserId: r.byUserId, at: r.createdAt, withdrew: d.data.withdrew ?? [] };
      }
    } else if (r.kind === ALERT_APPROVAL_KIND && r.version !== null) {
      allApprovals.push({ id: r.id, party: r.party, version: r.version, byUserId: r.byUserId, at: r.createdAt, status: r.status === "approved" ? "approved" : "withdrawn" });
    } else if (r.kind === ALERT_PUBLICATION_KIND) {
      const d = ZPublication.safeParse(r.data);
      if (d.success && !publication) publication = { id: r.id, date: d.data.date, version: d.data.version, byUserId: r.byUserId, party: r.party, at: r.createdAt };
    }
  }
  const approvals: Partial<Record<string, AlertApproval>> = {};
  if (current) {
    for (const a of allApprovals) if (a.status === "approved" && a.version === current.version && !approvals[a.party]) approvals[a.party] = a;
  }
  const pending = parties.filter((p) => !approvals[p]);
  return { current, approvals, pending, approvedByAll: current !== null && pending.length === 0, publication, allApprovals };
}

export type AlertAction = "edit" | "approve" | "publish";
export type AlertRefusal =
  | "not_a_member"
  | "role_required"
  | "not_liaison"
  | "task_done"
  | "already_published"
  | "no_draft"
  | "stale_version"
  | "already_approved"
  | "not_approved_by_all";

/**
 * Why `member` may not take `action`; null when allowed. Editing: staff, liaison officers and
 * admins of either party, until publication. Approving: a liaison officer, for their own party,
 * of the version they saw, which must still be the current one, once per party and version.
 * Recording the publication: once both parties approved the current version.
 */
export function alertRefusal(member: Member | undefined, task: Pick<Task, "status">, state: AlertState, action: AlertAction, version?: number): AlertRefusal | null {
  if (!member) return "not_a_member";
  if (action === "approve" ? !hasRole(member, "liaison") : !hasRole(member, ...ALERT_EDIT_ROLES)) return action === "approve" ? "not_liaison" : "role_required";
  if (task.status === "done") return "task_done";
  if (state.publication) return "already_published";
  if (action === "edit") return null;
  if (!state.current) return "no_draft";
  if (action === "approve") {
    if (version !== state.current.version) return "stale_version";
    if (state.approvals[member.party]) return "already_approved";
    return null;
  }
  return state.approvedByAll ? null : "not_approved_by_all";
}

export type DraftError = { field: "text"; error: "required" | "too_long" | "unchanged" | "outdated"; max?: number; current?: number };

/**
 * A new version needs text, within the limit, and different from the current version. When the
 * editor started from version `baseVersion` (0: no draft yet) and someone saved another version
 * meanwhile, saving would silently discard theirs: the editor must look at it first.
 */
export function validateDraft(text: string, current: AlertDraft | null, baseVersion?: number): DraftError[] {
  if (baseVersion !== undefined && baseVersion !== (current?.version ?? 0)) return [{ field: "text", error: "outdated", current: current?.version ?? 0 }];
  const trimmed = text.trim();
  if (trimmed === "") return [{ field: "text", error: "required" }];
  if (trimmed.length > ALERT_LIMITS.text) return [{ field: "text", error: "too_long", max: ALERT_LIMITS.text }];
  if (current && current.text === trimmed) return [{ field: "text", error: "unchanged" }];
  return [];
}

/** Approvals an edit withdraws: every approval still standing, whatever its version. */
export function approvalsWithdrawnByEdit(state: AlertState): AlertApproval[] {
  return state.allApprovals.filter((a) => a.status === "approved");
}

/** A publication date as YYYY-MM-DD (a real calendar date); null otherwise. */
export function parsePublicationDate(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? m[0] : null;
}
