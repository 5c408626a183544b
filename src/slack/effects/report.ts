// Delivery of `/renkei report`: makes the annual report of the period in the person's language
// and uploads it to their DM — the CSV and one SVG chart per figure — with the headline figures in
// the message. Counts and times only: nothing in it is content under an Art. 7 scope.
import { buildAnnualReport } from "../../app/annual-report";
import { parsePeriod } from "../../domain/export";
import { PermanentEffectError, type EffectHandler, type FailureHook, type FailureHooks, type HandlersFor } from "../../effects/runner";
import { describeError } from "../errors";
import { personalContext } from "../render-context";
import type { SlackEffectDeps } from "./support";

export function reportEffectHandlers(deps: SlackEffectDeps): { handlers: HandlersFor<"send_report">; onFailure: FailureHooks } {
  const { client, config } = deps;
  const rcOf = (userId: string) => personalContext(config, config.directory.member(userId));

  const sendReport: EffectHandler<"send_report"> = async ({ userId, from, to }) => {
    const parsed = parsePeriod(from, to, config.timezone);
    if (!parsed.ok) throw new PermanentEffectError(`bad report period ${from}..${to}`);
    const rc = rcOf(userId);
    const { report, csv, charts } = await buildAnnualReport(deps, parsed.period, rc.locale);
    const total = report.total;
    const dm = (await client.conversations.open({ users: userId })).channel?.id;
    if (!dm) throw new Error("conversations.open returned no channel");
    await client.filesUploadV2({
      channel_id: dm,
      initial_comment: rc.t("report.dm.comment", {
        from,
        to,
        timezone: report.period.timezone,
        incidents: total.incidentsRegistered,
        cases: total.cooperationCases,
        items: total.itemsAgreed,
        onTime: total.itemsCompletedOnTime,
        withDue: total.itemsWithDueDate,
        met: total.reporterDeadlinesMet,
        due: total.reporterDeadlinesDue,
      }),
      file_uploads: [
        { content: csv.content, filename: csv.filename, title: csv.filename },
        ...charts.map((c) => ({ content: c.content, filename: c.filename, title: c.title })),
      ],
    });
  };

  /** When the upload gives up, the person hears why instead of waiting for files that never come. */
  const onReportFailure: FailureHook<"send_report"> = async ({ userId, from, to }, error, willRetry) => {
    if (willRetry) return;
    await client.chat.postMessage({ channel: userId, text: rcOf(userId).t("report.failed", { from, to, error: describeError(error) }) }).catch(() => undefined);
  };

  return { handlers: { send_report: sendReport }, onFailure: { send_report: onReportFailure } };
}
