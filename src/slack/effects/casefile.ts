// Delivery of `/renkei casefile <ref>` (issue 15): the case file built for the person who asked
// (Art. 7: content outside their scope withheld), in their language, uploaded to their DM as
// Markdown and PDF. Without the configured font the Markdown still goes, and the DM says why the
// PDF is missing.
import { buildCaseFile } from "../../app/casefile";
import { PermanentEffectError, type HandlersFor } from "../../effects/runner";
import { personalContext } from "../render-context";
import { caseFileMarkdown } from "../views/casefile";
import { formatDateTime } from "../render-context";
import { channelMembers } from "./channel-members";
import { caseFilePdf, MissingFontError } from "./casefile-pdf";
import type { SlackEffectDeps } from "./support";

export function caseFileEffects(deps: SlackEffectDeps): { handlers: HandlersFor<"send_casefile"> } {
  return {
    handlers: {
      send_casefile: async ({ userId, incidentId }) => {
        const { client, config } = deps;
        const member = config.directory.member(userId);
        const rc = personalContext(config, member);
        const data = await buildCaseFile(deps, incidentId, { userId, locale: rc.locale, channelMembers: async (channel) => [...(await channelMembers(client, channel))] });
        if (!data) throw new PermanentEffectError(`incident ${incidentId} not found`);
        const markdown = caseFileMarkdown(rc, data, userId, (id) => config.directory.member(id)?.name ?? id);
        const base = `renkei-casefile-${data.incident.ref}-${rc.locale}`;
        const files: Array<{ content?: string; file?: Buffer; filename: string; title: string }> = [{ content: markdown, filename: `${base}.md`, title: `${base}.md` }];
        const comment = [rc.t("casefile.dm", { ref: data.incident.ref, date: formatDateTime(rc, data.generatedAt) })];
        try {
          files.push({ file: await caseFilePdf(markdown, config.caseFile.fontPath, `${data.incident.ref} ${data.incident.title}`), filename: `${base}.pdf`, title: `${base}.pdf` });
        } catch (e) {
          if (!(e instanceof MissingFontError)) throw e;
          comment.push(rc.t("casefile.pdf_failed", { error: e.message }));
        }
        if (data.withheldCount > 0) comment.push(rc.t("export.dm.withheld", { count: data.withheldCount }));
        const dm = (await client.conversations.open({ users: userId })).channel?.id;
        if (!dm) throw new Error("conversations.open returned no channel");
        await client.filesUploadV2({ channel_id: dm, initial_comment: comment.join("\n"), file_uploads: files as never });
      },
    },
  };
}
