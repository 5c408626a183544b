// Deliveries of the scheduled sweeps: reminders, digests, App Home refreshes. Each runs as a
// claimed effect, so a retry after a Slack 500 or 429 still delivers exactly once per key.
import type { WebClient } from "@slack/web-api";
import { buildDigest, DIGEST_HORIZON_DAYS } from "../../domain/digest";
import { reminderRecipients, type StoredReminder } from "../../domain/reminders";
import type { StoredEffect } from "../../domain/effects";
import type { HandlersFor } from "../../effects/runner";
import { MESSAGES, type MessageKey } from "../../i18n/messages";
import { digestRows, lastDigestAt } from "../../store/sweeps";
import { homeRowsOf } from "../../store/home";
import type { AppContext } from "../../app/context";
import type { SlackEffectDeps } from "./support";
import { postOnce } from "./post-once";
import { personalContext, renderContext } from "../render-context";
import { digestMessage } from "../views/digest";
import { homeView } from "../views/home";
import { deadlineReminder, positionReminder, powerNoticeReminder, reportOverdueReminder, reviewOverdueReminder, taskReminder } from "../views/reminders";
import { isReceived } from "../../domain/report-receipts";
import { isOpen } from "../../domain/incident";
import { resolutionStateOf } from "../../domain/activities/consultation";
import { consultationReminder } from "../views/activities/consultation";
import { adviceReminder } from "../views/activities/advice";

export function scheduledEffectHandlers(deps: SlackEffectDeps): HandlersFor<"send_reminder" | "send_digest" | "refresh_home"> {
  const { client, store, config } = deps;
  const parties = config.profile.parties.map((p) => p.id);
  const post = (effect: StoredEffect, channel: string, m: { text: string; blocks: unknown[] }) => postOnce(client, effect, channel, m, channel);
  const permalink = async (channel: string | null, ts: string | null) =>
    channel && ts ? ((await client.chat.getPermalink({ channel, message_ts: ts })).permalink ?? `<#${channel}>`) : "";

  const sendReminder = async (r: StoredReminder, effect: StoredEffect) => {
    // A group's members as the directory has them now (the effect stores the group: see Audience).
    const to = reminderRecipients(r, config.directory);
    switch (r.kind) {
      case "task_due_soon":
      case "task_overdue":
      case "task_escalation": {
        const task = await store.taskById(r.taskId);
        if (!task || task.status !== "open") return; // done meanwhile: nothing to remind
        const incident = task.incidentId ? await store.incidentById(task.incidentId) : null;
        const records = await store.recordsOfTask(task.id);
        for (const userId of to) {
          const rc = personalContext(config, config.directory.member(userId));
          await post(effect, userId, taskReminder(rc, r.kind, task, incident, records, r.kind === "task_escalation" ? r.daysOverdue : 0));
        }
        return;
      }
      case "position_pending": {
        const c = await store.consultations.byId(r.consultationId);
        if (!c || c.status !== "open") return;
        const incident = await store.incidentById(c.incidentId);
        if (!incident) return;
        const link = await permalink(c.channelId, c.cardTs);
        for (const userId of to) await post(effect, userId, positionReminder(personalContext(config, config.directory.member(userId)), c, incident, r.party, link));
        return;
      }
      case "power_notice_unacknowledged": {
        const record = (await store.recordsOfTask(r.taskId)).find((x) => x.id === r.recordId);
        if (!record || record.status !== "planned") return;
        const task = await store.taskById(r.taskId);
        const incident = task?.incidentId ? await store.incidentById(task.incidentId) : null;
        const link = await permalink(task?.channelId ?? null, task?.messageTs ?? null);
        for (const userId of to) {
          const rc = personalContext(config, config.directory.member(userId));
          const kind = String(record.data.powerKind ?? "");
          const key = `item.powers.kind.${kind}`;
          const label = key in MESSAGES.ja ? rc.t(key as MessageKey) : kind;
          await post(effect, userId, powerNoticeReminder(rc, record, incident, link, label));
        }
        return;
      }
      case "report_deadline": {
        const incident = await store.incidentById(r.incidentId);
        if (!incident?.channelId || isReceived(incident, r.which)) return;
        await post(effect, incident.channelId, deadlineReminder(renderContext(config), incident, r.which));
        return;
      }
      case "report_overdue":
      case "report_overdue_escalation": {
        const incident = await store.incidentById(r.incidentId);
        // Received meanwhile (or closed): never again.
        if (!incident || !isOpen(incident) || isReceived(incident, r.which)) return;
        const escalation = r.kind === "report_overdue_escalation";
        if (r.kind === "report_overdue" && incident.channelId) await post(effect, incident.channelId, reportOverdueReminder(renderContext(config), incident, r.which, r.daysOverdue, false));
        for (const userId of to) await post(effect, userId, reportOverdueReminder(personalContext(config, config.directory.member(userId)), incident, r.which, r.daysOverdue, escalation));
        return;
      }
      // Art. 5(3): a request for advice due soon or overdue
      case "advice_due_soon":
      case "advice_overdue":
      case "advice_escalation": {
        const activity = await store.activities.byId(r.activityId);
        if (!activity || activity.status !== "open") return; // closed meanwhile: nothing to remind
        const link = await permalink(activity.channelId, activity.messageTs);
        for (const userId of to) {
          const rc = personalContext(config, config.directory.member(userId));
          await post(effect, userId, adviceReminder(rc, r.kind, activity, link, r.kind === "advice_escalation" ? r.daysOverdue : 0));
        }
        return;
      }
      // issue 15: a party's review of a closed incident past its due date
      case "review_overdue": {
        const closure = await store.closures.byId(r.closureId);
        if (!closure || closure.status !== "closed" || !closure.reviewDueOn) return; // reopened meanwhile
        if ((await store.closures.reviewsOf(closure.id)).some((x) => x.party === r.party)) return; // recorded meanwhile
        const incident = await store.incidentById(closure.incidentId);
        if (!incident) return;
        for (const userId of to) await post(effect, userId, reviewOverdueReminder(personalContext(config, config.directory.member(userId)), incident, closure.reviewDueOn, r.party));
        return;
      }
      // Arts. 6, 8: a consultation's answer date while a party has not confirmed a resolution
      case "consultation_due_soon":
      case "consultation_overdue":
      case "consultation_escalation": {
        const activity = await store.activities.byId(r.activityId);
        if (!activity || activity.status !== "open") return; // resolved meanwhile: nothing to remind
        const state = resolutionStateOf(await store.activities.records(activity.id), config.profile.parties.map((p) => p.id));
        if (!state.awaiting.includes(r.party)) return; // confirmed meanwhile
        const link = await permalink(activity.channelId, activity.messageTs);
        for (const userId of to) {
          const rc = personalContext(config, config.directory.member(userId));
          await post(effect, userId, consultationReminder(rc, r.kind, activity, { party: r.party, version: state.current?.version ?? null }, link, r.kind === "consultation_escalation" ? r.daysOverdue : 0));
        }
        return;
      }
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

  return { send_reminder: sendReminder, send_digest: sendDigest, refresh_home: refreshHome };
}

export async function publishHome(deps: AppContext, client: WebClient, userId: string): Promise<void> {
  const member = deps.config.directory.member(userId);
  const rows = member ? await homeRowsOf(deps.store, userId) : { tasks: [], consultations: [], incidents: [], activities: [] };
  await client.views.publish({ user_id: userId, view: homeView(personalContext(deps.config, member), member, rows, deps.clock.now()) });
}
