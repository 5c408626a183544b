// Deliveries of the scheduled sweeps: reminders, digests, App Home refreshes. Each runs as a
// claimed effect, so a retry after a Slack 500 or 429 still delivers exactly once per key.
import type { WebClient } from "@slack/web-api";
import { buildDigest, DIGEST_HORIZON_DAYS } from "../../domain/digest";
import { reminderRecipients, type ReminderDestination, type ReminderItem, type StoredReminder } from "../../domain/reminders";
import type { StoredEffect } from "../../domain/effects";
import type { HandlersFor } from "../../effects/runner";
import { MESSAGES, type MessageKey } from "../../i18n/messages";
import { digestRows, lastDigestAt } from "../../store/sweeps";
import { homeRowsOf } from "../../store/home";
import type { AppContext } from "../../app/context";
import type { SlackEffectDeps } from "./support";
import { postOnce } from "./post-once";
import { describeError } from "../errors";
import { personalContext, renderContext } from "../render-context";
import { digestMessage } from "../views/digest";
import { homeView } from "../views/home";
import { deadlineReminder, positionReminder, powerNoticeReminder, reminderListMessage, reportOverdueReminder, reviewOverdueReminder, taskReminder } from "../views/reminders";
import type { SlackMessage } from "../views/kit";
import { isReceived } from "../../domain/report-receipts";
import { isOpen } from "../../domain/incident";
import { resolutionStateOf } from "../../domain/activities/consultation";
import { consultationReminder } from "../views/activities/consultation";
import { adviceReminder } from "../views/activities/advice";

/** What chat.getPermalink answers when the message cannot be linked, now or later. */
const UNLINKABLE = new Set(["channel_not_found", "message_not_found", "not_in_channel", "is_archived"]);

/** A reminder's cause, checked when delivered: its message for a destination, the channel it is also posted in, and (a task's) where its card is. */
type Prepared = { render: (to: ReminderDestination) => SlackMessage; channel: string | null; card?: () => Promise<string> };

export function scheduledEffectHandlers(deps: SlackEffectDeps): HandlersFor<"send_reminder" | "send_reminders" | "send_digest" | "refresh_home"> {
  const { client, store, config } = deps;
  const parties = config.profile.parties.map((p) => p.id);
  const post = (effect: StoredEffect, channel: string, m: { text: string; blocks: unknown[] }) => postOnce(client, effect, channel, m, channel);
  // A link to a card in a digest or reminder. When Slack says it cannot link that message (the
  // channel or message gone, or not the bot's to see), the line names the channel instead and the
  // message still goes out; a failure that may pass (rate limit, Slack unreachable) fails the
  // delivery, which is retried.
  const permalink = async (channel: string | null, ts: string | null) => {
    if (!channel || !ts) return "";
    try {
      return (await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? `<#${channel}>`;
    } catch (e) {
      if (!UNLINKABLE.has(describeError(e))) throw e;
      return `<#${channel}>`;
    }
  };

  const contextOf = (to: ReminderDestination) => ("userId" in to ? personalContext(config, config.directory.member(to.userId)) : renderContext(config));

  /**
   * A reminder's cause read again when it is delivered: null when it no longer holds (the task
   * done, the report received, the position taken meanwhile); otherwise its message for a
   * destination and the channel it is also posted in (the incident channel of a report deadline).
   */
  const prepare = async (r: ReminderItem): Promise<Prepared | null> => {
    const dm = (render: (to: ReminderDestination) => SlackMessage) => ({ render, channel: null });
    switch (r.kind) {
      case "task_due_soon":
      case "task_overdue":
      case "task_escalation": {
        const task = await store.taskById(r.taskId);
        if (!task || task.status !== "open") return null; // done meanwhile: nothing to remind
        const incident = task.incidentId ? await store.incidentById(task.incidentId) : null;
        const records = await store.recordsOfTask(task.id);
        // Alone, the reminder carries the task's card; in a list, a link to it (asked of Slack only then).
        const card = () => permalink(task.channelId, task.messageTs);
        return { ...dm((to) => taskReminder(contextOf(to), r.kind, task, incident, records, r.kind === "task_escalation" ? r.daysOverdue : 0)), card };
      }
      case "position_pending": {
        const c = await store.consultations.byId(r.consultationId);
        if (!c || c.status !== "open") return null;
        const incident = await store.incidentById(c.incidentId);
        if (!incident) return null;
        const link = await permalink(c.channelId, c.cardTs);
        return dm((to) => positionReminder(contextOf(to), c, incident, r.party, link));
      }
      case "power_notice_unacknowledged": {
        const record = (await store.recordsOfTask(r.taskId)).find((x) => x.id === r.recordId);
        if (!record || record.status !== "planned") return null;
        const task = await store.taskById(r.taskId);
        const incident = task?.incidentId ? await store.incidentById(task.incidentId) : null;
        const link = await permalink(task?.channelId ?? null, task?.messageTs ?? null);
        return dm((to) => {
          const rc = contextOf(to);
          const kind = String(record.data.powerKind ?? "");
          const key = `item.powers.kind.${kind}`;
          const label = key in MESSAGES.ja ? rc.t(key as MessageKey) : kind;
          return powerNoticeReminder(rc, record, incident, link, label);
        });
      }
      case "report_deadline": {
        const incident = await store.incidentById(r.incidentId);
        if (!incident?.channelId || isReceived(incident, r.which)) return null;
        return { render: (to) => deadlineReminder(contextOf(to), incident, r.which), channel: incident.channelId };
      }
      case "report_overdue":
      case "report_overdue_escalation": {
        const incident = await store.incidentById(r.incidentId);
        // Received meanwhile (or closed): never again.
        if (!incident || !isOpen(incident) || isReceived(incident, r.which)) return null;
        const escalation = r.kind === "report_overdue_escalation";
        return {
          render: (to) => reportOverdueReminder(contextOf(to), incident, r.which, r.daysOverdue, escalation && "userId" in to),
          channel: escalation ? null : incident.channelId,
        };
      }
      // Art. 5(3): a request for advice due soon or overdue
      case "advice_due_soon":
      case "advice_overdue":
      case "advice_escalation": {
        const activity = await store.activities.byId(r.activityId);
        if (!activity || activity.status !== "open") return null; // closed meanwhile: nothing to remind
        const link = await permalink(activity.channelId, activity.messageTs);
        return dm((to) => adviceReminder(contextOf(to), r.kind, activity, link, r.kind === "advice_escalation" ? r.daysOverdue : 0));
      }
      // issue 15: a party's review of a closed incident past its due date
      case "review_overdue": {
        const closure = await store.closures.byId(r.closureId);
        if (!closure || closure.status !== "closed" || !closure.reviewDueOn) return null; // reopened meanwhile
        if ((await store.closures.reviewsOf(closure.id)).some((x) => x.party === r.party)) return null; // recorded meanwhile
        const incident = await store.incidentById(closure.incidentId);
        if (!incident) return null;
        const dueOn = closure.reviewDueOn;
        return dm((to) => reviewOverdueReminder(contextOf(to), incident, dueOn, r.party));
      }
      // Arts. 6, 8: a consultation's answer date while a party has not confirmed a resolution
      case "consultation_due_soon":
      case "consultation_overdue":
      case "consultation_escalation": {
        const activity = await store.activities.byId(r.activityId);
        if (!activity || activity.status !== "open") return null; // resolved meanwhile: nothing to remind
        const state = resolutionStateOf(await store.activities.records(activity.id), config.profile.parties.map((p) => p.id));
        if (!state.awaiting.includes(r.party)) return null; // confirmed meanwhile
        const link = await permalink(activity.channelId, activity.messageTs);
        const resolution = { party: r.party, version: state.current?.version ?? null };
        return dm((to) => consultationReminder(contextOf(to), r.kind, activity, resolution, link, r.kind === "consultation_escalation" ? r.daysOverdue : 0));
      }
    }
  };

  /** A reminder queued on its own, as sweeps queued them before ReminderBatcher: to its channel, then each recipient. */
  const sendReminder = async (r: StoredReminder, effect: StoredEffect) => {
    const prepared = await prepare(r);
    if (!prepared) return;
    if (prepared.channel) await post(effect, prepared.channel, prepared.render({ channel: prepared.channel }));
    // A group's members as the directory has them now (the effect stores the group: see Audience).
    for (const userId of reminderRecipients(r, config.directory)) await post(effect, userId, prepared.render({ userId }));
  };

  /**
   * A sweep's new reminders, one message per person or channel: a single reminder as its own
   * message (a task's with the task's card and buttons), several as a list (the most urgent first,
   * "and N more"). Those no longer due when delivered are left out; none left, no message. Each
   * message is posted once: a retry finds those already posted (postOnce, keyed by destination).
   */
  const sendReminders: HandlersFor<"send_reminders">["send_reminders"] = async ({ messages }, effect) => {
    for (const { to, items, more } of messages) {
      const due: Prepared[] = [];
      for (const item of items) {
        const prepared = await prepare(item);
        if (prepared && !("channel" in to && prepared.channel !== to.channel)) due.push(prepared);
      }
      if (due.length === 0 && more === 0) continue;
      const destination = "userId" in to ? to.userId : to.channel;
      if (due.length === 1 && more === 0) {
        await post(effect, destination, due[0]!.render(to));
        continue;
      }
      const listed = [];
      for (const p of due) listed.push({ text: p.render(to).text, card: p.card ? await p.card() : "" });
      await post(effect, destination, reminderListMessage(contextOf(to), listed, more));
    }
  };

  const sendDigest: HandlersFor<"send_digest">["send_digest"] = async (payload, effect) => {
    const { party, day } = payload;
    const userId = payload.userId ?? null;
    const now = deps.clock.now();
    const since = userId ? await lastDigestAt(store, userId, now) : null;
    const rows = await digestRows(store, party, now, since, DIGEST_HORIZON_DAYS);
    const scopeWarnings = rows.scopeWarnings.map((w) => ({ ...w, forwarderParty: config.directory.member(w.forwardedByUserId)?.party ?? null }));
    // The chain's head goes out with every digest, to both parties: an anchor outside the database.
    const auditHead = await store.auditHead();
    const digest = buildDigest({ party, parties, now, since, ...rows, scopeWarnings, auditHead });
    const links = new Map<string, string>();
    for (const a of digest.awaitingPositions) links.set(a.consultation.id, await permalink(a.consultation.channelId, a.consultation.cardTs));
    const rc = userId ? personalContext(config, config.directory.member(userId)) : renderContext(config);
    await post(effect, userId ?? payload.channel!, digestMessage(rc, digest, day, links));
  };

  const refreshHome = async ({ userId }: { userId: string }) => publishHome(deps, client, userId);

  return { send_reminder: sendReminder, send_reminders: sendReminders, send_digest: sendDigest, refresh_home: refreshHome };
}

export async function publishHome(deps: AppContext, client: WebClient, userId: string): Promise<void> {
  const member = deps.config.directory.member(userId);
  const rows = member ? await homeRowsOf(deps.store, userId) : { tasks: [], consultations: [], incidents: [], activities: [] };
  await client.views.publish({ user_id: userId, view: homeView(personalContext(deps.config, member), member, rows, deps.clock.now()) });
}
