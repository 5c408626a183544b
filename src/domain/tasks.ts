// Tracked work owned by one party. The first kind is Art. 4(1): the party that receives
// information about a serious incident from a relevant administrative body introduces the APPI
// leak-report system to the head of the administrative agency that provided it.
import type { AgreementProfile } from "./profile";
import type { Incident } from "./incident";

/** ended: open when its incident closed (issue 15); reopening the incident makes it open again. */
export type TaskStatus = "open" | "done" | "ended";
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
  incident: Pick<Incident, "id" | "createdByParty" | "createdByUserId" | "providedByAdminBody" | "supervisingAgency" | "reporterName" | "ref" | "state"> &
    Partial<Pick<Incident, "appiRegime" | "delegatedRecipient">>,
): NewTask | null {
  const duty = profile.leakReportIntroduction;
  if (!duty || incident.state === "out_of_scope") return null;
  if (incident.createdByParty !== duty.party || !incident.providedByAdminBody) return null;
  return introductionTask(duty, incident, incident.supervisingAgency, incident.createdByUserId);
}

/**
 * Art. 4(1) applies whenever the introducing party receives information from a relevant
 * administrative body, not only at intake: recorded later on the card, by either party, with the
 * agency that provided it. The task goes to the introducing party (unassigned unless its own
 * member recorded it).
 */
export function laterLeakReportIntroductionTask(
  profile: AgreementProfile,
  incident: Pick<Incident, "id" | "reporterName" | "ref" | "state"> & Partial<Pick<Incident, "appiRegime" | "delegatedRecipient">>,
  agency: string,
  recordedBy: { userId: string; party: string },
): NewTask | null {
  const duty = profile.leakReportIntroduction;
  if (!duty || incident.state === "out_of_scope") return null;
  return introductionTask(duty, incident, agency, recordedBy.party === duty.party ? recordedBy.userId : null);
}

function introductionTask(
  duty: { party: string; article: string },
  incident: Pick<Incident, "id" | "reporterName" | "ref"> & Partial<Pick<Incident, "appiRegime" | "delegatedRecipient">>,
  agency: string,
  assigneeUserId: string | null,
): NewTask {
  return {
    dedupeKey: `art41:${incident.id}`,
    kind: "introduce_leak_report_system",
    ownerParty: duty.party,
    assigneeUserId,
    params: {
      agency,
      reporter: incident.reporterName,
      ref: incident.ref,
      article: duty.article,
      // what the ready-to-send text needs to name the report's recipient correctly
      regime: incident.appiRegime ?? "",
      delegated: incident.delegatedRecipient ?? "",
    },
    dueAt: null,
  };
}
