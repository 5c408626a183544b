// Inviting people to a channel the bot set up, safely repeatable: only those not yet in it are
// invited (conversations.invite fails for the whole batch if one is already there).
import type { WebClient } from "@slack/web-api";
import type { RenkeiConfig } from "../../config/renkei-config";

/** Everyone in a channel, all pages. */
export async function channelMembers(client: WebClient, channel: string): Promise<Set<string>> {
  const present = new Set<string>();
  let cursor: string | undefined;
  do {
    const res = await client.conversations.members({ channel, cursor, limit: 1000 });
    for (const id of res.members ?? []) present.add(id);
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return present;
}

export async function inviteMissing(client: WebClient, channel: string, wanted: Iterable<string>): Promise<void> {
  const present = await channelMembers(client, channel);
  const missing = [...new Set(wanted)].filter((id) => !present.has(id));
  for (let i = 0; i < missing.length; i += 100) {
    await client.conversations.invite({ channel, users: missing.slice(i, i + 100).join(",") });
  }
}

/**
 * Parties whose members are in another workspace: reached through Slack Connect, not invites. A
 * party whose workspace is in the same Enterprise Grid organisation as `botTeamId`'s
 * (parties.<id>.enterpriseId) is not: people of one organisation are invited directly.
 */
export function externalParties(config: RenkeiConfig, botTeamId: string): string[] {
  const partyOfTeam = (teamId: string) => config.profile.parties.map((p) => p.id).find((id) => config.partyTeams[id] === teamId);
  const hostParty = partyOfTeam(botTeamId);
  const hostEnterprise = hostParty ? config.partyEnterprises?.[hostParty] : undefined;
  return config.profile.parties
    .map((p) => p.id)
    .filter((id) => config.partyTeams[id] && config.partyTeams[id] !== botTeamId)
    .filter((id) => !hostEnterprise || config.partyEnterprises?.[id] !== hostEnterprise);
}
