// Art. 4(2)(ii) sharing investigation results (調査結果の共有): each party shares its results on the
// case as far as possible; what one provides is what the provider judges appropriate, within
// limits that do not hinder its own work. A result recorded here is information shared under
// Art. 4(2): its provider is the recorder's party (the Art. 7 sharing scope builds on it).
import type { ItemRecord } from "../item-records";
import { hasRole, type Member } from "../parties";
import type { Refusal } from "../permissions";
import type { Task } from "../tasks";

export const ITEM_TYPE = "sharing_results";
export const RESULT_KIND = "result";
export const RESULT_LIMITS = { summary: 1000, details: 2000 } as const;

export type ResultInput = { summary: string; details: string };
export type ResultData = { summary: string; details: string | null };
export type ResultError = { field: "summary"; error: "required" | "too_long" } | { field: "details"; error: "too_long" };

const length = (s: string) => Array.from(s).length;

/** Staff, liaison officers and admins of either party share their party's results, while the item is open. */
export function resultRefusal(member: Member | undefined, task: Pick<Task, "status">): Refusal | "task_done" | undefined {
  if (!member) return "not_a_member";
  if (!hasRole(member, "staff", "liaison", "admin")) return "role_required";
  return task.status === "done" ? "task_done" : undefined;
}

export function validateResult(input: ResultInput): { data: ResultData; errors: [] } | { data: null; errors: ResultError[] } {
  const errors: ResultError[] = [];
  const summary = input.summary.trim();
  const details = input.details.trim();
  if (summary === "") errors.push({ field: "summary", error: "required" });
  else if (length(summary) > RESULT_LIMITS.summary) errors.push({ field: "summary", error: "too_long" });
  if (length(details) > RESULT_LIMITS.details) errors.push({ field: "details", error: "too_long" });
  if (errors.length > 0) return { data: null, errors };
  return { data: { summary, details: details || null }, errors: [] };
}

export function resultsOf(records: ItemRecord[]): ItemRecord[] {
  return records.filter((r) => r.kind === RESULT_KIND);
}

export function resultData(r: ItemRecord): ResultData & { sharedInformationId: string | null } {
  const d = r.data;
  return {
    summary: String(d.summary ?? ""),
    details: typeof d.details === "string" ? d.details : null,
    sharedInformationId: typeof d.sharedInformationId === "string" ? d.sharedInformationId : null,
  };
}
