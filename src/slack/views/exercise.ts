// Art. 5(1) tabletop exercises: the exercise channel's introduction, the injects, the command's
// answers and the after-action report (Markdown with a timeline chart as SVG).
import { escapeMrkdwn } from "../mrkdwn";
import { timelineChartSvg } from "../../charts/timeline-chart";
import { formatOffset, parseOffset, textIn, type CastProblem, type ExerciseFile, type ExerciseRecord, type ExerciseScore, type ExpectationResult, type Inject } from "../../domain/exercise";
import type { ExerciseProblem } from "../../domain/exercise";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { message, type SlackMessage } from "./kit";

const roleLabel = (rc: RenderContext, role: string) => {
  const [party, r] = role.split(".");
  return `${partyShort(rc, party ?? "")} ${rc.t(`role.${r as "staff"}`)}`;
};

export function castProblemsText(rc: RenderContext, problems: CastProblem[]): string {
  return problems.map((p) => rc.t("exercise.cast.problem", { role: p.role, problem: rc.t(`exercise.cast.${p.problem}`) })).join("\n");
}

export function fileProblemsText(problems: ExerciseProblem[]): string {
  return problems.map((p) => `• \`${p.field}\`: ${escapeMrkdwn(p.problem)}`).join("\n");
}

export function exerciseIntro(rc: RenderContext, exercise: ExerciseRecord): SlackMessage {
  const def = exercise.definition as ExerciseFile;
  const cast = Object.entries(exercise.cast).map(([role, user]) => rc.t("exercise.cast.line", { role: roleLabel(rc, role), person: mentionUser(user) })).join("\n");
  return message(
    rc.t("exercise.channel.intro", {
      title: escapeMrkdwn(textIn(def.title, rc.locale)),
      notes: escapeMrkdwn(textIn(def.notes, rc.locale)),
      cast,
      speed: exercise.speed,
      minute: rc.locale === "ja" ? "1分" : "1 minute",
      real: rc.locale === "ja" ? `${+(60 / exercise.speed).toFixed(2)}秒` : `${+(60 / exercise.speed).toFixed(2)} s`,
    }),
  );
}

export function injectMessage(rc: RenderContext, inject: Inject): SlackMessage {
  const from = inject.from ? rc.t("exercise.inject.from", { from: escapeMrkdwn(textIn(inject.from, rc.locale)) }) : "";
  return message(rc.t("exercise.inject", { at: inject.at.replace(/\s+/g, ""), from, text: escapeMrkdwn(textIn(inject.text, rc.locale)) }));
}

export function expectationLabel(rc: RenderContext, r: Pick<ExpectationResult, "expect" | "by">): string {
  return `${rc.t(`exercise.expect.${r.expect}`)}${r.by ? rc.t("exercise.expect.by", { party: partyShort(rc, r.by) }) : ""}`;
}

/** The after-action report both parties receive: Markdown, and the timeline chart as SVG. */
export function afterActionReport(rc: RenderContext, exercise: ExerciseRecord, score: ExerciseScore, endedAt: Date, activityRef: string, nameOf: (userId: string) => string): { markdown: string; svg: string } {
  const def = exercise.definition as ExerciseFile;
  const title = textIn(def.title, rc.locale);
  const { t } = rc;
  const lines: string[] = [];
  lines.push(`# ${EXERCISE_HEADING} ${t("exercise.report.title", { title })}`, "");
  lines.push(t("exercise.report.meta", { started: formatDateTime(rc, exercise.startedAt), ended: formatDateTime(rc, endedAt), speed: exercise.speed, by: nameOf(exercise.startedByUserId), ref: activityRef }), "");
  const notes = textIn(def.notes, rc.locale);
  if (notes) lines.push(notes, "");
  lines.push(t("exercise.report.cast"), "");
  for (const [role, user] of Object.entries(exercise.cast)) lines.push(`- ${roleLabel(rc, role)}: ${nameOf(user)}`);
  lines.push("", t("exercise.report.timeline"), "");
  for (const inj of def.injects) {
    const to = inj.to === "channel" ? "#" : inj.to.map((r) => (r === "channel" ? "#" : roleLabel(rc, r))).join(", ");
    const what = inj.text ? textIn(inj.text, rc.locale) : (inj.action ?? "");
    lines.push(`- **${inj.at.replace(/\s+/g, "")}** → ${to}${inj.from ? ` (${textIn(inj.from, rc.locale)})` : ""}: ${what.replace(/\n/g, " ")}`);
  }
  lines.push("", t("exercise.report.score", { met: score.met, total: score.total, percent: score.percent }), "", t("exercise.report.table"));
  for (const r of score.results) {
    const target = r.targetMs !== null ? formatOffset(r.targetMs) : t("exercise.report.none");
    const actual = r.actualMs !== null ? formatOffset(r.actualMs) : r.expect === "compute_deadlines" || r.expect === "scope_before_forwarding" ? r.detail : t("exercise.report.not_done");
    lines.push(`| ${expectationLabel(rc, r)} | ${target} | ${actual} | ${r.met ? `✅ ${t("exercise.report.met")}` : `❌ ${t("exercise.report.missed")}`} |`);
  }
  lines.push("", t("exercise.report.notes"), "", t("exercise.report.notes.text"), "");
  const events = def.injects.map((inj) => ({ offsetMs: parseOffset(inj.at) ?? 0, label: (inj.from ? textIn(inj.from, rc.locale) : textIn(inj.text, rc.locale) || (inj.action ?? "")).slice(0, 40) }));
  const marks = score.results.map((r) => ({ label: `${expectationLabel(rc, r)} ${r.met ? "✓" : "✗"}`, actualMs: r.actualMs, targetMs: r.targetMs, ok: r.met }));
  const svg = timelineChartSvg({ title: `${EXERCISE_HEADING} ${title}`, events, marks, formatOffset });
  return { markdown: lines.join("\n"), svg };
}

const EXERCISE_HEADING = "【訓練】EXERCISE";

export function plainExerciseNotice(text: string): SlackMessage {
  return message(text);
}
