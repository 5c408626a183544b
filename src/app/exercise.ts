// Art. 5(1) tabletop exercises: start one from a file, open its channel, deliver its injects on the
// timeline (queued in the outbox with runAfter, so a restart loses none and each goes out once),
// play its scripted actions, and end it: score, after-action report, the held Art. 5(1) event.
// Every state change is one transaction with one audit entry (article 5(1)).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { queueActivityCard } from "./activities/normal-times-channel";
import { registerIncident } from "./register-incident";
import { SYSTEM_ACTOR, type AppContext } from "./context";
import {
  EXERCISE_MARK,
  parseExerciseFile,
  parseOffset,
  planTimeline,
  resolveCast,
  scoreExercise,
  textIn,
  type CastProblem,
  type ExerciseFile,
  type ExerciseProblem,
  type ExerciseRecord,
  type ExerciseScore,
  type PlannedDelivery,
  type ScriptedIncident,
} from "../domain/exercise";
import { validateIntake, type Intake } from "../domain/incident";
import type { Member } from "../domain/parties";
import { hasRole } from "../domain/parties";
import type { Incident } from "../domain/incident";
import { yearIn } from "../domain/time";

export const ARTICLE = "5(1)";

/** Where exercise files are: RENKEI_EXERCISES_DIR, else ./exercises (the two examples ship there). */
export function exercisesDir(): string {
  return path.resolve(process.env.RENKEI_EXERCISES_DIR || "exercises");
}

/** The exercise files on offer (names without .yml). */
export function availableExercises(dir = exercisesDir()): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => f.replace(/\.ya?ml$/, "")).sort();
  } catch {
    return [];
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$/;

export type LoadResult = { ok: true; name: string; exercise: ExerciseFile } | { ok: false; reason: "bad_name" | "not_found"; name: string } | { ok: false; reason: "invalid"; name: string; problems: ExerciseProblem[] };

/**
 * Reads an exercise by name from the exercises folder only (a name, not a path: a slash command
 * must not read arbitrary files on the server).
 */
export function loadExercise(nameOrFile: string, dir = exercisesDir()): LoadResult {
  const name = nameOrFile.replace(/\.ya?ml$/, "");
  if (!NAME.test(name) || name.includes("..")) return { ok: false, reason: "bad_name", name: nameOrFile };
  const file = [".yml", ".yaml"].map((ext) => path.join(dir, name + ext)).find((f) => fs.existsSync(f));
  if (!file) return { ok: false, reason: "not_found", name };
  const parsed = parseExerciseFile(fs.readFileSync(file, "utf8"));
  return parsed.ok ? { ok: true, name, exercise: parsed.exercise } : { ok: false, reason: "invalid", name, problems: parsed.problems };
}

/** Who may start and end exercises: liaison officers (who run the cooperation), managers and administrators. */
export function mayRunExercises(member: Member | undefined): boolean {
  return !!member && hasRole(member, "liaison", "manager", "admin");
}

export type StartResult =
  | { outcome: "started"; exercise: ExerciseRecord }
  | { outcome: "already_running"; exercise: ExerciseRecord }
  | { outcome: "bad_cast"; problems: CastProblem[] };

export const exerciseKey = {
  provision: (id: string) => `exercise:${id}:channel`,
  inject: (id: string, d: PlannedDelivery) => `exercise:${id}:inject:${d.index}:${d.target.kind === "channel" ? "channel" : d.target.userId}:${d.target.kind}`,
  report: (id: string, userId: string) => `exercise:${id}:report:${userId}`,
  archive: (id: string) => `exercise:${id}:archive`,
};

/** Starts an exercise: one runs at a time. Its channel is opened by an effect; the injects follow once it is ready. */
export async function startExercise(ctx: AppContext, actor: Member, name: string, exercise: ExerciseFile, speed: number | null): Promise<StartResult> {
  const cast = resolveCast(exercise, ctx.config.directory, ctx.config.profile.parties.map((p) => p.id));
  if (!cast.ok) return { outcome: "bad_cast", problems: cast.problems };
  const running = await ctx.store.exercises.running();
  if (running) return { outcome: "already_running", exercise: running };
  const now = ctx.clock.now();
  try {
    return await ctx.store.transact(now, async (tx) => {
      const record = await tx.exercises.insert(
        { id: randomUUID(), name, title: textIn(exercise.title, ctx.config.locale), speed: speed ?? exercise.speed, definition: exercise, cast: cast.cast, startedByUserId: actor.userId, startedByParty: actor.party },
        now,
      );
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ARTICLE,
        action: "exercise.started",
        entityType: "exercise",
        entityId: record.id,
        before: null,
        after: { name, title: record.title, speed: record.speed, cast: record.cast, injects: exercise.injects.length, expectations: exercise.expectations.length },
      });
      await tx.enqueue({ kind: "provision_exercise_channel", payload: { exerciseId: record.id }, dedupeKey: exerciseKey.provision(record.id) });
      return { outcome: "started" as const, exercise: record };
    });
  } catch (e) {
    // Two starts at the same moment: the unique running key lets one through.
    const other = await ctx.store.exercises.running();
    if (other) return { outcome: "already_running", exercise: other };
    throw e;
  }
}

/** The exercise channel was created: recorded before anything else, so a retry reuses it. */
export async function recordExerciseChannelOpened(ctx: AppContext, exerciseId: string, channelId: string, channelName: string): Promise<ExerciseRecord | null> {
  return ctx.store.transact(ctx.clock.now(), async (tx) => {
    const exercise = await tx.exercises.byId(exerciseId);
    const updated = exercise ? await tx.exercises.updateIf(exerciseId, exercise.version, { channelId, channelName }, tx.now) : null;
    await tx.audit({ actorUserId: SYSTEM_ACTOR, actorParty: null, article: ARTICLE, action: "exercise.channel_opened", entityType: "exercise", entityId: exerciseId, before: { channelId: exercise?.channelId ?? null }, after: { channelId, channelName } });
    if (exercise && !updated) throw new Error("exercise changed while its channel was recorded");
    return updated;
  });
}

/**
 * The exercise channel is ready (cast invited, introduction posted): queues every inject at its
 * time on the timeline (each once: its key). Returns when they fall due, to wake the runner then.
 */
export async function recordExerciseChannelReady(ctx: AppContext, exerciseId: string): Promise<Date[]> {
  return ctx.store.transact(ctx.clock.now(), async (tx) => {
    const exercise = await tx.exercises.byId(exerciseId);
    const running = exercise?.status === "running";
    const plan = running ? planTimeline(exercise.definition as ExerciseFile, exercise.cast, exercise.startedAt, exercise.speed) : [];
    for (const d of plan) {
      await tx.enqueue({ kind: "exercise_inject", payload: { exerciseId, index: d.index, target: d.target }, dedupeKey: exerciseKey.inject(exerciseId, d), runAfter: d.runAfter });
    }
    await tx.audit({
      actorUserId: SYSTEM_ACTOR,
      actorParty: null,
      article: ARTICLE,
      action: "exercise.channel_ready",
      entityType: "exercise",
      entityId: exerciseId,
      before: null,
      after: { channelId: exercise?.channelId ?? null, injectsQueued: plan.length, ...(running ? {} : { status: exercise?.status ?? "missing" }) },
    });
    return plan.map((d) => d.runAfter);
  });
}

/** Builds the intake a scripted `register_incident` inject submits. */
export function scriptedIntake(incident: ScriptedIncident, exercise: Pick<ExerciseRecord, "startedAt" | "speed">, now: Date): { ok: true; intake: Intake } | { ok: false; fields: string[] } {
  const awareAt = new Date(exercise.startedAt.getTime() + Math.round((parseOffset(incident.aware) ?? 0) / exercise.speed));
  const result = validateIntake(
    {
      title: incident.title,
      reporterName: incident.reporter,
      reporterCategory: String(incident.category),
      supervisingAgency: incident.supervising_agency,
      personalData: incident.personal_data,
      awareAt: Math.floor(Math.min(awareAt.getTime(), now.getTime()) / 1000),
      appiRegime: incident.regime,
      flags: incident.flags,
      affectedCount: String(incident.affected),
      summary: incident.summary,
      providedByAdminBody: true,
    },
    now,
  );
  return result.ok ? { ok: true, intake: result.intake } : { ok: false, fields: Object.keys(result.errors) };
}

/** Registers an incident inside the running exercise: marked, numbered apart (90001…), hidden from real lists. */
export async function registerExerciseIncident(ctx: AppContext, actor: Member, exercise: Pick<ExerciseRecord, "id">, intake: Intake, sourceViewId?: string): Promise<{ incident: Incident }> {
  const title = intake.title.startsWith(EXERCISE_MARK) ? intake.title : `${EXERCISE_MARK} ${intake.title}`;
  return registerIncident(ctx, actor, { ...intake, title }, sourceViewId, { exerciseId: exercise.id });
}

export type EndResult =
  | { outcome: "ended"; exercise: ExerciseRecord; score: ExerciseScore; activityRef: string }
  | { outcome: "not_running" };

/** What the caller renders at the end (the report in the workspace's language): kept with the held event. */
export type ExerciseReport = { markdown: string; svg: string };

/**
 * Ends the running exercise: scores it, registers it as a held Art. 5(1) training with its report
 * attached (an activity record), sends the report to every participant and archives its channels.
 * What it created stays hidden from the real record.
 */
export async function endExercise(ctx: AppContext, actor: Member, render: (exercise: ExerciseRecord, score: ExerciseScore, endedAt: Date, activityRef: string) => ExerciseReport): Promise<EndResult> {
  const exercise = await ctx.store.exercises.running();
  if (!exercise) return { outcome: "not_running" };
  const now = ctx.clock.now();
  const definition = exercise.definition as ExerciseFile;
  const observations = await ctx.store.exercises.observations(exercise.id, ctx.config.timezone);
  const score = scoreExercise(definition.expectations, observations, exercise.startedAt, exercise.speed);
  const participants = [...new Set([exercise.startedByUserId, ...Object.values(exercise.cast)])];
  const result = await ctx.store.transact(now, async (tx) => {
    const ended = await tx.exercises.updateIf(exercise.id, exercise.version, { status: "ended", endedAt: now, endedByUserId: actor.userId, score }, now);
    if (!ended) return null;
    const activity = await tx.activities.insert(
      {
        kind: "event",
        article: ARTICLE,
        title: `${exercise.title}`.slice(0, 150),
        ownerParty: exercise.startedByParty,
        status: "done",
        scheduledAt: exercise.startedAt,
        data: {
          subKind: "training",
          format: "joint",
          participants,
          description: textIn(definition.notes, ctx.config.locale).slice(0, 3000),
          closedByUserId: actor.userId,
          closedAt: now.toISOString(),
          exerciseId: exercise.id,
          score: { met: score.met, total: score.total, percent: score.percent },
        },
        createdByUserId: exercise.startedByUserId,
      },
      now,
      yearIn(now, ctx.config.timezone),
    );
    const report = render(exercise, score, now, activity.ref);
    await tx.activities.insertRecord({ activityId: activity.id, kind: "exercise_report", party: actor.party, byUserId: actor.userId, data: { exerciseId: exercise.id, markdown: report.markdown, svg: report.svg, score } }, now);
    const withActivity = (await tx.exercises.updateIf(exercise.id, ended.version, { activityId: activity.id }, now))!;
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: ARTICLE,
      action: "exercise.ended",
      entityType: "exercise",
      entityId: exercise.id,
      before: { status: "running" },
      after: { status: "ended", score: { met: score.met, total: score.total, percent: score.percent, results: score.results.map((r) => ({ expect: r.expect, met: r.met, detail: r.detail })) }, activity: activity.ref },
    });
    await queueActivityCard(tx, ctx, activity);
    for (const userId of participants) await tx.enqueue({ kind: "send_exercise_report", payload: { exerciseId: exercise.id, activityId: activity.id, userId }, dedupeKey: exerciseKey.report(exercise.id, userId) });
    await tx.enqueue({ kind: "archive_exercise_channels", payload: { exerciseId: exercise.id }, dedupeKey: exerciseKey.archive(exercise.id) });
    return { exercise: withActivity, activityRef: activity.ref };
  });
  if (!result) return { outcome: "not_running" };
  return { outcome: "ended", exercise: result.exercise, score, activityRef: result.activityRef };
}
