// What each role may do. Checked on every command and button before anything changes.
import { hasRole, type Member } from "./parties";

export type Permission =
  | "incident.register" // /renkei new (Art. 2, 4(1))
  | "incident.view" // list, status, help
  | "incident.edit" // correct the APPI deadlines shown on the card
  | "channel.retry" // retry opening an incident channel that failed
  | "channel.share_resend" // send a refused or expired Slack Connect invitation of an incident channel again
  | "task.manage" // complete, reassign or reschedule a task
  | "report.receipt" // record when the reporter's leak reports were received (the recipient party: PPC)
  | "record.export" // export the cooperation record of a period for the annual review (issue 6)
  | "exercise.run"; // start and end an Art. 5(1) tabletop exercise

export type TaskRef = { ownerParty: string; assigneeUserId: string | null };

/** Why a member may not act; undefined when allowed. */
export type Refusal = "not_a_member" | "role_required" | "other_party_task" | "recipient_party_only";

export function refusalFor(
  member: Member | undefined,
  permission: Permission,
  context: { task?: TaskRef; incidentCreatedBy?: string; recipientParty?: string } = {},
): Refusal | undefined {
  if (!member) return "not_a_member";
  switch (permission) {
    case "incident.view":
      return undefined;
    case "incident.register":
    case "incident.edit":
      return hasRole(member, "staff", "liaison", "admin") ? undefined : "role_required";
    case "channel.retry":
      return member.userId === context.incidentCreatedBy || hasRole(member, "liaison", "admin") ? undefined : "role_required";
    case "channel.share_resend":
      // The liaison officers of either party run the connection between the organisations (or renkei's administrators).
      return hasRole(member, "liaison", "admin") ? undefined : "role_required";
    case "report.receipt":
      // The recipient of leak reports (PPC) knows when it received them; the other party sees them.
      if (!context.recipientParty || member.party !== context.recipientParty) return "recipient_party_only";
      return hasRole(member, "staff", "liaison", "admin") ? undefined : "role_required";
    case "record.export":
      // The whole record of both parties: for those who answer for it (managers) and administrators.
      return hasRole(member, "manager", "admin") ? undefined : "role_required";
    case "exercise.run":
      // Those who run the cooperation (liaison officers), answer for it (managers), or administer renkei.
      return hasRole(member, "liaison", "manager", "admin") ? undefined : "role_required";
    case "task.manage": {
      const task = context.task;
      if (!task) return "role_required";
      if (task.ownerParty !== member.party) return "other_party_task";
      if (task.assigneeUserId === member.userId) return undefined;
      return hasRole(member, "liaison", "manager", "admin") ? undefined : "role_required";
    }
  }
}
