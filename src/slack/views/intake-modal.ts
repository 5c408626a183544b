import { escapeMrkdwn } from "../mrkdwn";
// The intake modal of `/renkei new` (Arts. 2 and 4(1)), and the modal shown after submission.
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { Incident, IntakeError, IntakeField } from "../../domain/incident";
import { INTAKE_LIMITS } from "../../domain/incident";
import { CALLBACK, INTAKE_BLOCK, VALUE_ACTION } from "../ids";
import type { RenderContext } from "../render-context";
import type { MessageKey } from "../../i18n/messages";
import { guidanceBlocks } from "./guidance";
import { modal, plain } from "./kit";

const option = (rc: RenderContext, key: MessageKey, value: string): PlainTextOption => ({ text: plain(rc.t(key)), value });

export type IntakeModalOptions = {
  /** Art. 5(1): the title of the running exercise this intake belongs to (a banner says so). */
  exerciseTitle?: string | null;
  /** Art. 4(1): asked only of the party that introduces the leak-report system. */
  askProvidedByAdminBody: boolean;
  privateMetadata: string;
};

export function intakeModal(rc: RenderContext, opts: IntakeModalOptions): ModalView {
  const { t } = rc;
  const text = (block: string, label: MessageKey, max: number, extra: Record<string, unknown> = {}): KnownBlock =>
    ({
      type: "input",
      block_id: block,
      label: plain(t(label)),
      element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: max, ...extra },
    }) as KnownBlock;
  const blocks: KnownBlock[] = [
    ...(opts.exerciseTitle ? [{ type: "context", block_id: "intake_exercise", elements: [{ type: "mrkdwn", text: `*${t("exercise.intake.banner", { title: escapeMrkdwn(opts.exerciseTitle) })}*` }] } as KnownBlock] : []),
    { type: "context", block_id: "intake_intro", elements: [{ type: "mrkdwn", text: t("intake.intro") }] },
    text(INTAKE_BLOCK.title, "intake.field.title", INTAKE_LIMITS.title, { placeholder: plain(t("intake.field.title.placeholder")) }),
    text(INTAKE_BLOCK.reporterName, "intake.field.reporterName", INTAKE_LIMITS.reporterName),
    {
      type: "input",
      block_id: INTAKE_BLOCK.reporterCategory,
      label: plain(t("intake.field.reporterCategory")),
      element: {
        type: "static_select",
        action_id: VALUE_ACTION,
        options: ([1, 2, 3, 4] as const).map((n) => option(rc, `intake.category.${n}`, String(n))),
      },
    },
    {
      type: "input",
      block_id: INTAKE_BLOCK.supervisingAgency,
      label: plain(t("intake.field.supervisingAgency")),
      hint: plain(t("intake.field.supervisingAgency.hint")),
      element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: INTAKE_LIMITS.supervisingAgency },
    },
    {
      type: "input",
      block_id: INTAKE_BLOCK.personalData,
      label: plain(t("intake.field.personalData")),
      element: {
        type: "radio_buttons",
        action_id: VALUE_ACTION,
        options: [option(rc, "intake.personalData.yes", "yes"), option(rc, "intake.personalData.maybe", "maybe"), option(rc, "intake.personalData.no", "no")],
      },
    },
    { type: "input", block_id: INTAKE_BLOCK.awareAt, label: plain(t("intake.field.awareAt")), element: { type: "datetimepicker", action_id: VALUE_ACTION } },
    {
      type: "input",
      block_id: INTAKE_BLOCK.appiRegime,
      label: plain(t("intake.field.appiRegime")),
      // Asked, never defaulted: the category alone does not decide it. The hint is the guidance and suggestion.
      hint: plain(t("intake.field.appiRegime.hint")),
      element: {
        type: "radio_buttons",
        action_id: VALUE_ACTION,
        options: [option(rc, "intake.regime.art68", "art68"), option(rc, "intake.regime.art68_local", "art68_local"), option(rc, "intake.regime.art26", "art26")],
      },
    },
    {
      type: "input",
      block_id: INTAKE_BLOCK.delegatedRecipient,
      optional: true,
      label: plain(t("intake.field.delegatedRecipient")),
      hint: plain(t("intake.field.delegatedRecipient.hint")),
      element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: INTAKE_LIMITS.delegatedRecipient },
    },
    {
      type: "input",
      block_id: INTAKE_BLOCK.flags,
      optional: true,
      label: plain(t("intake.field.flags")),
      element: {
        type: "checkboxes",
        action_id: VALUE_ACTION,
        options: [
          option(rc, "intake.flag.unlawful_purpose", "unlawful_purpose"),
          option(rc, "intake.flag.special_care", "special_care"),
          option(rc, "intake.flag.financial", "financial"),
          option(rc, "intake.flag.ordinance_special_care", "ordinance_special_care"),
          option(rc, "intake.flag.protective_measures", "protective_measures"),
        ],
      },
    },
    {
      type: "input",
      block_id: INTAKE_BLOCK.affectedCount,
      label: plain(t("intake.field.affectedCount")),
      element: { type: "number_input", action_id: VALUE_ACTION, is_decimal_allowed: false, min_value: "0" },
    },
    text(INTAKE_BLOCK.summary, "intake.field.summary", INTAKE_LIMITS.summary, { multiline: true }),
  ];
  if (opts.askProvidedByAdminBody) {
    const provided = option(rc, "intake.providedByAdminBody.option", "yes");
    blocks.push({
      type: "input",
      block_id: INTAKE_BLOCK.providedByAdminBody,
      optional: true,
      label: plain(t("intake.field.providedByAdminBody")),
      element: { type: "checkboxes", action_id: VALUE_ACTION, options: [provided], initial_options: [provided] },
    });
  }
  return modal(rc, {
    callbackId: CALLBACK.intake,
    metadata: opts.privateMetadata,
    title: t("intake.title"),
    submit: t("intake.submit"),
    blocks,
  });
}

const FIELD_BLOCK: Record<IntakeField, string> = {
  title: INTAKE_BLOCK.title,
  reporterName: INTAKE_BLOCK.reporterName,
  reporterCategory: INTAKE_BLOCK.reporterCategory,
  supervisingAgency: INTAKE_BLOCK.supervisingAgency,
  personalData: INTAKE_BLOCK.personalData,
  awareAt: INTAKE_BLOCK.awareAt,
  appiRegime: INTAKE_BLOCK.appiRegime,
  delegatedRecipient: INTAKE_BLOCK.delegatedRecipient,
  affectedCount: INTAKE_BLOCK.affectedCount,
  summary: INTAKE_BLOCK.summary,
};

/** Validation errors keyed by the input block they belong to, as `response_action: errors` wants. */
export function intakeErrors(rc: RenderContext, errors: Partial<Record<IntakeField, IntakeError>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors) as Array<[IntakeField, IntakeError]>) {
    const max = field in INTAKE_LIMITS ? INTAKE_LIMITS[field as keyof typeof INTAKE_LIMITS] : 0;
    out[FIELD_BLOCK[field]] = rc.t(`intake.error.${error}`, { max });
  }
  return out;
}

/** What the user sees after submitting: the reference, and guidance or the out-of-scope reason. */
export function intakeResultModal(rc: RenderContext, incident: Incident): ModalView {
  const { t } = rc;
  const outOfScope = incident.state === "out_of_scope";
  const blocks: KnownBlock[] = [
    {
      type: "section",
      block_id: "result_summary",
      text: { type: "mrkdwn", text: outOfScope ? t("result.out_of_scope", { ref: incident.ref }) : t("result.registered", { ref: incident.ref }) },
    },
  ];
  if (!outOfScope) blocks.push({ type: "divider" }, ...guidanceBlocks(rc, incident));
  return modal(rc, {
    callbackId: CALLBACK.intakeResult,
    title: outOfScope ? t("result.out_of_scope.title") : t("result.title"),
    close: t("common.close"),
    blocks,
  });
}
