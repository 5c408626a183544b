// Delivery of `/renkei export`: builds the record of the period and uploads it to the person's DM
// (files.uploadV2: files.getUploadURLExternal, the upload, files.completeUploadExternal) as the
// JSON document and one CSV with every section (the CLI writes one CSV per section). Made for the
// person who asked: content whose Art. 7 scope excludes them is withheld (AMBER+STRICT asks Slack
// who is in the case's joint channel).
import { buildExport } from "../../app/export";
import { combinedCsv, parsePeriod } from "../../domain/export";
import { PermanentEffectError, type EffectHandler, type FailureHook, type FailureHooks, type HandlersFor } from "../../effects/runner";
import { describeError } from "../errors";
import type { SlackEffectDeps } from "./support";
import { personalContext } from "../render-context";
import { channelMembers } from "./channel-members";

export function exportEffectHandlers(deps: SlackEffectDeps): { handlers: HandlersFor<"send_export">; onFailure: FailureHooks } {
  const { client, config } = deps;
  const rcOf = (userId: string) => personalContext(config, config.directory.member(userId));

  const sendExport: EffectHandler<"send_export"> = async ({ userId, from, to }) => {
    const parsed = parsePeriod(from, to, config.timezone);
    if (!parsed.ok) throw new PermanentEffectError(`bad export period ${from}..${to}`);
    const rc = rcOf(userId);
    const doc = await buildExport(deps, parsed.period, {
      requester: { kind: "member", userId },
      channelMembers: async (channel) => [...(await channelMembers(client, channel))],
      locale: rc.locale,
    });
    const base = `renkei-${doc.period.from}_${doc.period.to}`;
    const counts = Object.entries(doc.sections).map(([name, s]) => `${name} ${s.count}`).join(", ");
    const chain = doc.auditChain.verified ? rc.t("export.chain.ok", { entries: doc.auditChain.entries }) : rc.t("export.chain.broken", { seq: doc.auditChain.brokenAt });
    const dm = (await client.conversations.open({ users: userId })).channel?.id;
    if (!dm) throw new Error("conversations.open returned no channel");
    await client.filesUploadV2({
      channel_id: dm,
      initial_comment: [
        rc.t("export.dm.comment", { from: doc.period.from, to: doc.period.to, timezone: doc.period.timezone, counts, chain }),
        ...(doc.access.withheld > 0 ? [rc.t("export.dm.withheld", { count: doc.access.withheld })] : []),
      ].join("\n"),
      file_uploads: [
        { content: `${JSON.stringify(doc, null, 2)}\n`, filename: `${base}.json`, title: `${base}.json` },
        { content: combinedCsv(doc), filename: `${base}.csv`, title: `${base}.csv` },
      ],
    });
  };

  /** When the upload gives up, the person hears why instead of waiting for files that never come. */
  const onExportFailure: FailureHook<"send_export"> = async ({ userId, from, to }, error, willRetry) => {
    if (willRetry) return;
    await client.chat.postMessage({ channel: userId, text: rcOf(userId).t("export.failed", { from, to, error: describeError(error) }) }).catch(() => undefined);
  };

  return { handlers: { send_export: sendExport }, onFailure: { send_export: onExportFailure } };
}
