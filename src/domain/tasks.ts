// Tracked work owned by one party. The first kind is Art. 4(1): the party that receives
// information about a serious incident from a relevant administrative body introduces the APPI
// leak-report system to the head of the administrative agency that provided it.
import type { AgreementProfile } from "./profile";
import type { Incident } from "./incident";

export type TaskStatus = "open" | "done";
/** activity_preparation: a preparation task of a normal-times event (Art. 5(1)), with activityId set. */
export type TaskKind = "introduce_leak_report_system" | "cooperation_item" | "activity_preparation";

export type Task = {
  id: string;
  dedupeKey: string;
  incidentId: string | null;
  kind: TaskKind;
  /** For cooperation items: the profile's item id (joint_investigation, ...). */
  itemType: string | null;
  consultationId: string | null;
  conditions: string | null;
  ownerParty: string;
  assigneeUserId: string | null;
  params: Record<string, string>;
  dueAt: Date | null;
  status: TaskStatus;
  doneByUserId: string | null;
  doneAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Normal-times activity (Art. 5(1) event) this task prepares; null for incident work. */
  activityId?: string | null;
};

export type NewTask = Pick<Task, "dedupeKey" | "kind" | "ownerParty" | "assigneeUserId" | "params" | "dueAt"> &
  Partial<Pick<Task, "itemType" | "consultationId" | "conditions" | "activityId">>;

/** Art. 4(1): whether registering this incident gives the introducing party a task, and which. */
export function leakReportIntroductionTask(
  profile: AgreementProfile,
  incident: Pick<Incident, "id" | "createdByParty" | "createdByUserId" | "providedByAdminBody" | "supervisingAgency" | "reporterName" | "ref" | "state">,
): NewTask | null {
  const duty = profile.leakReportIntroduction;
  if (!duty || incident.state === "out_of_scope") return null;
  if (incident.createdByParty !== duty.party || !incident.providedByAdminBody) return null;
  return {
    dedupeKey: `art41:${incident.id}`,
    kind: "introduce_leak_report_system",
    ownerParty: duty.party,
    assigneeUserId: incident.createdByUserId,
    params: { agency: incident.supervisingAgency, reporter: incident.reporterName, ref: incident.ref, article: duty.article },
    dueAt: null,
  };
}
