// `/renkei exercise [start <name> [--speed N] | end]`: Art. 5(1) tabletop exercises. Thin: parse,
// call the use case, answer privately. Who may run it is checked by the command table.
import { availableExercises, endExercise, loadExercise, startExercise } from "../../app/exercise";
import { formatOffset, parseStartArgs, scenarioOffset } from "../../domain/exercise";
import { escapeAndTruncate } from "../mrkdwn";
import type { CommandRun } from "./commands/renkei-command";
import { formatDateTime, renderContext } from "../render-context";
import { afterActionReport, castProblemsText, fileProblemsText } from "../views/exercise";
import { plainNotice } from "../views/notices";

export async function exerciseCommand({ deps, member, rc, args, ackNow, ephemeral }: CommandRun): Promise<void> {
  const [verb = "status", ...rest] = args;
  const names = () => availableExercises().map((n) => `\`${n}\``).join(", ") || rc.t("exercise.none_available");
  switch (verb.toLowerCase()) {
    case "start": {
      const parsed = parseStartArgs(rest);
      if (parsed.error) return ephemeral(plainNotice(rc.t("exercise.bad_speed")));
      if (!parsed.name) return ephemeral(plainNotice(rc.t("exercise.usage", { names: names() })));
      const loaded = loadExercise(parsed.name);
      if (!loaded.ok) {
        const name = escapeAndTruncate(loaded.name, 80);
        if (loaded.reason === "bad_name") return ephemeral(plainNotice(rc.t("exercise.bad_name", { name })));
        if (loaded.reason === "not_found") return ephemeral(plainNotice(rc.t("exercise.not_found", { name, names: names() })));
        return ephemeral(plainNotice(rc.t("exercise.invalid", { name, problems: "problems" in loaded ? fileProblemsText(loaded.problems) : "" })));
      }
      await ackNow();
      const result = await startExercise(deps, member, loaded.name, loaded.exercise, parsed.speed);
      if (result.outcome === "bad_cast") return ephemeral(plainNotice(rc.t("exercise.bad_cast", { name: loaded.name, problems: castProblemsText(rc, result.problems) })));
      if (result.outcome === "already_running") return ephemeral(plainNotice(rc.t("exercise.already_running", { title: escapeAndTruncate(result.exercise.title, 120), channel: result.exercise.channelId ? `<#${result.exercise.channelId}>` : "…" })));
      return ephemeral(plainNotice(rc.t("exercise.started", { title: escapeAndTruncate(result.exercise.title, 120), speed: result.exercise.speed })));
    }
    case "end": {
      await ackNow();
      // The report is written in the workspace's language, for both parties.
      const shared = renderContext(deps.config);
      const nameOf = (userId: string) => deps.config.directory.member(userId)?.name ?? userId;
      const result = await endExercise(deps, member, (exercise, score, endedAt, activityRef) => afterActionReport(shared, exercise, score, endedAt, activityRef, nameOf));
      if (result.outcome === "not_running") return ephemeral(plainNotice(rc.t("exercise.not_running")));
      return ephemeral(plainNotice(rc.t("exercise.ended", { title: escapeAndTruncate(result.exercise.title, 120), met: result.score.met, total: result.score.total, percent: result.score.percent, ref: result.activityRef })));
    }
    case "status":
    case "list": {
      await ackNow();
      const running = await deps.store.exercises.running();
      const lines = [
        ...(running
          ? [rc.t("exercise.status.running", { title: escapeAndTruncate(running.title, 120), channel: running.channelId ? `<#${running.channelId}>` : "…", started: formatDateTime(rc, running.startedAt), speed: running.speed, elapsed: formatOffset(scenarioOffset(running.startedAt, running.speed, deps.clock.now())) })]
          : [rc.t("exercise.not_running")]),
        rc.t("exercise.status.available", { names: names() }),
      ];
      return ephemeral(plainNotice(lines.join("\n")));
    }
    default:
      return ephemeral(plainNotice(rc.t("exercise.usage", { names: names() })));
  }
}
