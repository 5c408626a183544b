// The modal behind the card's "Edit deadlines" button.
import type { ModalView } from "@slack/types";
import type { DeadlineEdit, DeadlineEditError } from "../../app/edit-deadlines";
import type { Incident } from "../../domain/incident";
import { CALLBACK, DEADLINE_BLOCK, VALUE_ACTION } from "../ids";
import { formatDateTime, type RenderContext } from "../render-context";
import { modal, plain } from "./kit";

const seconds = (d: Date | null) => (d ? Math.floor(d.getTime() / 1000) : undefined);

export function deadlinesModal(rc: RenderContext, incident: Incident): ModalView {
  const picker = (block: string, label: "deadline.edit.preliminary" | "deadline.edit.final", value: Date | null) => ({
    type: "input" as const,
    block_id: block,
    label: plain(rc.t(label)),
    element: { type: "datetimepicker" as const, action_id: VALUE_ACTION, ...(value ? { initial_date_time: seconds(value) } : {}) },
  });
  return modal(rc, {
    callbackId: CALLBACK.editDeadlines,
    metadata: JSON.stringify({ incidentId: incident.id }),
    title: rc.t("deadline.edit.title"),
    submit: rc.t("deadline.edit.submit"),
    blocks: [
      { type: "section", block_id: "deadline_intro", text: { type: "mrkdwn", text: rc.t("deadline.edit.intro", { ref: incident.ref }) } },
      picker(DEADLINE_BLOCK.preliminary, "deadline.edit.preliminary", incident.preliminaryDueAt),
      picker(DEADLINE_BLOCK.final, "deadline.edit.final", incident.finalDueAt),
    ],
  });
}

export function deadlineErrors(rc: RenderContext, incident: Incident, errors: Partial<Record<keyof DeadlineEdit, DeadlineEditError>>): Record<string, string> {
  const out: Record<string, string> = {};
  const vars = { date: formatDateTime(rc, incident.awareAt) };
  if (errors.preliminaryDueAt) out[DEADLINE_BLOCK.preliminary] = rc.t(`deadline.error.${errors.preliminaryDueAt}`, vars);
  if (errors.finalDueAt) out[DEADLINE_BLOCK.final] = rc.t(`deadline.error.${errors.finalDueAt}`, vars);
  return out;
}
