// `/renkei <sub-command>`: a table of sub-commands, each with who may run it, its line in the help
// and what it does. The help text is rendered from the same table, so adding a sub-command is one
// entry here plus its use case. Answers are private (ephemeral).
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { refusalFor, type Permission } from "../../../domain/permissions";
import { isReference } from "../../../domain/reference";
import { escapeAndTruncate } from "../../mrkdwn";
import type { Incident } from "../../../domain/incident";
import type { Member, Role } from "../../../domain/parties";
import type { MessageKey } from "../../../i18n/messages";
import { type SlackDeps } from "../../listener-context";
import { type RenderContext } from "../../render-context";
import { intakeModal } from "../../views/intake-modal";
import { helpMessage, incidentListMessage, refusalMessage, statusMessage, plainNotice } from "../../views/notices";
import { describeError } from "../../errors";
import { openProposal } from "../consultation/listeners";
import { taskListMessage } from "../../views/task-modals";
import { scopeRegister } from "../../views/sharing-scope";
import { startActivity } from "../activities";
import { parseLocalDate, parsePeriod } from "../../../domain/export";
import { requestAnnualReport } from "../../../app/annual-report";
import { requestExport } from "../../../app/export";
import { activityList, activityShown } from "../activities/list";
import { isActivityRef } from "../../../domain/activity";
import { internalChannelCommand } from "../release/listeners";
import type { SlackMessage } from "../../views/kit";
import { privately, listenerContext } from "../kit";
import { exerciseCommand } from "../exercise";
import { belongsToExercise } from "../../../domain/exercise";
import { openClosingForm, openReopenForm } from "../closing/listeners";
import { requestCaseFile } from "../../../app/casefile";

const LIST_LIMIT = 50;

/** What a sub-command runs with: the member, their render context and the ways to answer. */
export type CommandRun = {
  deps: SlackDeps;
  client: WebClient;
  command: SlackCommandMiddlewareArgs["command"];
  respond: RespondFn;
  member: Member;
  rc: RenderContext;
  args: string[];
  /** Acknowledges now; answers then go through response_url (for anything that waits on the database). */
  ackNow(): Promise<void>;
  /** Answers privately: inside the acknowledgement when nothing acknowledged yet, else through response_url. */
  ephemeral(message: SlackMessage): Promise<void>;
  /** The incident a reference argument names; otherwise says what is wrong and returns null. */
  incidentNamed(ref: string | undefined): Promise<Incident | null>;
};

export type SubCommand = {
  name: string;
  /** Who may run it: the permission checked, and the roles a refusal names. Absent: every member. */
  roles?: { permission: Permission; named: Role[] };
  /** Its line in `/renkei help`. */
  help: MessageKey;
  run(c: CommandRun): Promise<void>;
};

export const SUBCOMMANDS: readonly SubCommand[] = [
  {
    name: "new",
    roles: { permission: "incident.register", named: ["staff", "liaison", "admin"] },
    help: "help.cmd.new",
    async run({ deps, client, command, member, rc, ackNow }) {
      const form = (exerciseTitle: string | null) =>
        intakeModal(rc, {
          exerciseTitle,
          askProvidedByAdminBody: deps.config.profile.leakReportIntroduction?.party === member.party,
          privateMetadata: JSON.stringify({ channel: command.channel_id }),
        });
      await ackNow();
      try {
        const opened = await client.views.open({ trigger_id: command.trigger_id, view: form(null) });
        // Art. 5(1): in the running exercise's channel (or a cast member's DM) the case is the
        // exercise's; the form then says so. Read after the modal opened (the trigger lasts 3 s).
        const exercise = await deps.store.exercises.running();
        if (belongsToExercise(exercise, command.channel_id, member.userId) && opened.view?.id) {
          await client.views.update({ view_id: opened.view.id, ...(opened.view.hash ? { hash: opened.view.hash } : {}), view: form(exercise!.title) }).catch((e: unknown) => deps.log.warn("views.update failed", { error: describeError(e) }));
        }
      } catch (e) {
        deps.log.warn("views.open failed", { error: describeError(e) });
        await client.chat.postEphemeral({ channel: command.channel_id, user: member.userId, text: rc.t("error.generic", { error: describeError(e) }) }).catch(() => undefined);
      }
    },
  },
  {
    name: "list",
    help: "help.cmd.list",
    async run({ deps, rc, args, ackNow, ephemeral }) {
      await ackNow();
      // `--closed`: closed incidents (issue 15), which leave the default list
      if (args[0] === "--closed") {
        const { incidents, total } = await deps.store.closures.closedIncidents(LIST_LIMIT);
        return ephemeral(incidentListMessage(rc, incidents, total, "closed"));
      }
      const { incidents, total } = await deps.store.openIncidents(LIST_LIMIT);
      await ephemeral(incidentListMessage(rc, incidents, total));
    },
  },
  {
    name: "status",
    help: "help.cmd.status",
    async run({ deps, rc, args, ackNow, ephemeral, incidentNamed }) {
      await ackNow();
      const incident = await incidentNamed(args[0]);
      if (incident) await ephemeral(statusMessage(rc, incident, await deps.store.tasksOfIncident(incident.id), await deps.store.closures.latestOfIncident(incident.id)));
    },
  },
  {
    name: "consult",
    help: "help.cmd.consult",
    async run({ deps, client, command, respond, member, args, ackNow, incidentNamed }) {
      await ackNow();
      const incident = await incidentNamed(args[0]);
      if (incident) await openProposal(deps, client, command.trigger_id, member, incident, (m) => privately(respond, m));
    },
  },
  {
    // Issue 15: a liaison officer proposes closing (a cooperation case closes when both parties confirm).
    name: "close",
    help: "help.cmd.close",
    async run({ deps, client, command, respond, member, args, ackNow, incidentNamed }) {
      await ackNow();
      const incident = await incidentNamed(args[0]);
      if (incident) await openClosingForm(deps, client, command.trigger_id, member, incident, (m) => privately(respond, m));
    },
  },
  {
    name: "reopen",
    help: "help.cmd.reopen",
    async run({ deps, client, command, respond, member, args, ackNow, incidentNamed }) {
      await ackNow();
      const incident = await incidentNamed(args[0]);
      if (incident) await openReopenForm(deps, client, command.trigger_id, member, incident, (m) => privately(respond, m));
    },
  },
  {
    // Issue 15: the incident's case file (Markdown and PDF) to the member's DM; Art. 7 scopes applied for them.
    name: "casefile",
    help: "help.cmd.casefile",
    async run({ deps, member, rc, args, ackNow, ephemeral, incidentNamed }) {
      await ackNow();
      const incident = await incidentNamed(args[0]);
      if (!incident) return;
      const { queued } = await requestCaseFile(deps, member, incident);
      await ephemeral(plainNotice(rc.t(queued ? "casefile.accepted" : "casefile.already", { ref: incident.ref })));
    },
  },
  {
    name: "tasks",
    help: "help.cmd.tasks",
    async run({ deps, member, rc, args, ackNow, ephemeral, incidentNamed }) {
      await ackNow();
      if (args[0]) {
        const incident = await incidentNamed(args[0]);
        if (!incident) return;
        const tasks = await deps.store.tasksOfIncident(incident.id);
        return ephemeral(taskListMessage(rc, rc.t("tasks.incident.heading", { ref: incident.ref, count: tasks.length }), tasks, new Map([[incident.id, incident]])));
      }
      const tasks = await deps.store.openTasksAssignedTo(member.userId, LIST_LIMIT);
      const incidents = await deps.store.incidentsByIds([...new Set(tasks.map((t) => t.incidentId).filter((id): id is string => !!id))]);
      await ephemeral(taskListMessage(rc, rc.t("tasks.mine.heading", { count: tasks.length }), tasks, new Map(incidents.map((i) => [i.id, i]))));
    },
  },
  {
    name: "scope",
    help: "help.cmd.scope",
    async run({ deps, rc, args, ackNow, ephemeral, incidentNamed }) {
      await ackNow();
      // An incident's register, or an Art. 5(2) share's (`/renkei scope A-2026-001`).
      const activityRef = args[0]?.toUpperCase();
      const subject = activityRef && isActivityRef(activityRef) ? await deps.store.activities.byRef(activityRef) : null;
      if (activityRef && isActivityRef(activityRef) && !subject) return ephemeral(plainNotice(rc.t("activity.not_found", { ref: activityRef })));
      const incident = subject ? null : await incidentNamed(args[0]);
      if (!subject && !incident) return;
      const items = subject ? await deps.store.sharedItems.ofActivity(subject.id) : await deps.store.sharedItems.ofIncident(incident!.id);
      const ids = items.map((i) => i.id);
      await ephemeral(scopeRegister(rc, subject?.ref ?? incident!.ref, items, await deps.store.scopeWarnings.ofItems(ids), await deps.store.scopeConsents.ofItems(ids)));
    },
  },
  {
    name: "internal",
    help: "help.cmd.internal",
    async run({ deps, member, rc, args, ackNow, ephemeral, incidentNamed }) {
      // Art. 4(2): the asker's own party's internal channel of the incident (members of that party only).
      await ackNow();
      const incident = await incidentNamed(args[0]);
      if (incident) await ephemeral(await internalChannelCommand(deps, rc, member, incident));
    },
  },
  {
    name: "activity",
    help: "help.cmd.activity",
    async run({ deps, client, command, member, rc, args, ackNow, ephemeral }) {
      // Arts. 5, 6, 8: the chooser, or `/renkei activity <kind>` straight to the kind's form.
      await ackNow();
      // `/renkei activity A-2026-001`: that activity's card, privately.
      if (args[0] && /^a-\d/i.test(args[0])) {
        const ref = args[0].toUpperCase();
        if (!isActivityRef(ref)) return ephemeral(plainNotice(rc.t("activity.bad_reference")));
        return ephemeral((await activityShown(deps, client, rc, ref)) ?? plainNotice(rc.t("activity.not_found", { ref })));
      }
      await startActivity(deps, client, command.trigger_id, member, args[0]?.toLowerCase(), ephemeral);
    },
  },
  {
    name: "activities",
    help: "help.cmd.activities",
    async run({ deps, client, rc, ackNow, ephemeral }) {
      await ackNow();
      await ephemeral(await activityList(deps, client, rc));
    },
  },
  {
    // The cooperation record of a period (issue 6): managers and administrators.
    name: "export",
    roles: { permission: "record.export", named: ["manager", "admin"] },
    help: "help.cmd.export",
    async run({ deps, member, rc, args, ackNow, ephemeral }) {
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
      await ephemeral(plainNotice(rc.t(queued ? "export.accepted" : "export.already", { from: args[0]!, to: args[1]! })));
    },
  },
  {
    // The annual review in numbers (issue 15): the same audience as the record it is made from.
    name: "report",
    roles: { permission: "record.export", named: ["manager", "admin"] },
    help: "help.cmd.report",
    async run({ deps, member, rc, args, ackNow, ephemeral }) {
      const parsed = args.length === 2 ? parsePeriod(args[0], args[1], deps.config.timezone) : null;
      if (!parsed?.ok) return ephemeral(plainNotice(rc.t("report.usage")));
      await ackNow();
      const { queued } = await requestAnnualReport(deps, member, parsed.period);
      await ephemeral(plainNotice(rc.t(queued ? "report.accepted" : "report.already", { from: args[0]!, to: args[1]! })));
    },
  },
  {
    // Art. 5(1) tabletop exercises: start one from a file, end it (score, report), or see what runs.
    name: "exercise",
    roles: { permission: "exercise.run", named: ["liaison", "manager", "admin"] },
    help: "help.cmd.exercise",
    run: (c) => exerciseCommand(c),
  },
  {
    name: "help",
    help: "help.cmd.help",
    async run({ rc, ephemeral }) {
      await ephemeral(helpMessage(rc, HELP));
    },
  },
];

const HELP = SUBCOMMANDS.map((s) => s.help);

export function renkeiCommand(deps: SlackDeps) {
  return async ({ command, ack, respond, client, context }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    // Answers that need no database go in the acknowledgement itself; the others acknowledge first
    // and answer through response_url, so Slack's 3-second limit never waits on a query.
    let acked = false;
    const ackNow = async () => {
      if (acked) return;
      await ack();
      acked = true;
    };
    const ephemeral = async (m: SlackMessage): Promise<void> => {
      if (acked) await privately(respond, m);
      else {
        acked = true;
        await ack({ response_type: "ephemeral", text: m.text, blocks: m.blocks });
      }
    };
    if (!member) return ephemeral(refusalMessage(rc, "not_a_member"));

    const [sub = "help", ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const incidentNamed = async (ref: string | undefined): Promise<Incident | null> => {
      const problem = !ref ? "help.missing_reference" : !isReference(ref) ? "help.bad_reference" : null;
      if (!ref || problem) {
        await ephemeral(helpMessage(rc, HELP, rc.t(problem ?? "help.missing_reference")));
        return null;
      }
      const incident = await deps.store.incidentByRef(ref);
      if (!incident) await ephemeral(plainNotice(rc.t("status.not_found", { ref })));
      return incident;
    };
    const entry = SUBCOMMANDS.find((s) => s.name === sub.toLowerCase());
    if (!entry) return ephemeral(helpMessage(rc, HELP, rc.t("help.unknown_subcommand", { sub: escapeAndTruncate(sub, 40) })));
    const refusal = entry.roles ? refusalFor(member, entry.roles.permission) : undefined;
    if (refusal) return ephemeral(refusalMessage(rc, refusal, { member, roles: entry.roles!.named }));
    await entry.run({ deps, client, command, respond, member, rc, args, ackNow, ephemeral, incidentNamed });
  };
}
