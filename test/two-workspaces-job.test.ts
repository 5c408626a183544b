// `npm run job` with OAuth installs (no SLACK_BOT_TOKEN): a sweep run by hand delivers each effect
// through the installation it must act through — the NISC manager's digest and the NISC liaison's
// reminder from NISC's bot in NISC's workspace, PPC's from PPC's — exactly as the server would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "../src/config/env";
import { runJob } from "../src/cli/job-run";
import { EMULATED_TOKEN_KEY } from "../src/dev/emulated-stack";
import { silentLogger } from "../src/logger";
import { Store } from "../src/store/store";
import { ConfigError } from "../src/config/config-error";
import { testDatabases } from "./support/databases";
import { intakeValues, submitIntake, U, until } from "./support/harness";
import { propose } from "./support/consultation";
import { NISC_TEAM, PPC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

/** A weekday at 10:00 in Tokyo at least `days` days from now (reminders keep office hours). */
function officeMorningAfter(days: number): Date {
  const d = new Date(Date.now() + days * 86_400_000);
  for (;;) {
    const tokyo = new Date(d.getTime() + 9 * 3_600_000);
    const dow = tokyo.getUTCDay();
    const md = `${tokyo.getUTCMonth() + 1}-${tokyo.getUTCDate()}`;
    if (dow !== 0 && dow !== 6 && !["12-29", "12-30", "12-31", "1-1", "1-2", "1-3"].includes(md) && !(tokyo.getUTCMonth() === 0 && tokyo.getUTCDate() < 16)) {
      return new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate(), 1, 0, 0));
    }
    d.setTime(d.getTime() + 86_400_000);
  }
}

describe.each(testDatabases())("npm run job with one installation per organisation on %s", (database) => {
  let h: TwoWorkspaces;
  let jobStore: Store;
  let ref: string;
  const jobEnv = () =>
    parseEnv({
      SLACK_CLIENT_ID: h.emu.clientId, SLACK_CLIENT_SECRET: h.emu.clientSecret, SLACK_STATE_SECRET: "emulated-state-secret",
      RENKEI_TOKEN_KEY: EMULATED_TOKEN_KEY, SLACK_SIGNING_SECRET: "unused-by-jobs", SLACK_API_URL: h.emu.apiUrl, DATABASE_URL: h.db.url,
    });

  beforeAll(async () => {
    h = await startTwoWorkspaces({ database });
    // A case registered in PPC's workspace, shared with NISC's; PPC's liaison proposes, NISC's has not answered.
    ref = (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Job sweep across workspaces" }))).ref!;
    await h.pump(async () => {
      const i = await h.store.incidentByRef(ref);
      return !!i?.channelId && h.emu.channel(i.channelId)!.members.includes(U.niscLiaison);
    }, "channel not shared with NISC");
    expect((await propose(h, U.ppcLiaison, ref, { sharing_results: "To avoid contradictory findings." })).status).toBe(200);
    await h.settle();
    jobStore = await Store.open(h.db.url);
  });
  afterAll(async () => {
    await jobStore?.close();
    await h?.stop();
  });

  const digestOf = (user: string) => h.emu.dms(user).filter((m) => /ダイジェスト|digest|報告する事項/i.test(m.text));

  it("digest --force: each party's managers get the digest from their own organisation's bot, through its own token", async () => {
    const clock = { now: () => new Date() };
    const r = await runJob({ env: jobEnv(), config: h.config, store: jobStore, clock, log: silentLogger, name: "digest", force: true });
    expect(r).toMatchObject({ queued: 2, warnings: [] });
    expect(r.delivered).toBeGreaterThanOrEqual(2);
    expect(digestOf(U.ppcManager)).toHaveLength(1);
    expect(digestOf(U.niscManager)).toHaveLength(1);
    expect(digestOf(U.ppcManager)[0]!.user).toBe(h.emu.botUserId);
    expect(digestOf(U.niscManager)[0]!.user).toBe(h.nisc.botUserId);
    expect(h.emu.channel(h.emu.dmChannelId(U.niscManager))!.teamId).toBe(NISC_TEAM);
    // Every call the job made was accepted with the token of the workspace it acted in.
    const posts = h.emu.calls("chat.postMessage").filter((c) => c.response?.ok);
    expect(new Set(posts.map((c) => c.teamId))).toEqual(new Set([PPC_TEAM, NISC_TEAM]));
    expect(h.emu.calls().filter((c) => c.response?.ok === false && /invalid_auth|channel_not_found|user_not_found/.test(String(c.response.error)))).toEqual([]);
  });

  it("reminders: NISC's liaison, whose position is awaited, is reminded in NISC's workspace by NISC's bot", async () => {
    const later = officeMorningAfter(3);
    const before = { nisc: h.emu.dms(U.niscLiaison).length, ppc: h.emu.dms(U.ppcLiaison).length };
    const r = await runJob({ env: jobEnv(), config: h.config, store: jobStore, clock: { now: () => later }, log: silentLogger, name: "reminders" });
    expect(r.queued).toBeGreaterThan(0);
    // The position NISC has not taken on the proposal: its liaison is asked, by NISC's bot.
    const asked = await until(async () => h.emu.dms(U.niscLiaison).slice(before.nisc).find((m) => m.text.includes(ref) && /立場が未判断|has not taken a position/.test(m.text)), "no position reminder to NISC's liaison");
    expect(asked.user).toBe(h.nisc.botUserId);
    // Every reminder reached each liaison from their own organisation's bot (the report deadlines go to both).
    const newDms = { nisc: h.emu.dms(U.niscLiaison).slice(before.nisc), ppc: h.emu.dms(U.ppcLiaison).slice(before.ppc) };
    expect(newDms.ppc.length).toBeGreaterThan(0);
    expect(newDms.nisc.every((m) => m.user === h.nisc.botUserId)).toBe(true);
    expect(newDms.ppc.every((m) => m.user === h.emu.botUserId)).toBe(true);
    // PPC proposed, so PPC's position is taken: no position reminder to PPC's liaison.
    expect(newDms.ppc.filter((m) => /立場が未判断|has not taken a position/.test(m.text))).toEqual([]);
  });

  it("says which party's workspace has no installation, and refuses to run with none at all", async () => {
    h.emu.revokeInstallation(NISC_TEAM, "token_revoked");
    await h.driver.deliverPlatformEvents();
    await until(async () => (await jobStore.installations.find(NISC_TEAM))?.revokedAt, "revocation not recorded");
    const r = await runJob({ env: jobEnv(), config: h.config, store: jobStore, clock: { now: () => new Date() }, log: silentLogger, name: "effects" });
    // Slack sends tokens_revoked and app_uninstalled together, and either may be recorded first.
    expect(r.warnings).toEqual([expect.stringMatching(/^party nisc: installation in T0NISCWS01 revoked \((token_revoked|app_uninstalled)\)/)]);
    h.emu.revokeInstallation(PPC_TEAM, "token_revoked");
    await h.driver.deliverPlatformEvents();
    await until(async () => (await jobStore.installations.find(PPC_TEAM))?.revokedAt, "revocation not recorded");
    const refused = await runJob({ env: jobEnv(), config: h.config, store: jobStore, clock: { now: () => new Date() }, log: silentLogger, name: "effects" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toContain("/slack/install again");
  });
});
