// `/renkei <subcommand>`: new, list, status <ref>, help. Answers are private (ephemeral).
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { refusalFor } from "../../../domain/permissions";
import { isReference } from "../../../domain/reference";
import { escapeAndTruncate } from "../../mrkdwn";
import { memberOf, type SlackDeps } from "../../listener-context";
import { personalContext } from "../../render-context";
import { intakeModal } from "../../views/intake-modal";
import { helpMessage, incidentListMessage, refusalMessage, statusMessage, plainNotice } from "../../views/notices";
import { describeError } from "../../errors";
import { openProposal } from "../consultation";
import { taskListMessage } from "../../views/task-modals";
import { scopeRegister } from "../../views/sharing-scope";
import { startActivity } from "../activities";
import { parseLocalDate, parsePeriod } from "../../../domain/export";
import { requestExport } from "../../../app/export";
import { activityList, activityShown } from "../activities/list";
import { isActivityRef } from "../../../domain/activity";
import { internalChannelCommand } from "../release";

const LIST_LIMIT = 50;

export function renkeiCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    // Answers that need no database go in the acknowledgement itself; the others acknowledge first
    // and answer through response_url, so Slack's 3-second limit never waits on a query.
    let acked = false;
    const ackNow = async () => {
      await ack();
      acked = true;
    };
    const ephemeral = async (m: { text: string; blocks: unknown[] }): Promise<void> => {
      if (acked) await respond({ response_type: "ephemeral", text: m.text, blocks: m.blocks as never });
      else await ack({ response_type: "ephemeral", text: m.text, blocks: m.blocks as never });
    };
    if (!member) return ephemeral(refusalMessage(rc, "not_a_member"));

    const [sub = "help", ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    /** The incident a reference argument names; otherwise says what is wrong and returns null. */
    const incidentNamed = async (ref: string | undefined) => {
      const problem = !ref ? "help.missing_reference" : !isReference(ref) ? "help.bad_reference" : null;
      if (!ref || problem) {
        await ephemeral(helpMessage(rc, rc.t(problem ?? "help.missing_reference")));
        return null;
      }
      const incident = await deps.store.incidentByRef(ref);
      if (!incident) await ephemeral(plainNotice(rc.t("status.not_found", { ref })));
      return incident;
    };
    switch (sub.toLowerCase()) {
      case "help":
        return ephemeral(helpMessage(rc));
      case "new": {
        const refusal = refusalFor(member, "incident.register");
        if (refusal) return ephemeral(refusalMessage(rc, refusal, { member, roles: ["staff", "liaison", "admin"] }));
        const view = intakeModal(rc, {
          askProvidedByAdminBody: deps.config.profile.leakReportIntroduction?.party === member.party,
          privateMetadata: JSON.stringify({ channel: command.channel_id }),
        });
        await ack();
        try {
          await client.views.open({ trigger_id: command.trigger_id, view });
        } catch (e) {
          deps.log.warn("views.open failed", { error: describeError(e) });
          await client.chat.postEphemeral({ channel: command.channel_id, user: member.userId, text: rc.t("error.generic", { error: describeError(e) }) }).catch(() => undefined);
        }
        return;
      }
      case "list": {
        await ackNow();
        const { incidents, total } = await deps.store.openIncidents(LIST_LIMIT);
        return ephemeral(incidentListMessage(rc, incidents, total));
      }
      case "status": {
        await ackNow();
        const incident = await incidentNamed(args[0]);
        if (!incident) return;
        return ephemeral(statusMessage(rc, incident, await deps.store.tasksOfIncident(incident.id)));
      }
      case "consult": {
        await ackNow();
        const incident = await incidentNamed(args[0]);
        if (!incident) return;
        await openProposal(deps, client, command.trigger_id, member, incident, (m) => respond({ response_type: "ephemeral", text: m.text, blocks: m.blocks }));
        return;
      }
      case "tasks": {
        await ackNow();
        if (args[0]) {
          const incident = await incidentNamed(args[0]);
          if (!incident) return;
          const tasks = await deps.store.tasksOfIncident(incident.id);
          return ephemeral(taskListMessage(rc, rc.t("tasks.incident.heading", { ref: incident.ref, count: tasks.length }), tasks, new Map([[incident.id, incident]])));
        }
        const tasks = await deps.store.openTasksAssignedTo(member.userId, LIST_LIMIT);
        const incidents = await deps.store.incidentsByIds([...new Set(tasks.map((t) => t.incidentId).filter((id): id is string => !!id))]);
        return ephemeral(taskListMessage(rc, rc.t("tasks.mine.heading", { count: tasks.length }), tasks, new Map(incidents.map((i) => [i.id, i]))));
      }
      case "scope": {
        await ackNow();
        // An incident's register, or an Art. 5(2) share's (`/renkei scope A-2026-001`).
        const activityRef = args[0]?.toUpperCase();
        const subject = activityRef && isActivityRef(activityRef) ? await deps.store.activities.byRef(activityRef) : null;
        if (activityRef && isActivityRef(activityRef) && !subject) return ephemeral(plainNotice(rc.t("activity.not_found", { ref: activityRef })));
        const incident = subject ? null : await incidentNamed(args[0]);
        if (!subject && !incident) return;
        const items = subject ? await deps.store.sharedItems.ofActivity(subject.id) : await deps.store.sharedItems.ofIncident(incident!.id);
        const ids = items.map((i) => i.id);
        return ephemeral(scopeRegister(rc, subject?.ref ?? incident!.ref, items, await deps.store.scopeWarnings.ofItems(ids), await deps.store.scopeConsents.ofItems(ids)));
      }
      case "activity": {
        // Arts. 5, 6, 8: the chooser, or `/renkei activity <kind>` straight to the kind's form.
        await ackNow();
        // `/renkei activity A-2026-001`: that activity's card, privately.
        if (args[0] && /^a-\d/i.test(args[0])) {
          const ref = args[0].toUpperCase();
          if (!isActivityRef(ref)) return ephemeral(plainNotice(rc.t("activity.bad_reference")));
          return ephemeral((await activityShown(deps, client, rc, ref)) ?? plainNotice(rc.t("activity.not_found", { ref })));
        }
        return startActivity(deps, client, command.trigger_id, member, args[0]?.toLowerCase(), ephemeral);
      }
      // ---- export of the cooperation record (issue 6): managers and administrators ----
      case "export": {
        const refusal = refusalFor(member, "record.export");
        if (refusal) return ephemeral(refusalMessage(rc, refusal, { member, roles: ["manager", "admin"] }));
        const tz = deps.config.timezone;
        const usage = rc.t("export.usage", { timezone: tz });
        const bad = args.slice(0, 2).find((a) => !parseLocalDate(a));
        if (args.length !== 2 || bad !== undefined) {
          const problem = bad !== undefined ? rc.t("export.invalid.date", { value: escapeAndTruncate(bad, 40) }) : null;
          return ephemeral(plainNotice(problem ? `${problem}\n${usage}` : usage));
        }
        const parsed = parsePeriod(args[0], args[1], tz);
        if (!parsed.ok) return ephemeral(plainNotice(`${rc.t("export.invalid.order", { from: args[0]!, to: args[1]! })}\n${usage}`));
        await ackNow();
        const { queued } = await requestExport(deps, member, parsed.period);
        return ephemeral(plainNotice(rc.t(queued ? "export.accepted" : "export.already", { from: args[0]!, to: args[1]! })));
      }
      case "activities": {
        await ackNow();
        return ephemeral(await activityList(deps, client, rc));
      }
      case "internal": {
        // Art. 4(2): the asker's own party's internal channel of the incident (members of that party only).
        await ackNow();
        const incident = await incidentNamed(args[0]);
        if (!incident) return;
        return ephemeral(await internalChannelCommand(deps, rc, member, incident));
      }
      default:
        return ephemeral(helpMessage(rc, rc.t("help.unknown_subcommand", { sub: escapeAndTruncate(sub, 40) })));
    }
  };
}
