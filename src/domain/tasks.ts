// Tracked work owned by one party. The first kind is Art. 4(1): the party that receives
// information about a serious incident from a relevant administrative body introduces the APPI
// leak-report system to the head of the administrative agency that provided it.
import type { AgreementProfile } from "../config/profiles";
import type { Incident } from "./incident";

export type TaskStatus = "open" | "done";
export type TaskKind = "introduce_leak_report_system";

export type Task = {
  id: string;
  incidentId: string | null;
  kind: TaskKind;
  ownerParty: string;
  assigneeUserId: string | null;
  params: Record<string, string>;
  dueAt: Date | null;
  status: TaskStatus;
  doneByUserId: string | null;
  doneAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type NewTask = Pick<Task, "kind" | "ownerParty" | "assigneeUserId" | "params" | "dueAt">;

/** Art. 4(1): whether registering this incident gives the introducing party a task, and which. */
export function leakReportIntroductionTask(
  profile: AgreementProfile,
  incident: Pick<Incident, "createdByParty" | "createdByUserId" | "providedByAdminBody" | "supervisingAgency" | "reporterName" | "ref" | "state">,
): NewTask | null {
  const duty = profile.leakReportIntroduction;
  if (!duty || incident.state === "out_of_scope") return null;
  if (incident.createdByParty !== duty.party || !incident.providedByAdminBody) return null;
  return {
    kind: "introduce_leak_report_system",
    ownerParty: duty.party,
    assigneeUserId: incident.createdByUserId,
    params: { agency: incident.supervisingAgency, reporter: incident.reporterName, ref: incident.ref, article: duty.article },
    dueAt: null,
  };
}
