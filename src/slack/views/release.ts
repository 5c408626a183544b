// Surfaces of a party's internal channel and of "Share with <other party>": the channel's intro,
// the share form, the repost in the joint channel (escaped text, scope label, link back), and the
// consent asked in advance (form, the liaisons' question with Approve / Decline, the outcome).
import type { ModalView } from "@slack/types";
import { escapeAndTruncate } from "../mrkdwn";
import { TLP_LABEL, type SharingScope } from "../../domain/sharing-scope";
import type { ScopeConsentRecord, SharedItem } from "../../domain/sharing-scope";
import { RELEASE_ID, VALUE_ACTION } from "../ids";
import { encode } from "../metadata";
import { formatDateTime, mentionUser, type RenderContext } from "../render-context";
import { allowanceText, basisLabel, consentAudience, meaning, scopeFormBlocks } from "./sharing-scope";
import { contextLine, modal, partyName, plain, section, type SlackMessage } from "./kit";

/** The repost's text in a section block (3000 characters at most, with room for the heading). */
const RELEASE_TEXT_MAX = 2750;
const PREVIEW_MAX = 1000;

/** A release defaults to the case's two parties only (TLP:AMBER+STRICT); the provider may widen or narrow it. */
export const DEFAULT_RELEASE_SCOPE: SharingScope = { level: "amber_strict", allow: { users: [], channels: [], organisations: [] } };

export function internalChannelIntro(rc: RenderContext, p: { party: string; other: string; ref: string; jointChannelId: string | null }): SlackMessage {
  const text = rc.t("internal.intro", { party: partyName(rc, p.party), other: partyName(rc, p.other), ref: p.ref, joint: p.jointChannelId ?? "" });
  return { text, blocks: [section(text, "internal_intro")] };
}

export function releaseModal(rc: RenderContext, p: { source: { channelId: string; messageTs: string }; text: string; party: string; ref: string; jointChannelId: string; bases: string[] }): ModalView {
  const { t } = rc;
  return modal(rc, {
    callbackId: RELEASE_ID.callbackShare,
    metadata: encode({ c: p.source.channelId, ts: p.source.messageTs, x: p.text }),
    title: t("release.modal.title").slice(0, 24),
    submit: t("release.modal.submit"),
    blocks: [
      section(t("release.modal.intro", { party: partyName(rc, p.party), ref: p.ref, joint: p.jointChannelId }), "release_intro"),
      section(t("release.modal.preview", { text: escapeAndTruncate(p.text, PREVIEW_MAX) }), "release_preview"),
      ...scopeFormBlocks(rc, p.bases, DEFAULT_RELEASE_SCOPE, p.bases.length === 1 ? p.bases[0]! : null),
    ],
  });
}

/** The released message in the joint channel: who shared it under what, the text (escaped), its scope and a link back. */
export function releasePost(rc: RenderContext, item: SharedItem, sourceLink: string): SlackMessage {
  const scope = item.scope!;
  const allow = allowanceText(rc, scope.allow);
  const body = rc.t("release.post", {
    party: partyName(rc, item.providerParty),
    basis: basisLabel(rc, item.basis),
    user: mentionUser(item.sharedByUserId),
    date: formatDateTime(rc, item.createdAt),
    text: escapeAndTruncate(item.summary, RELEASE_TEXT_MAX),
  });
  const label = rc.t("release.post.label", {
    tlp: TLP_LABEL[scope.level],
    meaning: meaning(rc, scope.level),
    extra: allow ? rc.t("scope.label.extra", { allow }) : "",
    link: sourceLink,
    party: partyName(rc, item.providerParty),
  });
  // Without a source (a result the bot shares for its provider) the label ends before the link.
  const shownLabel = sourceLink ? label : label.slice(0, label.lastIndexOf("\n"));
  return { text: `${TLP_LABEL[scope.level]} ${body}`.slice(0, 3900), blocks: [section(body, "release_text"), { type: "context", block_id: "release_scope", elements: [{ type: "mrkdwn", text: shownLabel }] }] };
}

export function consentRequestModal(rc: RenderContext, item: SharedItem): ModalView {
  const { t } = rc;
  return modal(rc, {
    callbackId: RELEASE_ID.callbackRequestConsent,
    metadata: encode({ i: item.id }),
    title: t("consent_request.modal.title").slice(0, 24),
    submit: t("consent_request.modal.submit"),
    blocks: [
      section(t("consent_request.modal.intro", { party: partyName(rc, item.providerParty), tlp: TLP_LABEL[item.scope!.level] }), "consent_request_intro"),
      { type: "input", block_id: RELEASE_ID.blockRequestChannel, optional: true, label: plain(t("consent_request.field.channel")), element: { type: "conversations_select", action_id: VALUE_ACTION } },
      { type: "input", block_id: RELEASE_ID.blockRequestUsers, optional: true, label: plain(t("consent_request.field.users")), element: { type: "multi_users_select", action_id: VALUE_ACTION, max_selected_items: 50 } },
      { type: "input", block_id: RELEASE_ID.blockRequestReason, label: plain(t("consent_request.field.reason")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: 1000 } },
    ],
  });
}

/** The question to each liaison of the provider, with Approve / Decline. */
export function consentRequestAsk(rc: RenderContext, item: SharedItem, c: ScopeConsentRecord, requesterParty: string | null, link: string, ended: { ref: string; closedAt: Date | null } | null = null): SlackMessage {
  const text = rc.t("consent_request.ask", {
    user: mentionUser(c.requestedByUserId ?? ""),
    requester_party: requesterParty ? partyName(rc, requesterParty) : "?",
    party: partyName(rc, item.providerParty),
    link,
    tlp: TLP_LABEL[item.scope!.level],
    audience: consentAudience(rc, c),
    reason: escapeAndTruncate(c.reason ?? "", 1000),
  });
  const value = encode({ k: c.id });
  // ended with the incident's closing: said on the card, and nothing left to click
  if (ended) return { text, blocks: [section(text, "consent_request_question"), contextLine(rc.t("consent_request.ended_note", { ref: ended.ref, date: ended.closedAt ? formatDateTime(rc, ended.closedAt) : "—" }), "consent_request_ended")] };
  return {
    text,
    blocks: [
      section(text, "consent_request_question"),
      {
        type: "actions",
        block_id: "consent_request_answer",
        elements: [
          { type: "button", action_id: RELEASE_ID.actionApprove, style: "primary", text: plain(rc.t("consent_request.button.approve")), value },
          { type: "button", action_id: RELEASE_ID.actionDecline, style: "danger", text: plain(rc.t("consent_request.button.decline")), value },
        ],
      },
    ],
  };
}

export function consentOutcome(rc: RenderContext, item: SharedItem, c: ScopeConsentRecord, link: string): SlackMessage {
  const key = c.status === "granted" ? "consent_request.outcome.granted" : "consent_request.outcome.declined";
  const text = rc.t(key, { party: partyName(rc, item.providerParty), link, audience: consentAudience(rc, c), user: c.decidedByUserId ? mentionUser(c.decidedByUserId) : "?" });
  return { text, blocks: [section(text, "consent_request_outcome")] };
}
