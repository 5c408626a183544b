// Art. 7 surfaces: the designation modal, the scope label in the message's thread, the warning
// in a destination (never repeating the content), the private note to the forwarder, the
// liaisons' question with buttons, the removal request, and the `/renkei scope` register.
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { SCOPE_LEVELS, TLP_LABEL, type ScopeAllowances, type ScopeLevel, type SharingScope } from "../../domain/sharing-scope";
import { escapeAndTruncate } from "../mrkdwn";
import { articleLabel } from "../../i18n/articles";
import type { ScopeConsentRecord, ScopeWarningRecord, SharedItem } from "../../domain/sharing-scope";
import { RELEASE_ID, SCOPE_ID, VALUE_ACTION } from "../ids";
import { encode } from "../metadata";
import { formatDateTime, mentionUser, type RenderContext } from "../render-context";
import { isDirectMessage, modal, partyName, plain, section, type SlackMessage } from "./kit";

export function basisLabel(rc: RenderContext, basis: string): string {
  if (basis === "5(2)") return rc.t("scope.basis.5_2");
  const item = rc.profile.cooperationItems.find((c) => c.article === basis);
  return item ? `${articleLabel(rc.locale, basis)} ${item.name[rc.locale]}` : articleLabel(rc.locale, basis);
}

export function allowanceText(rc: RenderContext, allow: ScopeAllowances): string {
  const parts = [...allow.users.map(mentionUser), ...allow.channels.map((c) => `<#${c}>`), ...allow.organisations.map((o) => escapeAndTruncate(o, 100))];
  return parts.join(rc.locale === "ja" ? "、" : ", ");
}

const levelName = (rc: RenderContext, level: ScopeLevel) => rc.t(`scope.level.${level}`);
export const meaning = (rc: RenderContext, level: ScopeLevel) => rc.t(`scope.meaning.${level}`);

/** The TLP levels with their meaning under the memorandum, as radio options (designation and Art. 5(2) shares). */
export function scopeLevelOptions(rc: RenderContext): PlainTextOption[] {
  return SCOPE_LEVELS.map((level) => ({ text: plain(levelName(rc, level).slice(0, 75)), value: level, description: plain(meaning(rc, level).slice(0, 75)) }));
}

/** Channel allowances (Art. 7 scope widened for named channels): the designate and share forms. */
export function scopeChannelsBlock(rc: RenderContext, initial: string[]): KnownBlock {
  return {
    type: "input",
    block_id: RELEASE_ID.blockChannels,
    optional: true,
    label: plain(rc.t("scope.field.channels")),
    element: { type: "multi_conversations_select", action_id: VALUE_ACTION, max_selected_items: 20, ...(initial.length ? { initial_conversations: initial } : {}) },
  };
}

export type DesignateModalInput = { channelId: string; messageTs: string; threadTs: string | null; authorUserId: string | null; summary: string };

export function designateModal(rc: RenderContext, message: DesignateModalInput, providerParty: string, bases: string[], current: SharedItem | null): ModalView {
  const { t } = rc;
  const blocks: KnownBlock[] = [section(t("scope.modal.intro", { party: partyName(rc, providerParty) }), "scope_intro"), ...scopeFormBlocks(rc, bases, current?.scope ?? null, current?.basis ?? null)];
  return modal(rc, {
    callbackId: SCOPE_ID.callbackDesignate,
    metadata: encode({ c: message.channelId, ts: message.messageTs, th: message.threadTs, a: message.authorUserId, s: message.summary }),
    title: t("scope.modal.title"),
    submit: t("scope.modal.submit"),
    blocks,
  });
}

/** The scope inputs (level, basis, people, channels, organisations), shared by the designate and share forms. */
export function scopeFormBlocks(rc: RenderContext, bases: string[], current: SharingScope | null, currentBasis: string | null): KnownBlock[] {
  const { t } = rc;
  const levelOptions = scopeLevelOptions(rc);
  const basisOptions: PlainTextOption[] = bases.map((b) => ({ text: plain(basisLabel(rc, b).slice(0, 75)), value: b }));
  const initialLevel = current ? levelOptions.find((o) => o.value === current.level) : undefined;
  const initialBasis = currentBasis ? basisOptions.find((o) => o.value === currentBasis) : undefined;
  return [
    { type: "input", block_id: SCOPE_ID.blockLevel, label: plain(t("scope.field.level")), element: { type: "radio_buttons", action_id: VALUE_ACTION, options: levelOptions, ...(initialLevel ? { initial_option: initialLevel } : {}) } },
    { type: "input", block_id: SCOPE_ID.blockBasis, label: plain(t("scope.field.basis")), element: { type: "static_select", action_id: VALUE_ACTION, options: basisOptions, ...(initialBasis ? { initial_option: initialBasis } : {}) } },
    {
      type: "input",
      block_id: SCOPE_ID.blockUsers,
      optional: true,
      label: plain(t("scope.field.users")),
      element: { type: "multi_users_select", action_id: VALUE_ACTION, max_selected_items: 50, ...(current?.allow.users.length ? { initial_users: current.allow.users } : {}) },
    },
    scopeChannelsBlock(rc, current?.allow.channels ?? []),
    {
      type: "input",
      block_id: SCOPE_ID.blockOrganisations,
      optional: true,
      label: plain(t("scope.field.organisations")),
      hint: plain(t("scope.field.organisations.hint")),
      element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: 500, ...(current?.allow.organisations.length ? { initial_value: current.allow.organisations.join(", ") } : {}) },
    },
  ];
}

/** The visible label in the message's thread: the scope and who set it, never the content. */
export function scopeLabel(rc: RenderContext, item: SharedItem): SlackMessage {
  const scope = item.scope!;
  const allow = allowanceText(rc, scope.allow);
  const text = rc.t("scope.label", {
    tlp: TLP_LABEL[scope.level],
    meaning: meaning(rc, scope.level),
    party: partyName(rc, item.providerParty),
    basis: basisLabel(rc, item.basis),
    user: item.designatedByUserId ? mentionUser(item.designatedByUserId) : "?",
    date: item.designatedAt ? formatDateTime(rc, item.designatedAt) : "",
    extra: allow ? rc.t("scope.label.extra", { allow }) : "",
  });
  return { text, blocks: [section(text, "scope_label")] };
}

/**
 * Where something was shared, as Slack shows it: a channel as <#C…>; a direct message (which
 * Slack would show as a placeholder) as "a direct message with @x". renkei sees only direct
 * messages with itself, so the person is the one who wrote there.
 */
export function conversationName(rc: RenderContext, channelId: string, dmUserId?: string | null): string {
  if (!isDirectMessage(channelId)) return `<#${channelId}>`;
  return rc.t("scope.dm_with", { user: dmUserId ? mentionUser(dmUserId) : "?" });
}

const warningPlace = (rc: RenderContext, w: Pick<ScopeWarningRecord, "channelId" | "forwardedByUserId">) => conversationName(rc, w.channelId, w.forwardedByUserId);

const via = (rc: RenderContext, w: ScopeWarningRecord) => rc.t(w.via === "permalink" ? "scope.via.permalink" : "scope.via.forward");

/** The warning in the destination's thread: the scope and how many are outside it; no content, no mentions. */
export function warningMessage(rc: RenderContext, item: SharedItem, w: ScopeWarningRecord): SlackMessage {
  const scope = item.scope!;
  const allow = allowanceText(rc, scope.allow);
  // In one's own direct message with renkei the warning is also the forwarder's note: one message, addressed to them.
  let text = isDirectMessage(w.channelId)
    ? rc.t("scope.warning.dm", { via: via(rc, w), party: partyName(rc, item.providerParty), tlp: TLP_LABEL[scope.level], meaning: meaning(rc, scope.level), extra: allow ? rc.t("scope.label.extra", { allow }) : "" })
    : rc.t("scope.warning.channel", { via: via(rc, w), party: partyName(rc, item.providerParty), tlp: TLP_LABEL[scope.level], meaning: meaning(rc, scope.level), count: w.outsiders.length });
  const who = w.decidedByUserId ? mentionUser(w.decidedByUserId) : "?";
  const date = (d: Date | null) => (d ? formatDateTime(rc, d) : "");
  if (w.status === "consented") text += rc.t("scope.warning.status.consented", { party: partyName(rc, item.providerParty), user: who, date: date(w.decidedAt) });
  if (w.status === "removal_requested" || w.status === "removed") text += rc.t("scope.warning.status.removal_requested", { party: partyName(rc, item.providerParty), user: who, date: date(w.decidedAt) });
  if (w.status === "removed") text += rc.t("scope.warning.status.removed", { date: date(w.removedAt) });
  return { text, blocks: [section(text, "scope_warning")] };
}

export function forwarderNote(rc: RenderContext, item: SharedItem, w: ScopeWarningRecord): SlackMessage {
  const scope = item.scope!;
  const allow = allowanceText(rc, scope.allow);
  const text = rc.t("scope.forwarder.note", {
    via: via(rc, w),
    channel: warningPlace(rc, w),
    party: partyName(rc, item.providerParty),
    tlp: TLP_LABEL[scope.level],
    meaning: meaning(rc, scope.level),
    extra: allow ? rc.t("scope.label.extra", { allow }) : "",
    count: w.outsiders.length,
  });
  return { text, blocks: [section(text, "scope_forwarder_note")] };
}

export function liaisonQuestion(rc: RenderContext, item: SharedItem, w: ScopeWarningRecord, link: string): SlackMessage {
  const text = rc.t("scope.liaison.ask", {
    party: partyName(rc, item.providerParty),
    link,
    tlp: TLP_LABEL[item.scope!.level],
    user: mentionUser(w.forwardedByUserId),
    via: via(rc, w),
    channel: warningPlace(rc, w),
    outsiders: w.outsiders.map(mentionUser).join(" "),
  });
  const value = encode({ w: w.id });
  return {
    text,
    blocks: [
      section(text, "scope_question"),
      {
        type: "actions",
        block_id: "scope_answer",
        elements: [
          { type: "button", action_id: SCOPE_ID.actionConsent, style: "primary", text: plain(rc.t("scope.button.consent")), value },
          { type: "button", action_id: SCOPE_ID.actionRemoval, style: "danger", text: plain(rc.t("scope.button.removal")), value },
        ],
      },
    ],
  };
}

export function removalRequest(rc: RenderContext, item: SharedItem, w: ScopeWarningRecord): SlackMessage {
  const text = rc.t("scope.removal.ask", { party: partyName(rc, item.providerParty), channel: warningPlace(rc, w), via: via(rc, w), tlp: TLP_LABEL[item.scope!.level] });
  return {
    text,
    blocks: [section(text, "scope_removal"), { type: "actions", block_id: "scope_removed", elements: [{ type: "button", action_id: SCOPE_ID.actionRemoved, text: plain(rc.t("scope.button.removed")), value: encode({ w: w.id }) }] }],
  };
}

/** `/renkei scope <ref>`: the incident's registered items with scope, warnings and consents. */
/** `/renkei scope <ref>`: the register of an incident's (or an Art. 5(2) share's) information. */
export function scopeRegister(rc: RenderContext, ref: string, items: SharedItem[], warnings: ScopeWarningRecord[], consents: ScopeConsentRecord[]): SlackMessage {
  const { t } = rc;
  if (items.length === 0) return { text: t("scope.list.empty", { ref }), blocks: [section(t("scope.list.empty", { ref }))] };
  const heading = t("scope.list.heading", { ref, count: items.length });
  const blocks: KnownBlock[] = [section(`*${heading}*`, "scope_list_heading")];
  for (const item of items.slice(0, 45)) {
    const lines: string[] = [];
    if (item.scope && item.channelId) {
      const allow = allowanceText(rc, item.scope.allow);
      lines.push(
        t("scope.list.item", {
          channel: item.channelId,
          date: formatDateTime(rc, item.createdAt),
          tlp: TLP_LABEL[item.scope.level],
          party: partyName(rc, item.providerParty),
          basis: basisLabel(rc, item.basis),
          user: item.designatedByUserId ? mentionUser(item.designatedByUserId) : "?",
          extra: allow ? rc.t("scope.label.extra", { allow }) : "",
        }),
      );
    } else {
      lines.push(t("scope.list.unscoped", { summary: escapeAndTruncate(item.summary, 80), party: partyName(rc, item.providerParty), basis: basisLabel(rc, item.basis) }));
    }
    for (const w of warnings.filter((x) => x.sharedInformationId === item.id)) {
      lines.push(t("scope.list.warning", { via: via(rc, w), channel: warningPlace(rc, w), user: mentionUser(w.forwardedByUserId), count: w.outsiders.length, date: formatDateTime(rc, w.createdAt), status: t(`scope.status.${w.status}`) }));
    }
    for (const c of consents.filter((x) => x.sharedInformationId === item.id)) {
      const user = c.decidedByUserId ? mentionUser(c.decidedByUserId) : "?";
      if (c.requestedByUserId) {
        lines.push(t("scope.list.consent_request", { audience: consentAudience(rc, c), requester: mentionUser(c.requestedByUserId), date: formatDateTime(rc, c.createdAt), status: t(`scope.consent_status.${c.status === "granted" || c.status === "declined" ? c.status : "requested"}`, { user }) }));
      } else if (c.channelId) {
        lines.push(t("scope.list.consent", { channel: conversationName(rc, c.channelId, c.users[0]), count: c.users.length, user, date: c.decidedAt ? formatDateTime(rc, c.decidedAt) : "" }));
      } else {
        lines.push(t("scope.list.consent_people", { count: c.users.length, user, date: c.decidedAt ? formatDateTime(rc, c.decidedAt) : "" }));
      }
    }
    blocks.push(section(lines.join("\n").slice(0, 2990)));
  }
  return { text: heading, blocks };
}

/** Who a consent covers, for people: the channel and how many, or the named people when few. */
export function consentAudience(rc: RenderContext, c: Pick<ScopeConsentRecord, "channelId" | "users">): string {
  const people = c.users.length <= 5 ? c.users.map(mentionUser).join(" ") : rc.t("consent_request.audience.people", { count: c.users.length });
  if (!c.channelId) return people;
  return `${conversationName(rc, c.channelId, c.users[0])}${c.users.length ? ` (${rc.t("consent_request.audience.people", { count: c.users.length })})` : ""}`;
}

/** The scope of a result the bot posts for its provider (default AMBER+STRICT), in the item forms. */
export function resultLevelBlock(rc: RenderContext, initial: ScopeLevel = "amber_strict"): KnownBlock {
  const options: PlainTextOption[] = SCOPE_LEVELS.map((level) => ({ text: plain(levelName(rc, level).slice(0, 75)), value: level }));
  return {
    type: "input",
    block_id: RELEASE_ID.blockResultLevel,
    label: plain(rc.t("scope.field.result_level")),
    hint: plain(rc.t("scope.field.result_level.hint")),
    element: { type: "static_select", action_id: VALUE_ACTION, options, initial_option: options.find((o) => o.value === initial)! },
  };
}
