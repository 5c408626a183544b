// The incident's summary card, pinned in its channel and updated in place; also the body of
// `/renkei status`.
import type { KnownBlock } from "@slack/types";
import type { Incident } from "../../domain/incident";
import { escapeAndTruncate, escapeMrkdwn, plainSafe } from "../mrkdwn";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { guidanceBlocks } from "./guidance";
import { ACTION, CLOSING_ID } from "../ids";
import type { SlackMessage } from "./kit";
import { plain } from "./kit";

/** A Slack Connect invitation of the channel to another organisation's workspace, as the card shows it. */
export type ChannelShareState = { party: string; inviteId: string; status: "invited" | "accepting" | "waiting_approval" | "shared" | "declined" | "expired" | "resent" };

export function incidentCard(rc: RenderContext, incident: Incident, shares: ChannelShareState[] = []): SlackMessage {
  const { t } = rc;
  const field = (label: string, value: string) => ({ type: "mrkdwn" as const, text: `*${label}*\n${value}` });
  const blocks: KnownBlock[] = [
    { type: "header", block_id: "card_header", text: plain(plainSafe(t("card.header", { ref: incident.ref, title: incident.title }), 150)) },
    {
      type: "section",
      block_id: "card_facts",
      fields: [
        field(t("card.state"), t(`card.state.${incident.state}`)),
        field(t("card.reporter"), escapeAndTruncate(incident.reporterName, 1500)),
        field(t("card.category"), t(`intake.category.${incident.reporterCategory}`)),
        field(t("card.agency"), escapeAndTruncate(incident.supervisingAgency, 1500)),
        field(t("card.awareAt"), formatDateTime(rc, incident.awareAt)),
        field(t("card.affected"), t("card.affected.value", { count: incident.affectedCount.toLocaleString(rc.locale === "ja" ? "ja-JP" : "en-GB") })),
        field(
          t("card.registeredBy"),
          t("card.registeredBy.value", { user: mentionUser(incident.createdByUserId), party: partyShort(rc, incident.createdByParty), date: formatDateTime(rc, incident.createdAt) }),
        ),
      ],
    },
  ];
  if (incident.state !== "out_of_scope") blocks.push(...guidanceBlocks(rc, incident));
  blocks.push({ type: "section", block_id: "card_summary", text: { type: "mrkdwn", text: `*${t("card.summary")}*\n${escapeAndTruncate(incident.summary, 2900)}` } });
  for (const share of shares) {
    if (share.status === "shared") continue;
    const key = share.status === "accepting" ? "invited" : share.status;
    const org = { org: escapeMrkdwn(partyShort(rc, share.party)) };
    const resend = share.status === "declined" || share.status === "expired" ? share.status : null;
    const text = resend ? t(`card.share.${resend}.resend`, org) : t(`card.share.${key}`, org);
    if (resend) {
      // Either party's liaison sends it again from here (or from the DM renkei sent them).
      blocks.push({ type: "section", block_id: `card_share_${share.party}`, text: { type: "mrkdwn", text }, accessory: { type: "button", action_id: ACTION.shareResend, text: plain(t("share.button.resend")), value: share.inviteId } });
    } else {
      blocks.push({ type: "context", block_id: `card_share_${share.party}`, elements: [{ type: "mrkdwn", text }] });
    }
  }
  if (incident.channelStatus === "failed" && incident.channelError) {
    blocks.push({ type: "context", block_id: "card_problem", elements: [{ type: "mrkdwn", text: t("card.channel_problem", { error: escapeMrkdwn(incident.channelError) }) }] });
  }
  if (incident.state === "closed") {
    // Issue 15: a closed incident's card offers reopening only
    blocks.push({ type: "actions", block_id: "card_actions", elements: [{ type: "button", action_id: CLOSING_ID.actionReopen, text: plain(t("closing.button.reopen")), value: incident.id }] });
  } else if (incident.state !== "out_of_scope") {
    blocks.push({
      type: "actions",
      block_id: "card_actions",
      elements: [
        { type: "button", action_id: ACTION.consultPropose, style: "primary", text: plain(t("consult.button.propose")), value: incident.id },
        { type: "button", action_id: ACTION.editDeadlines, text: plain(t("deadline.edit.button")), value: incident.id },
        { type: "button", action_id: ACTION.reportReceipts, text: plain(t("receipt.button")), value: incident.id },
        // Art. 4(1) later: the introducing party received information from a relevant administrative body
        ...(rc.profile.leakReportIntroduction && !incident.providedByAdminBody
          ? [{ type: "button" as const, action_id: ACTION.adminBodyInfo, text: plain(t("adminInfo.button", { party: partyShort(rc, rc.profile.leakReportIntroduction.party) })), value: incident.id }]
          : []),
        { type: "button", action_id: CLOSING_ID.actionClose, text: plain(t("closing.button.close")), value: incident.id },
      ],
    });
  }
  blocks.push({
    type: "context",
    block_id: "card_footer",
    elements: [{ type: "mrkdwn", text: t("card.footer", { profile: escapeMrkdwn(rc.profile.title[rc.locale]), ref: incident.ref }) }],
  });
  return { text: `${incident.ref} ${escapeAndTruncate(incident.title, 300)}`, blocks };
}
