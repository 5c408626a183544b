// Two organisations in two workspaces: the DMs to the liaison officers about a Slack Connect
// invitation of an incident channel (waiting for approval, refused, expired — with what to do and,
// where it helps, the button that sends it again) and about an installation that was revoked.
import type { KnownBlock } from "@slack/types";
import type { Incident } from "../../domain/incident";
import { ACTION } from "../ids";
import { escapeAndTruncate, escapeMrkdwn } from "../mrkdwn";
import { formatDateTime, partyShort, type RenderContext } from "../render-context";
import { plain, section, type SlackMessage } from "./kit";

/** The channel an invitation shares: an incident's, or the normal-times channel (Arts. 5, 6, 8). */
export type SharedSubject = { kind: "incident"; incident: Pick<Incident, "ref" | "title" | "channelId"> } | { kind: "normal_times"; channelId: string };

export function shareStatusNotice(
  rc: RenderContext,
  subject: SharedSubject,
  share: { inviteId: string; party: string; hostParty: string | null; status: "waiting_approval" | "declined" | "expired" },
): SlackMessage {
  const org = escapeMrkdwn(partyShort(rc, share.party));
  const host = escapeMrkdwn(share.hostParty ? partyShort(rc, share.hostParty) : "?");
  const text =
    subject.kind === "incident"
      ? rc.t(`share.dm.${share.status}`, { ref: subject.incident.ref, title: escapeAndTruncate(subject.incident.title, 300), channel: subject.incident.channelId ?? "", org, host })
      : rc.t(`share.dm.normal_times.${share.status}`, { channel: subject.channelId, org, host });
  const blocks: KnownBlock[] = [section(text, "share_status")];
  if (share.status !== "waiting_approval") {
    blocks.push({ type: "actions", block_id: "share_actions", elements: [{ type: "button", action_id: ACTION.shareResend, style: "primary", text: plain(rc.t("share.button.resend")), value: share.inviteId }] });
  }
  return { text, blocks };
}

export function installationRevokedNotice(rc: RenderContext, revoked: { party: string | null; teamId: string; reason: string; at: Date }): SlackMessage {
  const org = escapeMrkdwn(revoked.party ? partyShort(rc, revoked.party) : revoked.teamId);
  const text = rc.t("installation.revoked.dm", { org, reason: escapeMrkdwn(revoked.reason), date: formatDateTime(rc, revoked.at) });
  return { text, blocks: [section(text, "installation_revoked")] };
}
