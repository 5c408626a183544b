// Public API of the local Slack emulator and driver used by integration tests and the demo.
//
//   const emu = await SlackEmulator.start();                 // 127.0.0.1, random port
//   emu.addUser({ id: "U0ALICE", name: "alice" });            // joins #general (C0GENERAL1)
//   const app = new App({ token: emu.botToken, signingSecret, clientOptions: { slackApiUrl: emu.apiUrl } });
//   await app.start(port);
//   const driver = new SlackDriver({ emulator: emu, appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret });
//   await driver.slashCommand({ user: "U0ALICE", text: "..." });
//   const modal = await emu.waitFor(() => emu.openViews("U0ALICE")[0]);  // app work after ack() is async
//
// A second workspace: `emu.addTeam({ id: "T0NISC", domain: "nisc" })` installs the same app there
// (its own bot user and token; `installed: false` leaves it to /oauth/v2/authorize +
// oauth.v2.access). A token works only in its own team (`channel_not_found`, `not_in_channel`,
// `user_not_found` otherwise); DMs and App Home stay within a person's own team; Slack Connect goes
// conversations.inviteShared (to the other bot) → shared_channel_invite_received →
// conversations.acceptSharedInvite (→ approveSharedInvite when the team requiresApproval), or
// declineSharedInvite / expireSharedInvite; revokeInstallation gives token_revoked /
// account_inactive. Events Slack raises itself queue up until `driver.deliverPlatformEvents()`.
// The driver addresses each person through their own team's installation.
export { SlackEmulator, GENERAL_CHANNEL_ID, preciseNow } from "./web-api-server";
export type { SlackEmulatorOptions } from "./web-api-server";
export { SlackDriver } from "./driver";
export type { DriverResponse, SlackDriverOptions } from "./driver";
export { validateBlocks, validateView, viewTooLarge } from "./block-kit";
export type { Surface } from "./block-kit";
export { liveMentions, messageMentions } from "./mentions";
export { blocksToText, indent } from "./transcript";
export type {
  EmuBookmark, EmuCall, EmuChannel, EmuEphemeral, EmuFailure, EmuMessage, EmuPlatformEvent, EmuSharedInvite, EmuTeam, EmuUser, EmuView,
  ResponseUrlContext,
} from "./types";
export { SocketModeServer } from "./socket-mode";
export type { DisconnectReason, EnvelopeType, SocketDelivery, SocketEnvelopeRecord, SocketModeOptions, SocketViolation } from "./socket-mode";
