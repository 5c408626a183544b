// Slack Connect events about incident channels shared between two organisations' installations:
// parse, then the use case decides (only renkei's own invitations are accepted).
import type { App } from "@slack/bolt";
import { acceptIncidentChannelInvite, inviteOfChannel, recordChannelShared, recordShareRefused } from "../../../app/slack-connect";
import type { AppContext } from "../../../app/context";

type InviteEvent = { invite?: { id?: string }; channel?: { id?: string; name?: string } | string; connected_team_id?: string };

export function registerSlackConnectListeners(app: App, ctx: AppContext): void {
  // Delivered to the invited installation: accept (through the outbox, with that installation).
  app.event("shared_channel_invite_received", async ({ event, body }) => {
    const e = event as unknown as InviteEvent;
    const channel = typeof e.channel === "object" ? e.channel : undefined;
    if (!e.invite?.id || !channel?.name || !body.team_id) return;
    await acceptIncidentChannelInvite(ctx, { inviteId: e.invite.id, channelName: channel.name, teamId: body.team_id });
  });
  // The admins approved it, or the channel became shared (no approval needed): finish the set-up.
  app.event("shared_channel_invite_approved", async ({ event }) => {
    const id = (event as unknown as InviteEvent).invite?.id;
    if (id) await recordChannelShared(ctx, id);
  });
  app.event("channel_shared", async ({ event }) => {
    const e = event as unknown as InviteEvent;
    const channelId = typeof e.channel === "string" ? e.channel : e.channel?.id;
    const invite = channelId ? await inviteOfChannel(ctx, channelId, e.connected_team_id) : undefined;
    if (invite) await recordChannelShared(ctx, invite.id);
  });
  app.event("shared_channel_invite_declined", async ({ event }) => {
    const id = (event as unknown as InviteEvent).invite?.id;
    if (id) await recordShareRefused(ctx, id, "declined");
  });
  // Accepted: the accepting installation's own answer already recorded whether approval is needed.
  app.event("shared_channel_invite_accepted", async () => undefined);
}
