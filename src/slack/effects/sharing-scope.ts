// Art. 7 side effects: the scope label in the message's thread, the warning in the destination's
// thread, the private note to the forwarder, the question to the provider's liaisons, the removal
// request, and the warning updated with its outcome. Each is safe to repeat.
import { PermanentEffectError, type EffectHandler, type HandlersFor } from "../../effects/runner";
import { releasePost } from "../views/release";
import type { ScopeWarningRecord, SharedItem } from "../../domain/sharing-scope";
import { forwarderNote, liaisonQuestion, removalRequest, scopeLabel, warningMessage } from "../views/sharing-scope";
import { postOnce } from "./post-once";
import { channelRc as channelRcOf, dm, userRc as userRcOf, type SlackEffectDeps } from "./support";
import { isDirectMessage } from "../views/kit";

type Kinds = "post_scope_label" | "post_scope_warning" | "refresh_scope_warning" | "notify_scope_forwarder" | "notify_scope_liaison" | "notify_scope_removal";

export function sharingScopeEffectHandlers(deps: SlackEffectDeps): HandlersFor<Kinds> {
  const { client, store } = deps;
  const channelRc = () => channelRcOf(deps);
  const userRc = (userId: string) => userRcOf(deps, userId);

  const mustItem = async (id: string): Promise<SharedItem> => {
    const item = await store.sharedItems.byId(id);
    if (!item || !item.scope || !item.channelId || !item.messageTs) throw new PermanentEffectError(`shared information ${id} has no scope`);
    return item;
  };
  const mustWarning = async (id: string): Promise<{ warning: ScopeWarningRecord; item: SharedItem }> => {
    const warning = await store.scopeWarnings.byId(id);
    if (!warning) throw new PermanentEffectError(`scope warning ${id} not found`);
    return { warning, item: await mustItem(warning.sharedInformationId) };
  };

  const postScopeLabel: EffectHandler<"post_scope_label"> = async (payload, effect) => {
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

  // A warning in one's own direct message with renkei speaks to that person, in their language.
  const warningRc = (warning: ScopeWarningRecord) => (isDirectMessage(warning.channelId) ? userRc(warning.forwardedByUserId) : channelRc());

  const postScopeWarning: EffectHandler<"post_scope_warning"> = async (payload, effect) => {
    const { warning, item } = await mustWarning(payload.warningId);
    if (warning.warningTs) return;
    const res = await postOnce(client, effect, warning.channelId, warningMessage(warningRc(warning), item, warning), "", { threadTs: warning.threadTs ?? warning.messageTs });
    await store.scopeWarnings.setDelivery(warning.id, res.ts);
  };

  const refreshScopeWarning: EffectHandler<"refresh_scope_warning"> = async (payload) => {
    const { warning, item } = await mustWarning(payload.warningId);
    if (!warning.warningTs) throw new Error("the scope warning is not posted yet");
    const message = warningMessage(warningRc(warning), item, warning);
    await client.chat.update({ channel: warning.channelId, ts: warning.warningTs, text: message.text, blocks: message.blocks });
  };

  const notifyForwarder: EffectHandler<"notify_scope_forwarder"> = async (payload, effect) => {
    const { warning, item } = await mustWarning(payload.warningId);
    // Pasted into their own direct message with renkei: the warning there is the note; one message, not two.
    if (isDirectMessage(warning.channelId)) return;
    await dm(deps, effect, warning.forwardedByUserId, forwarderNote(userRc(warning.forwardedByUserId), item, warning));
  };

  const notifyLiaison: EffectHandler<"notify_scope_liaison"> = async ({ warningId, userId }, effect) => {
    const { warning, item } = await mustWarning(warningId);
    const { permalink } = await client.chat.getPermalink({ channel: item.channelId!, message_ts: item.messageTs! });
    await dm(deps, effect, userId, liaisonQuestion(userRc(userId), item, warning, permalink ?? `<#${item.channelId}>`));
  };

  const notifyRemoval: EffectHandler<"notify_scope_removal"> = async (payload, effect) => {
    const { warning, item } = await mustWarning(payload.warningId);
    await dm(deps, effect, warning.forwardedByUserId, removalRequest(userRc(warning.forwardedByUserId), item, warning));
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
