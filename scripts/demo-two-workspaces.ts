// `npm run demo -- --two-workspaces`: PPC and NISC each in their own Slack workspace, renkei
// installed in each through OAuth (no SLACK_BOT_TOKEN), against the local Slack emulator: each
// administrator installs it, NISC registers an incident, NISC's installation creates the channel
// and shares it through Slack Connect, PPC's installation accepts, both liaisons decide, and each
// person's DMs come from their own organisation's bot. `--socket-mode` runs it over one app-level
// WebSocket serving both installations.
import { blocksToText, indent, SlackEmulator } from "../emulator";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { startEmulatedStack, type EmulatedStack } from "../src/dev/emulated-stack";
import { runDigestSweep } from "../src/app/sweeps";

const PPC_TEAM = "T0PPCDEMO1";
const NISC_TEAM = "T0NISCDEM1";

const PEOPLE = {
  sato: { id: "U0PPCSATO1", name: "sato", realName: "Sato (PPC staff)", teamId: PPC_TEAM },
  suzuki: { id: "U0PPCSUZK1", name: "suzuki", realName: "Suzuki (PPC liaison)", teamId: PPC_TEAM },
  yamada: { id: "U0PPCYMD01", name: "yamada", realName: "Yamada (PPC manager)", teamId: PPC_TEAM },
  tanaka: { id: "U0NISCTNK1", name: "tanaka", realName: "Tanaka (NISC staff)", teamId: NISC_TEAM },
  ito: { id: "U0NISCITO1", name: "ito", realName: "Ito (NISC liaison)", teamId: NISC_TEAM },
  kato: { id: "U0NISCKTO1", name: "kato", realName: "Kato (NISC manager)", teamId: NISC_TEAM },
};

export async function runTwoWorkspacesDemo(opts: { databaseUrl: string; lang: "ja" | "en"; socketMode: boolean; say: (line?: string) => void }): Promise<void> {
  const { say, lang } = opts;
  const who = (id: string) => Object.values(PEOPLE).find((p) => p.id === id)?.realName ?? id;
  const step = (n: number | string, title: string) => {
    say();
    say(`━━ ${n}. ${title} ${"━".repeat(Math.max(0, 70 - title.length))}`);
  };
  const show = (label: string, text: string) => {
    say(`  ${label}`);
    say(indent(text).replace(/<@([A-Z0-9]+)>/g, (_m, id: string) => `@${who(id)}`));
  };

  const emu = await SlackEmulator.start({ teamId: PPC_TEAM, teamDomain: "ppc-example" });
  const nisc = emu.addTeam({ id: NISC_TEAM, domain: "nisc-example", name: "NISC", installed: false });
  for (const p of Object.values(PEOPLE)) emu.addUser(p);
  const botOf = (team: string) => (team === NISC_TEAM ? nisc.botUserId : emu.botUserId);
  const teamName = (team: string) => (team === NISC_TEAM ? "NISC's workspace" : "PPC's workspace");
  const config = parseRenkeiConfig({
    profile: "ppc-nisc-2023",
    locale: lang,
    parties: {
      ppc: { teamId: PPC_TEAM, members: [{ user: PEOPLE.sato.id, roles: ["staff"] }, { user: PEOPLE.suzuki.id, roles: ["liaison"] }, { user: PEOPLE.yamada.id, roles: ["manager"] }] },
      nisc: { teamId: NISC_TEAM, members: [{ user: PEOPLE.tanaka.id, roles: ["staff"] }, { user: PEOPLE.ito.id, roles: ["liaison"] }, { user: PEOPLE.kato.id, roles: ["manager"] }] },
    },
  }, "demo config");
  let stack: EmulatedStack | null = null;
  try {
    stack = await startEmulatedStack({ databaseUrl: opts.databaseUrl, config, users: [], emulator: emu, oauth: true, transport: opts.socketMode ? "socket" : "http" });
    const s = stack;
    const { driver } = s;
    /** Runs effects and delivers the events Slack raises (Slack Connect), until `done` holds. */
    const pump = async <T>(done: () => T | undefined | null | false, what: string): Promise<T> => {
      for (let i = 0; i < 400; i++) {
        await s.settle();
        await driver.deliverPlatformEvents();
        const v = done();
        if (v) return v;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`demo: ${what}`);
    };
    const workspaces = async () => JSON.stringify(((await (await fetch(`${s.baseUrl}/healthz`)).json()) as { checks: { workspaces: unknown } }).checks.workspaces);

    say(`deployment: one renkei, no SLACK_BOT_TOKEN — SLACK_CLIENT_ID/SECRET, SLACK_STATE_SECRET and RENKEI_TOKEN_KEY (OAuth v2);`);
    say(`  transport: ${opts.socketMode ? "Socket Mode — one app-level token, one WebSocket, serving both workspaces' installations" : "HTTP"}`);
    say(`  renkei.yml: parties.ppc.teamId ${PPC_TEAM}, parties.nisc.teamId ${NISC_TEAM}`);

    step(1, "Before any install, /healthz names each workspace without renkei");
    say(`  GET /healthz → workspaces: ${await workspaces()}`);

    step(2, "An administrator of each organisation installs renkei in their own workspace (/slack/install)");
    for (const [team, admin] of [[PPC_TEAM, PEOPLE.yamada.id], [NISC_TEAM, PEOPLE.kato.id]] as const) {
      const start = await fetch(`${s.baseUrl}/slack/install`, { redirect: "manual" });
      const cookie = (start.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
      const consent = new URL(start.headers.get("location")!);
      consent.searchParams.set("team", team);
      consent.searchParams.set("user", admin);
      const back = new URL((await fetch(consent, { redirect: "manual" })).headers.get("location")!);
      const done = await fetch(`${s.baseUrl}${back.pathname}${back.search}`, { headers: { cookie }, redirect: "manual" });
      say(`  ${who(admin)} approves the scopes for ${teamName(team)} → /slack/oauth_redirect answers ${done.status}; the bot token is stored encrypted (AES-256-GCM)`);
    }
    emu.addMembers(nisc.generalChannelId, nisc.botUserId);
    say(`  GET /healthz → workspaces: ${await workspaces()}`);

    step(3, "Tanaka (NISC) registers an incident from NISC's own workspace: /renkei new");
    await driver.slashCommand({ user: PEOPLE.tanaka.id, text: "new" });
    const modal = await emu.waitFor(() => emu.openViews(PEOPLE.tanaka.id).find((v) => v.view.callback_id === "incident_intake"));
    const ok = await driver.submitView({
      user: PEOPLE.tanaka.id, viewId: modal.id,
      values: {
        "intake_title.value": "Unauthorised access to the staff portal",
        "intake_reporter_name.value": "Ministry of Examples",
        "intake_reporter_category.value": "1",
        "intake_appi_regime.value": "art68",
        "intake_supervising_agency.value": "Ministry of Examples",
        "intake_personal_data.value": "yes",
        "intake_aware_at.value": Math.floor(Date.now() / 1000) - 6 * 3600,
        "intake_affected_count.value": "1200",
        "intake_summary.value": "Staff records were read by an unknown party.",
      },
    });
    const ref = /\*(\d{4}-\d{4,})\*/.exec(JSON.stringify(ok.body.view ?? ""))![1]!;
    say(`  the form opened with NISC's installation (a trigger works only with the token of the workspace it came from); registered as ${ref}`);

    step(4, "NISC's installation creates the channel in NISC's workspace and shares it with PPC through Slack Connect");
    const incident = await pump(async () => (await s.store.incidentByRef(ref))?.channelId ? true : undefined, "channel not created").then(() => s.store.incidentByRef(ref));
    const channelId = incident!.channelId!;
    const channel = await pump(() => (emu.channel(channelId)!.members.includes(PEOPLE.suzuki.id) ? emu.channel(channelId) : undefined), "channel not shared with PPC");
    say(`  #${channel.name}: hosted by ${teamName(channel.teamId)}, created by NISC's bot; shared with ${channel.connectedTeamIds.map(teamName).join(", ")} (is_ext_shared: ${channel.isExtShared})`);
    const inviteCall = emu.calls("conversations.inviteShared").find((c) => c.args.channel === channelId)!;
    const acceptCall = emu.calls("conversations.acceptSharedInvite")[0]!;
    say(`  conversations.inviteShared by ${teamName(inviteCall.teamId!)} (to PPC's bot) → shared_channel_invite_received in PPC's workspace → conversations.acceptSharedInvite by ${teamName(acceptCall.teamId!)}`);
    say(`  members: ${channel.members.filter((m) => m !== emu.botUserId && m !== nisc.botUserId).map(who).join(", ")} (each organisation's installation invited its own people)`);
    const card = emu.messages(channelId)[0]!;
    show(`the pinned card, posted by ${card.user === nisc.botUserId ? "NISC's bot" : "PPC's bot"}:`, blocksToText(card.blocks, card.text));
    const ready = await pump(() => emu.dms(PEOPLE.tanaka.id).at(-1), "no DM to Tanaka");
    show(`DM to Tanaka, in NISC's workspace, from ${ready.user === nisc.botUserId ? "NISC's bot" : "PPC's bot"}:`, ready.text);

    step(5, "Art. 4(2): Sato (PPC) proposes cooperation from the card; Suzuki (PPC) and Ito (NISC) decide, each from their own workspace");
    await driver.clickButton({ user: PEOPLE.sato.id, channel: channelId, ts: card.ts, actionId: "consult_propose" });
    const proposal = await emu.waitFor(() => emu.openViews(PEOPLE.sato.id).find((v) => v.view.callback_id === "consult_proposal"));
    await driver.clickInView({ user: PEOPLE.sato.id, viewId: proposal.id, blockId: "consult_items", actionId: "value", value: ["joint_investigation"] });
    await emu.waitFor(() => (JSON.stringify(emu.view(proposal.id)?.view.blocks ?? []).includes("consult_need_joint_investigation") ? true : undefined));
    await driver.submitView({
      user: PEOPLE.sato.id, viewId: proposal.id,
      values: { "consult_items.value": ["joint_investigation"], "consult_need_joint_investigation.value": "The hearings need NISC's forensic expertise.", "consult_impact.value": "Two investigators for about a week." },
    });
    const decision = await pump(() => emu.messages(channelId).find((m) => m.text.includes(lang === "ja" ? "第1回" : "round 1")), "no decision card");
    const itoDm = await pump(() => emu.dms(PEOPLE.ito.id).find((m) => m.text.includes(ref)), "no DM to Ito");
    show(`DM to Ito (NISC liaison), in NISC's workspace, from ${itoDm.user === nisc.botUserId ? "NISC's bot" : "PPC's bot"}:`, itoDm.text);
    await driver.clickButton({ user: PEOPLE.suzuki.id, channel: channelId, ts: decision.ts, actionId: "consult_agree", blockId: "consult_actions_joint_investigation" });
    await driver.clickButton({ user: PEOPLE.ito.id, channel: channelId, ts: decision.ts, actionId: "consult_agree", blockId: "consult_actions_joint_investigation" });
    const conclusion = await pump(() => emu.messages(channelId).find((m) => m.text.includes(lang === "ja" ? "連携事案" : "cooperation case")), "no conclusion");
    show("Suzuki (PPC) and Ito (NISC) agree on the card in the shared channel; the round concludes:", conclusion.text);

    step(6, "The managers' digest: each through their own organisation's installation");
    await runDigestSweep(s, { force: true });
    for (const manager of [PEOPLE.yamada, PEOPLE.kato]) {
      const digest = await pump(() => emu.dms(manager.id).at(-1), `no digest to ${manager.realName}`);
      say(`  DM to ${manager.realName}, in ${teamName(manager.teamId)}, from ${digest.user === botOf(manager.teamId) ? "its own organisation's bot" : "THE OTHER ORGANISATION'S BOT"}:`);
      say(indent(blocksToText(digest.blocks, digest.text).split("\n").slice(0, 4).join("\n")));
    }

    step(7, "What each installation called on Slack's Web API");
    for (const team of [PPC_TEAM, NISC_TEAM]) {
      const counts = new Map<string, number>();
      for (const c of emu.calls().filter((x) => x.teamId === team)) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
      say(`  ${teamName(team)}: ${[...counts].map(([m, n]) => `${m} ×${n}`).join(", ")}`);
    }
    const refused = emu.calls().filter((c) => c.response?.ok === false && /invalid_auth|not_authed|channel_not_found/.test(String(c.response?.error)));
    say(`  calls refused for a wrong token or a channel outside the token's workspace: ${refused.length}`);
    if (opts.socketMode) {
      const envelopes = emu.socketMode.envelopes();
      const byTeam = (team: string) => envelopes.filter((e) => e.teamId === team).length;
      const connections = emu.socketMode.connectionHistory().length;
      say(`  Socket Mode: one app-level token, ${connections} connection${connections === 1 ? "" : "s"}, ${envelopes.length} envelopes (${byTeam(PPC_TEAM)} for PPC's workspace, ${byTeam(NISC_TEAM)} for NISC's); acknowledgements missing or later than 3 s: ${emu.socketMode.violations().length}`);
    }
    say();
    say("Done. See README.md, \"Two organisations, two workspaces\", for the administrators' steps.");
  } finally {
    await stack?.stop();
    await emu.stop();
  }
}
