// Art. 7 side effects: the scope label in the message's thread, the warning in the destination's
// thread, the private note to the forwarder, the question to the provider's liaisons, the removal
// request, and the warning updated with its outcome. Each is safe to repeat.
import { PermanentEffectError, type EffectHandler } from "../../effects/runner";
import { releasePost } from "../views/release";
import type { ScopeWarningRecord, SharedItem } from "../../domain/sharing-scope";
import { personalContext, renderContext } from "../render-context";
import { forwarderNote, liaisonQuestion, removalRequest, scopeLabel, warningMessage } from "../views/sharing-scope";
import { postOnce } from "./post-once";
import type { SlackEffectDeps } from "./handlers";

export function sharingScopeEffectHandlers(deps: SlackEffectDeps): Record<string, EffectHandler> {
  const { client, store, config } = deps;
  const channelRc = () => renderContext(config);
  const userRc = (userId: string) => personalContext(config, config.directory.member(userId));

  const mustItem = async (id: unknown): Promise<SharedItem> => {
    const item = await store.sharedItems.byId(String(id));
    if (!item || !item.scope || !item.channelId || !item.messageTs) throw new PermanentEffectError(`shared information ${String(id)} has no scope`);
    return item;
  };
  const mustWarning = async (id: unknown): Promise<{ warning: ScopeWarningRecord; item: SharedItem }> => {
    const warning = await store.scopeWarnings.byId(String(id));
    if (!warning) throw new PermanentEffectError(`scope warning ${String(id)} not found`);
    return { warning, item: await mustItem(warning.sharedInformationId) };
  };

  const postScopeLabel: EffectHandler = async (payload, effect) => {
    const item = await mustItem(payload.sharedInformationId);
    // A release (and a result the bot posted) carries its label in the post itself: the post is
    // re-rendered with the new scope instead of a label in its thread.
    const source = await store.sharedItems.releaseSourceOf(item.id);
    if (source || (item.labelTs && item.labelTs === item.messageTs)) {
      const permalink = source ? (await client.chat.getPermalink({ channel: source.channelId, message_ts: source.messageTs })).permalink : undefined;
      const repost = releasePost(channelRc(), item, permalink ?? "");
      await client.chat.update({ channel: item.channelId!, ts: item.messageTs!, text: repost.text, blocks: repost.blocks });
      return;
    }
    const label = scopeLabel(channelRc(), item);
    if (item.labelTs) {
      await client.chat.update({ channel: item.channelId!, ts: item.labelTs, text: label.text, blocks: label.blocks });
      return;
    }
    const res = await postOnce(client, effect, item.channelId!, label, "", { threadTs: item.threadTs ?? item.messageTs });
    await store.sharedItems.setLabelDelivery(item.id, res.ts);
  };

  const postScopeWarning: EffectHandler = async (payload, effect) => {
    const { warning, item } = await mustWarning(payload.warningId);
    if (warning.warningTs) return;
    const res = await postOnce(client, effect, warning.channelId, warningMessage(channelRc(), item, warning), "", { threadTs: warning.threadTs ?? warning.messageTs });
    await store.scopeWarnings.setDelivery(warning.id, res.ts);
  };

  const refreshScopeWarning: EffectHandler = async (payload) => {
    const { warning, item } = await mustWarning(payload.warningId);
    if (!warning.warningTs) throw new Error("the scope warning is not posted yet");
    const message = warningMessage(channelRc(), item, warning);
    await client.chat.update({ channel: warning.channelId, ts: warning.warningTs, text: message.text, blocks: message.blocks });
  };

  const notifyForwarder: EffectHandler = async (payload, effect) => {
    const { warning, item } = await mustWarning(payload.warningId);
    await postOnce(client, effect, warning.forwardedByUserId, forwarderNote(userRc(warning.forwardedByUserId), item, warning), warning.forwardedByUserId);
  };

  const notifyLiaison: EffectHandler = async (payload, effect) => {
    const { warning, item } = await mustWarning(payload.warningId);
    const userId = String(payload.userId);
    const { permalink } = await client.chat.getPermalink({ channel: item.channelId!, message_ts: item.messageTs! });
    await postOnce(client, effect, userId, liaisonQuestion(userRc(userId), item, warning, permalink ?? `<#${item.channelId}>`), userId);
  };

  const notifyRemoval: EffectHandler = async (payload, effect) => {
    const { warning, item } = await mustWarning(payload.warningId);
    await postOnce(client, effect, warning.forwardedByUserId, removalRequest(userRc(warning.forwardedByUserId), item, warning), warning.forwardedByUserId);
  };

  return {
    post_scope_label: postScopeLabel,
    post_scope_warning: postScopeWarning,
    refresh_scope_warning: refreshScopeWarning,
    notify_scope_forwarder: notifyForwarder,
    notify_scope_liaison: notifyLiaison,
    notify_scope_removal: notifyRemoval,
  };
}
