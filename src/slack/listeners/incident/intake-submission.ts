// Submission of the intake modal: validate (errors shown inline), register, show the result.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { registerIncident } from "../../../app/register-incident";
import { registerExerciseIncident } from "../../../app/exercise";
import { belongsToExercise } from "../../../domain/exercise";
import { validateIntake, type IntakeForm } from "../../../domain/incident";
import { refusalFor } from "../../../domain/permissions";
import { describeError } from "../../errors";
import { INTAKE_BLOCK, VALUE_ACTION } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { intakeErrors, intakeResultModal } from "../../views/intake-modal";
import { refusalMessage } from "../../views/notices";
import { formErrors } from "../../views/kit";
import { listenerContext } from "../kit";

/** The channel the intake was opened from (the modal's private metadata). */
function channelOf(privateMetadata: string | undefined): string | null {
  try {
    const meta = JSON.parse(privateMetadata || "{}") as { channel?: unknown };
    return typeof meta.channel === "string" ? meta.channel : null;
  } catch {
    return null;
  }
}

type StateValues = ViewSubmitAction["view"]["state"]["values"];

export function readIntakeForm(values: StateValues): IntakeForm {
  const el = (block: string) => values[block]?.[VALUE_ACTION];
  return {
    title: el(INTAKE_BLOCK.title)?.value ?? null,
    reporterName: el(INTAKE_BLOCK.reporterName)?.value ?? null,
    reporterCategory: el(INTAKE_BLOCK.reporterCategory)?.selected_option?.value ?? null,
    supervisingAgency: el(INTAKE_BLOCK.supervisingAgency)?.value ?? null,
    personalData: el(INTAKE_BLOCK.personalData)?.selected_option?.value ?? null,
    awareAt: el(INTAKE_BLOCK.awareAt)?.selected_date_time ?? null,
    appiRegime: el(INTAKE_BLOCK.appiRegime)?.selected_option?.value ?? null,
    flags: (el(INTAKE_BLOCK.flags)?.selected_options ?? []).map((o) => o.value),
    affectedCount: el(INTAKE_BLOCK.affectedCount)?.value ?? null,
    summary: el(INTAKE_BLOCK.summary)?.value ?? null,
    delegatedRecipient: el(INTAKE_BLOCK.delegatedRecipient)?.value ?? null,
    providedByAdminBody: (el(INTAKE_BLOCK.providedByAdminBody)?.selected_options ?? []).some((o) => o.value === "yes"),
  };
}

export function intakeSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const refusal = refusalFor(member, "incident.register");
    if (refusal) {
      // Keep the modal (and what was typed) open, with the reason on its first input.
      return ack(formErrors({ [INTAKE_BLOCK.title]: refusalMessage(rc, refusal, { member, roles: ["staff", "liaison", "admin"] }).text }));
    }
    const result = validateIntake(readIntakeForm(view.state.values), deps.clock.now());
    if (!result.ok) return ack(formErrors(intakeErrors(rc, result.errors)));
    try {
      // Art. 5(1): opened in the running exercise's channel (or a cast member's DM): the exercise's case.
      const exercise = await deps.store.exercises.running();
      const from = channelOf(view.private_metadata);
      const { incident } = belongsToExercise(exercise, from, member!.userId)
        ? await registerExerciseIncident(deps, member!, exercise!, result.intake, view.id)
        : await registerIncident(deps, member!, result.intake, view.id);
      await ack({ response_action: "update", view: intakeResultModal(rc, incident) });
    } catch (e) {
      deps.log.error("registering an incident failed", { error: describeError(e) });
      // Nothing was stored; the modal stays open with everything the user typed.
      return ack(formErrors({ [INTAKE_BLOCK.summary]: rc.t("error.generic", { error: describeError(e) }) }));
    }
  };
}
