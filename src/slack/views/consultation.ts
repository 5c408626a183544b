// Art. 4(2) surfaces: the proposal modal, the decision card (one section per proposed item with
// each party's position and the buttons), the small decline / conditions modals and the
// conclusion message.
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { CooperationItemProfile } from "../../config/profiles";
import { conclusionOf, partiesAwaited, PROPOSAL_LIMITS, type Consultation, type PositionRecord, type ProposalError } from "../../domain/consultation";
import type { Incident } from "../../domain/incident";
import { escapeAndTruncate, escapeMrkdwn } from "../mrkdwn";
import { liaisonsOf } from "../../domain/parties";
import type { RenkeiConfig } from "../../config/renkei-config";
import { ACTION, CALLBACK, CONSULT_BLOCK, VALUE_ACTION } from "../ids";
import { encode } from "../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { articleLabel, articleNumber } from "../../i18n/articles";
import { modal, plain, section, type SlackMessage } from "./kit";

export function itemName(rc: RenderContext, itemType: string): string {
  return rc.profile.cooperationItems.find((c) => c.id === itemType)?.name[rc.locale] ?? itemType;
}

/** The item's article number for messages that write "第{article}" / "Art. {article}". */
export function itemArticle(rc: RenderContext, itemType: string): string {
  return articleNumber(rc.locale, rc.profile.cooperationItems.find((c) => c.id === itemType)?.article ?? "4(2)");
}

function partiesLabel(rc: RenderContext, ids: string[]): string {
  return ids.map((id) => partyShort(rc, id)).join(rc.locale === "ja" ? "・" : ", ");
}

function itemOptionLabel(rc: RenderContext, spec: CooperationItemProfile): string {
  const restricted = spec.requestedBy.length > 0 ? rc.t("consult.item.requested_by_only", { parties: partiesLabel(rc, spec.requestedBy) }) : "";
  return `${spec.name[rc.locale]}${restricted}`.slice(0, 75);
}

/**
 * The proposal form. The items are checkboxes that report each tick (dispatch_action), and the
 * form is redrawn with one "why we need <other party>" field per ticked item, in the items' order.
 */
export function proposalModal(rc: RenderContext, incident: Incident, proposerParty: string, alreadyAgreed: string[], ticked: string[] = []): ModalView {
  const { t } = rc;
  const other = partyShort(rc, rc.profile.parties.find((p) => p.id !== proposerParty)!.id);
  const available = rc.profile.cooperationItems.filter((c) => !alreadyAgreed.includes(c.id));
  const options: PlainTextOption[] = available.map((spec) => ({
    text: plain(itemOptionLabel(rc, spec)),
    value: spec.id,
    description: plain(articleLabel(rc.locale, spec.article)),
  }));
  const chosen = options.filter((o) => ticked.includes(o.value!));
  const blocks: KnownBlock[] = [
    section(t("consult.intro", { ref: incident.ref, other: escapeMrkdwn(other) }), "consult_intro"),
    {
      type: "input",
      block_id: CONSULT_BLOCK.items,
      dispatch_action: true,
      label: plain(t("consult.field.items")),
      element: { type: "checkboxes", action_id: VALUE_ACTION, options, ...(chosen.length ? { initial_options: chosen } : {}) },
    },
    ...available
      .filter((spec) => ticked.includes(spec.id))
      .map(
        (spec): KnownBlock => ({
          type: "input",
          block_id: `${CONSULT_BLOCK.needPrefix}${spec.id}`,
          label: plain(t("consult.field.need", { item: spec.name[rc.locale], other }).slice(0, 2000)),
          element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: PROPOSAL_LIMITS.need },
        }),
      ),
    {
      type: "input",
      block_id: CONSULT_BLOCK.impact,
      label: plain(t("consult.field.impact")),
      element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: PROPOSAL_LIMITS.impact },
    },
  ];
  return modal(rc, {
    callbackId: CALLBACK.consultProposal,
    metadata: encode({ incidentId: incident.id }),
    title: t("consult.title"),
    submit: t("consult.submit"),
    blocks,
  });
}

/** Proposal errors keyed by the input block they belong to. */
export function proposalErrors(rc: RenderContext, errors: ProposalError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    if (e.field === "items") {
      out[CONSULT_BLOCK.items] =
        e.error === "not_requestable"
          ? rc.t("consult.error.not_requestable", { item: itemName(rc, e.itemType), parties: partiesLabel(rc, e.allowed) })
          : rc.t(`consult.error.${e.error}`);
    } else if (e.field === "need") {
      out[`${CONSULT_BLOCK.needPrefix}${e.itemType}`] = e.error === "required" ? rc.t("consult.error.need_required") : rc.t("consult.error.too_long");
    } else {
      out[CONSULT_BLOCK.impact] = e.error === "required" ? rc.t("consult.error.impact_required") : rc.t("consult.error.too_long");
    }
  }
  return out;
}

function positionLine(rc: RenderContext, party: string, p: PositionRecord | undefined): string {
  const who = escapeMrkdwn(partyShort(rc, party));
  if (!p) return rc.t("consult.card.position.none", { party: who });
  const common = { party: who, user: mentionUser(p.decidedByUserId), date: formatDateTime(rc, p.decidedAt) };
  if (p.position === "decline") return rc.t("consult.card.position.decline", { ...common, reason: escapeAndTruncate(p.reason ?? "", 600) });
  if (p.conditions) return rc.t("consult.card.position.agree_conditions", { ...common, conditions: escapeAndTruncate(p.conditions, 600) });
  return rc.t("consult.card.position.agree", common);
}

/** The decision card, posted in the incident channel and updated in place after each position. */
export function consultationCard(rc: RenderContext, config: RenkeiConfig, incident: Incident, c: Consultation): SlackMessage {
  const { t } = rc;
  const parties = rc.profile.parties.map((p) => p.id);
  const other = parties.find((p) => p !== c.proposedByParty)!;
  const header = t("consult.card.header", { round: c.round, ref: incident.ref });
  const blocks: KnownBlock[] = [
    { type: "header", block_id: "consult_header", text: plain(header.slice(0, 150)) },
    {
      type: "section",
      block_id: "consult_proposed",
      text: {
        type: "mrkdwn",
        text: `${t("consult.card.proposed", { user: mentionUser(c.proposedByUserId), party: escapeMrkdwn(partyShort(rc, c.proposedByParty)), other: escapeMrkdwn(partyShort(rc, other)), date: formatDateTime(rc, c.contactedAt) })}\n${t("consult.card.impact", { party: escapeMrkdwn(partyShort(rc, c.proposedByParty)), impact: escapeAndTruncate(c.impactOnDuties, 1200) })}`,
      },
    },
  ];
  for (const item of c.items) {
    blocks.push({ type: "divider" });
    blocks.push({
      type: "section",
      block_id: `consult_item_${item.itemType}`,
      text: { type: "mrkdwn", text: t("consult.card.item", { item: escapeMrkdwn(itemName(rc, item.itemType)), article: itemArticle(rc, item.itemType), need: escapeAndTruncate(item.need, 1200) }) },
    });
    blocks.push({
      type: "context",
      block_id: `consult_positions_${item.itemType}`,
      elements: parties.map((party) => ({ type: "mrkdwn" as const, text: positionLine(rc, party, item.positions.find((p) => p.party === party)).slice(0, 2900) })),
    });
    const undecided = parties.some((party) => !item.positions.some((p) => p.party === party));
    if (c.status === "open" && undecided) {
      const value = encode({ c: c.id, i: item.itemType });
      blocks.push({
        type: "actions",
        block_id: `consult_actions_${item.itemType}`,
        elements: [
          { type: "button", action_id: ACTION.consultAgree, style: "primary", text: plain(t("consult.button.agree")), value },
          { type: "button", action_id: ACTION.consultAgreeConditions, text: plain(t("consult.button.agree_conditions")), value },
          { type: "button", action_id: ACTION.consultDecline, style: "danger", text: plain(t("consult.button.decline")), value },
        ],
      });
    }
  }
  blocks.push({ type: "divider" });
  if (c.status === "concluded") {
    const conclusion = conclusionOf(c, parties);
    const items = (conclusion?.agreed ?? []).map((a) => itemName(rc, a.itemType)).join(rc.locale === "ja" ? "、" : ", ");
    blocks.push({
      type: "section",
      block_id: "consult_outcome",
      text: { type: "mrkdwn", text: c.outcome === "cooperate" ? t("consult.card.concluded.cooperate", { date: formatDateTime(rc, c.concludedAt!), items: escapeMrkdwn(items) }) : t("consult.card.concluded.none", { date: formatDateTime(rc, c.concludedAt!) }) },
    });
  } else if (c.status === "ended") {
    // Issue 15: the round was still open when the incident closed
    blocks.push({ type: "context", block_id: "consult_ended", elements: [{ type: "mrkdwn", text: t("consult.ended_note") }] });
  } else {
    for (const party of partiesAwaited(c, parties)) {
      const mentions = liaisonsOf(config.directory, party).map((m) => mentionUser(m.userId)).join(" ");
      blocks.push({ type: "context", block_id: `consult_waiting_${party}`, elements: [{ type: "mrkdwn", text: t("consult.card.mention", { mentions, party: escapeMrkdwn(partyShort(rc, party)) }) }] });
    }
  }
  return { text: header, blocks };
}

export function positionModal(rc: RenderContext, kind: "decline" | "conditions", consultationId: string, itemType: string): ModalView {
  const decline = kind === "decline";
  return modal(rc, {
    callbackId: decline ? CALLBACK.consultDecline : CALLBACK.consultConditions,
    metadata: encode({ c: consultationId, i: itemType }),
    title: rc.t(decline ? "consult.decline.title" : "consult.conditions.title"),
    submit: rc.t(decline ? "consult.decline.submit" : "consult.conditions.submit"),
    blocks: [
      {
        type: "input",
        block_id: decline ? CONSULT_BLOCK.reason : CONSULT_BLOCK.conditions,
        label: plain(rc.t(decline ? "consult.decline.field" : "consult.conditions.field", { item: itemName(rc, itemType) }).slice(0, 2000)),
        element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: decline ? PROPOSAL_LIMITS.reason : PROPOSAL_LIMITS.conditions },
      },
    ],
  });
}

/** Posted in the channel when a round concludes. */
export function conclusionMessage(rc: RenderContext, incident: Incident, c: Consultation): SlackMessage {
  const parties = rc.profile.parties.map((p) => p.id);
  const conclusion = conclusionOf(c, parties)!;
  const sep = rc.locale === "ja" ? "、" : "; ";
  const items = conclusion.agreed.map((a) => escapeMrkdwn(itemName(rc, a.itemType))).join(sep);
  const reasons = conclusion.declined
    .map((d) => `${escapeMrkdwn(itemName(rc, d.itemType))} — ${escapeMrkdwn(partyShort(rc, d.party))}: ${escapeAndTruncate(d.reason, 300)}`)
    .join(sep);
  const lines =
    conclusion.outcome === "cooperate"
      ? [rc.t("consult.conclusion.cooperate", { ref: incident.ref, round: c.round, items }), ...(reasons ? [rc.t("consult.conclusion.partial_declined", { reasons })] : [])]
      : [rc.t("consult.conclusion.none", { ref: incident.ref, round: c.round, reasons })];
  const text = lines.join("\n").slice(0, 2900);
  return { text, blocks: [{ type: "section", block_id: "consult_conclusion", text: { type: "mrkdwn", text } }] };
}
