// Side effects of Art. 5(1) tabletop exercises: the exercise channel, each inject at its time (a DM,
// a message in the exercise channel, or a scripted action), the after-action report in every
// participant's DM, and archiving what the exercise created. Each is safe to repeat.
import { recordExerciseChannelOpened, recordExerciseChannelReady, registerExerciseIncident, scriptedIntake } from "../../app/exercise";
import { EXERCISE_CHANNEL_PREFIX, type ExerciseFile, type ExerciseRecord } from "../../domain/exercise";
import { slugify } from "../../domain/channel-name";
import { localDateOf } from "../../domain/time";
import { PermanentEffectError, type EffectHandler, type FailureHook, type FailureHooks, type HandlersFor } from "../../effects/runner";
import { describeError } from "../errors";
import { personalContext, renderContext } from "../render-context";
import { exerciseIntro, injectMessage } from "../views/exercise";
import { message } from "../views/kit";
import { externalParties, inviteMissing } from "./channel-members";
import type { SlackEffectDeps } from "./support";
import { postOnce } from "./post-once";

const MAX_NAME_ATTEMPTS = 20;

type Kinds = "provision_exercise_channel" | "exercise_inject" | "send_exercise_report" | "archive_exercise_channels";

export function exerciseEffectHandlers(deps: SlackEffectDeps & { effects: { wakeFor(times: readonly Date[]): void } }): { handlers: HandlersFor<Kinds>; onFailure: FailureHooks } {
  const { client, store, config } = deps;
  const channelRc = () => renderContext(config);
  const rcOf = (userId: string) => personalContext(config, config.directory.member(userId));

  const mustExercise = async (id: string): Promise<ExerciseRecord> => {
    const exercise = await store.exercises.byId(id);
    if (!exercise) throw new PermanentEffectError(`exercise ${id} not found`);
    return exercise;
  };

  async function createChannel(exercise: ExerciseRecord): Promise<ExerciseRecord> {
    const d = localDateOf(exercise.startedAt, config.timezone);
    const base = `${EXERCISE_CHANNEL_PREFIX}-${d.year}${String(d.month).padStart(2, "0")}${String(d.day).padStart(2, "0")}-${slugify(exercise.name).slice(0, 50) || "drill"}`;
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const name = attempt === 1 ? base : `${base}-${attempt}`;
      try {
        const res = await client.conversations.create({ name, is_private: config.incidentChannels.private });
        return (await recordExerciseChannelOpened(deps, exercise.id, res.channel!.id!, name)) ?? exercise;
      } catch (e) {
        if (describeError(e) !== "name_taken") throw e;
      }
    }
    throw new PermanentEffectError("name_taken");
  }

  const provision: EffectHandler<"provision_exercise_channel"> = async (payload, effect) => {
    let exercise = await mustExercise(payload.exerciseId);
    if (exercise.status !== "running") return;
    if (!exercise.channelId) exercise = await createChannel(exercise);
    const channel = exercise.channelId!;
    // The cast of the bot's own workspace is invited; people of a party in another workspace get their injects by DM.
    const external = new Set(externalParties(config, deps.botTeamId));
    const own = [exercise.startedByUserId, ...Object.values(exercise.cast)].filter((u) => !external.has(config.directory.member(u)?.party ?? ""));
    await inviteMissing(client, channel, own);
    const intro = await postOnce(client, effect, channel, exerciseIntro(channelRc(), exercise), "intro");
    await client.pins.add({ channel, timestamp: intro.ts }).catch(() => undefined);
    const due = await recordExerciseChannelReady(deps, exercise.id);
    deps.effects.wakeFor(due);
  };

  const inject: EffectHandler<"exercise_inject"> = async (payload, effect) => {
    const exercise = await mustExercise(payload.exerciseId);
    // Ended early: what had not gone out yet is dropped.
    if (exercise.status !== "running") return;
    const def = exercise.definition as ExerciseFile;
    const index = Number(payload.index);
    const item = def.injects[index];
    if (!item) throw new PermanentEffectError(`exercise ${exercise.id} has no inject ${index}`);
    const target = payload.target;
    if (target.kind === "dm") {
      await postOnce(client, effect, target.userId, injectMessage(rcOf(target.userId), item));
      return;
    }
    if (!exercise.channelId) throw new Error("the exercise channel is not open yet");
    if (target.kind === "channel") {
      await postOnce(client, effect, exercise.channelId, injectMessage(channelRc(), item));
      return;
    }
    // A scripted action: renkei registers the scenario's case as the cast member would.
    const rc = channelRc();
    const member = config.directory.member(target.userId);
    if (!member || !item.incident) throw new PermanentEffectError(`inject ${index}: nobody to act as ${target.role}`);
    const intake = scriptedIntake(item.incident, exercise, deps.clock.now());
    if (!intake.ok) {
      await postOnce(client, effect, exercise.channelId, message(rc.t("exercise.inject.action_failed", { at: item.at, fields: intake.fields.join(", ") })), "action");
      return;
    }
    const { incident } = await registerExerciseIncident(deps, member, exercise, intake.intake, `exercise:${exercise.id}:inject:${index}`);
    await postOnce(client, effect, exercise.channelId, message(rc.t("exercise.inject.action", { at: item.at, ref: incident.ref, as: `<@${member.userId}>` })), "action");
  };

  const sendReport: EffectHandler<"send_exercise_report"> = async (payload) => {
    const exercise = await mustExercise(payload.exerciseId);
    const userId = payload.userId;
    const records = await store.activities.records(payload.activityId);
    const report = records.find((r) => r.kind === "exercise_report");
    if (!report) throw new PermanentEffectError(`exercise ${exercise.id}: no report recorded`);
    const data = report.data as { markdown: string; svg: string; score: { met: number; total: number; percent: number } };
    const dm = (await client.conversations.open({ users: userId })).channel?.id;
    if (!dm) throw new Error("conversations.open returned no channel");
    const base = `exercise-${exercise.name}-${exercise.startedAt.toISOString().slice(0, 10)}`;
    await client.filesUploadV2({
      channel_id: dm,
      initial_comment: rcOf(userId).t("exercise.report.comment", { title: exercise.title, met: data.score.met, total: data.score.total, percent: data.score.percent }),
      file_uploads: [
        { content: `${data.markdown}\n`, filename: `${base}-report.md`, title: `${base}-report.md` },
        { content: `${data.svg}\n`, filename: `${base}-timeline.svg`, title: `${base}-timeline.svg` },
      ],
    });
  };

  const onReportFailure: FailureHook<"send_exercise_report"> = async (payload, error, willRetry) => {
    if (willRetry) return;
    const userId = String(payload.userId);
    const exercise = await store.exercises.byId(payload.exerciseId);
    await client.chat.postMessage({ channel: userId, text: rcOf(userId).t("exercise.report.failed", { title: exercise?.title ?? "", error: describeError(error) }) }).catch(() => undefined);
  };

  /** Archives the exercise channel and the channels of its cases: they stay readable as archives, out of the way. */
  const archive: EffectHandler<"archive_exercise_channels"> = async (payload) => {
    const exercise = await mustExercise(payload.exerciseId);
    const channels = [...(exercise.channelId ? [exercise.channelId] : []), ...(await store.exercises.incidentChannels(exercise.id))];
    for (const channel of channels) {
      try {
        await client.conversations.archive({ channel });
      } catch (e) {
        if (!["already_archived", "channel_not_found", "not_in_channel"].includes(describeError(e))) throw e;
      }
    }
  };

  return {
    handlers: { provision_exercise_channel: provision, exercise_inject: inject, send_exercise_report: sendReport, archive_exercise_channels: archive },
    onFailure: { send_exercise_report: onReportFailure },
  };
}
