// `/renkei activities` and `/renkei activity <ref>`: what is open in normal times, and one activity's card, privately.
import type { WebClient } from "@slack/web-api";
import type { Activity } from "../../../domain/activity";
import type { SlackDeps } from "../../listener-context";
import type { RenderContext } from "../../render-context";
import { activityCardCopy } from "../../views/activities";
import { activityListMessage } from "../../views/activities/list";
import { type SlackMessage } from "../../views/kit";

const LIST_LIMIT = 50;
const LINK_LIMIT = 20;

/** Permalinks of the posted cards (the first few; the channel when Slack cannot give one). */
export async function cardLinks(client: WebClient, activities: Activity[]): Promise<Map<string, string>> {
  const posted = activities.filter((a) => a.channelId && a.messageTs).slice(0, LINK_LIMIT);
  const links = await Promise.all(
    posted.map(async (a) => {
      const link = await client.chat
        .getPermalink({ channel: a.channelId!, message_ts: a.messageTs! })
        .then((r) => r.permalink ?? `<#${a.channelId}>`)
        .catch(() => `<#${a.channelId}>`);
      return [a.id, link] as const;
    }),
  );
  const out = new Map<string, string>(links);
  for (const a of activities) if (a.channelId && !out.has(a.id)) out.set(a.id, `<#${a.channelId}>`);
  return out;
}

export async function activityList(deps: SlackDeps, client: WebClient, rc: RenderContext): Promise<SlackMessage> {
  const { activities, total } = await deps.store.activities.open(LIST_LIMIT);
  return activityListMessage(rc, activities, total, deps.clock.now(), await cardLinks(client, activities));
}

/** One activity's card (as in the channel) and where it is; null when there is no such activity. */
export async function activityShown(deps: SlackDeps, client: WebClient, rc: RenderContext, ref: string): Promise<SlackMessage | null> {
  const activity = await deps.store.activities.byRef(ref);
  if (!activity) return null;
  const link = (await cardLinks(client, [activity])).get(activity.id) ?? null;
  return activityCardCopy(rc, activity, await deps.store.activities.records(activity.id), link);
}
