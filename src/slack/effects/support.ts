// What the effect handlers share: their dependencies, the lookups that give up when a row is gone,
// rendering contexts, direct messages, channel creation under a free name and Home refreshes.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../../app/context";
import { homeRefresh } from "../../app/home-refresh";
import type { StoredEffect } from "../../domain/effects";
import type { Incident } from "../../domain/incident";
import { liaisonsOf } from "../../domain/parties";
import { PermanentEffectError } from "../../effects/runner";
import { describeError } from "../errors";
import { personalContext, renderContext, type RenderContext } from "../render-context";
import { postOnce } from "./post-once";

export type SlackEffectDeps = AppContext & {
  client: WebClient;
  botTeamId: string;
  /** One installation per organisation (OAuth): the bot user of the app's installation in a workspace, for Slack Connect invitations. */
  slackConnect?: { botUserIdOf(teamId: string): string | undefined };
};

/** Rendering for a channel (the workspace's language). */
export const channelRc = (deps: Pick<SlackEffectDeps, "config">): RenderContext => renderContext(deps.config);
/** Rendering for one person (their language). */
export const userRc = (deps: Pick<SlackEffectDeps, "config">, userId: string): RenderContext => personalContext(deps.config, deps.config.directory.member(userId));

export async function mustIncident(deps: Pick<SlackEffectDeps, "store">, id: string): Promise<Incident> {
  const incident = await deps.store.incidentById(id);
  if (!incident) throw new PermanentEffectError(`incident ${id} not found`);
  return incident;
}

/** A direct message, posted once per effect (the user id is the message's part of the key). */
export async function dm(deps: Pick<SlackEffectDeps, "client">, effect: StoredEffect, userId: string, message: { text: string; blocks?: unknown[] }): Promise<{ channel: string; ts: string }> {
  return postOnce(deps.client, effect, userId, message, userId);
}

/** A plain mrkdwn message: its text as the one section. */

const MAX_NAME_ATTEMPTS = 20;

/**
 * Creates a channel under the first free name (`nameFor(1)`, `nameFor(2)`...) and records it at
 * once with `opened`, so a retry after a later step failed does not create a second one.
 */
export async function createChannelNamed<T>(client: WebClient, nameFor: (attempt: number) => string, isPrivate: boolean, opened: (channelId: string, name: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = nameFor(attempt);
    try {
      const res = await client.conversations.create({ name, is_private: isPrivate });
      return opened(res.channel!.id!, name);
    } catch (e) {
      if (describeError(e) !== "name_taken") throw e;
    }
  }
  throw new PermanentEffectError("name_taken");
}

/**
 * Home tabs showing something that changed are rebuilt by a separate effect, so a failure there
 * never blocks the card or message that caused it.
 */
export async function refreshHomes(deps: Pick<SlackEffectDeps, "store" | "clock">, userIds: Array<string | null | undefined>): Promise<void> {
  const now = deps.clock.now();
  for (const userId of new Set(userIds.filter((u): u is string => !!u))) {
    // A rebuild of this person's Home still waiting to run covers this change too: one per burst.
    const { effect, prefix } = homeRefresh(userId, now);
    await deps.store.enqueueUnlessPending(effect, prefix, now);
  }
}

/** Liaison officers of every party: their Home lists decisions and consultations waiting for them. */
export function allLiaisons(deps: Pick<SlackEffectDeps, "config">): string[] {
  return deps.config.profile.parties.flatMap((p) => liaisonsOf(deps.config.directory, p.id).map((m) => m.userId));
}
