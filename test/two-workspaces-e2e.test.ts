// A whole incident with PPC and NISC in separate Slack workspaces, each with its own installation
// of renkei (OAuth): intake from each side, the channel shared through Slack Connect and set up
// once, the consultation decided by both liaisons in the shared channel, agreed items as tasks
// (one done by a member of the other workspace), reminders and the digest through each party's
// own installation, App Home in both workspaces, an Art. 7 forward into a NISC-internal channel,
// and a revoked installation reported to the other party without losing any record. The
// emulator records which installation's token made each call: every assertion on "through whose
// installation" reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocksToText, type EmuCall } from "../emulator";
import type { Incident } from "../src/domain/incident";
import { sharedItemByMessage } from "../src/store/sharing-scopes";
import { clickPosition, propose } from "./support/consultation";
import { testDatabases } from "./support/databases";
import { runDigestSweep, runReminderSweep } from "../src/app/sweeps";
import { createLogger } from "../src/logger";
import { intakeValues, submitIntake, testClock, U, until } from "./support/harness";
import { installThroughOAuth, NISC_TEAM, PPC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

describe.each(testDatabases())("a whole incident between PPC's and NISC's workspaces on %s", (database) => {
  let h: TwoWorkspaces;
  /** The incident NISC registers; its channel is hosted in NISC's workspace and shared with PPC's. */
  let incident: Incident;
  // Wednesday 2026-11-25, 10:00 JST: a business day, outside quiet hours.
  const clock = testClock("2026-11-25T10:00:00+09:00");
  /** What the app logged (JSON lines): the operator's view. */
  const logLines: string[] = [];

  beforeAll(async () => {
    // PPC's manager also administers renkei (an operator on PPC's side).
    h = await startTwoWorkspaces({
      database, clock, log: createLogger("warn", (line) => logLines.push(line), { format: "json" }),
      configure: (input) => {
        input.parties.ppc.members = input.parties.ppc.members.map((m: { user: string; roles: string[] }) => (m.user === U.ppcManager ? { ...m, roles: ["manager", "admin"] } : m));
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The calls of `method` whose arguments match `args` (every key equal). */
  const callsWith = (method: string, args: Record<string, unknown>): EmuCall[] =>
    h.emu.calls(method).filter((c) => Object.entries(args).every(([k, v]) => c.args[k] === v));
  /** The team whose installation posted `m` (the chat.postMessage that answered with its channel and ts). */
  const postedBy = (m: { channel: string; ts: string }): string | undefined =>
    h.emu.calls("chat.postMessage").find((c) => c.response?.ok && c.response.ts === m.ts && c.response.channel === m.channel)?.teamId;

  async function registered(user: string, title: string): Promise<Incident> {
    const { ref } = await submitIntake(h, user, intakeValues({ "intake_title.value": title, "intake_aware_at.value": Math.floor(Date.parse("2026-11-24T09:00:00+09:00") / 1000) }));
    return until(async () => {
      await h.settle();
      const i = await h.store.incidentByRef(ref!);
      return i?.channelId && i.summaryTs ? i : null;
    }, `the channel of ${title} was not set up`);
  }

  it("intake from NISC's workspace: NISC's installation creates the channel, shares it with PPC's, which accepts and invites PPC's liaison — set up once", async () => {
    incident = await registered(U.niscStaff, "Leak reported to NISC");
    const channel = incident.channelId!;
    expect(h.emu.channel(channel)!.teamId).toBe(NISC_TEAM);
    await h.pump(() => h.emu.channel(channel)!.members.includes(U.ppcLiaison), "PPC's liaison was not invited");
    expect(h.emu.channel(channel)).toMatchObject({ isExtShared: true, connectedTeamIds: [PPC_TEAM] });
    // Set up once: one channel, one card (posted and pinned through NISC's installation), one invitation.
    expect(h.emu.calls("conversations.create").filter((c) => c.teamId === NISC_TEAM)).toHaveLength(1);
    const cards = h.emu.messages(channel).filter((m) => m.ts === incident.summaryTs);
    expect(cards).toHaveLength(1);
    expect(postedBy({ channel, ts: incident.summaryTs! })).toBe(NISC_TEAM);
    expect(callsWith("pins.add", { channel }).map((c) => c.teamId)).toEqual([NISC_TEAM]);
    expect(callsWith("conversations.inviteShared", { channel }).map((c) => c.teamId)).toEqual([NISC_TEAM]);
    expect(h.emu.calls("conversations.acceptSharedInvite").map((c) => c.teamId)).toEqual([PPC_TEAM]);
  });

  it("intake from PPC's workspace: PPC's installation hosts that channel", async () => {
    const other = await registered(U.ppcStaff, "Leak reported to PPC");
    expect(h.emu.channel(other.channelId!)!.teamId).toBe(PPC_TEAM);
    await h.pump(() => h.emu.channel(other.channelId!)!.members.includes(U.niscLiaison), "NISC's liaison was not invited");
    expect(callsWith("conversations.create", { name: other.channelName }).map((c) => c.teamId)).toEqual([PPC_TEAM]);
  });

  it("the consultation is decided by both liaisons clicking in the shared channel; the agreed items become tasks of each party", async () => {
    // PPC's liaison proposes from the card (posted by NISC's installation); NISC's liaison agrees on the decision card.
    await propose(h, U.ppcLiaison, incident.ref, { sharing_results: "We need NISC's analysis results.", overseas_cooperation: "An overseas host is involved." });
    await clickPosition(h, U.niscLiaison, incident.ref, "sharing_results", "consult_agree");
    await clickPosition(h, U.niscLiaison, incident.ref, "overseas_cooperation", "consult_agree");
    const tasks = await until(async () => {
      await h.settle();
      const t = (await h.store.tasksOfIncident(incident.id)).filter((x) => x.kind === "cooperation_item" && x.messageTs);
      return t.length === 2 ? t : undefined;
    }, "the agreed items were not posted as tasks");
    expect(tasks.map((t) => [t.itemType, t.ownerParty, t.assigneeUserId]).sort()).toEqual([
      ["overseas_cooperation", "nisc", U.niscLiaison],
      ["sharing_results", "ppc", U.ppcLiaison],
    ]);
    // Posted in the shared channel by the host's (NISC's) installation; the assignees hear through their own.
    for (const t of tasks) expect(postedBy({ channel: incident.channelId!, ts: t.messageTs! })).toBe(NISC_TEAM);
    const consultation = (await h.store.consultations.ofIncident(incident.id))[0]!;
    expect(consultation.status).toBe("concluded");
  });

  it("Art. 7: a scoped message forwarded into a NISC-internal channel of NISC's workspace is warned of there by NISC's installation; PPC's liaison is asked through PPC's", async () => {
    const channel = incident.channelId!;
    const { message } = await h.driver.userMessage({ user: U.ppcLiaison, channel, text: "PPC finding: credential X from host 10.0.0.7" });
    await h.driver.messageShortcut({ user: U.ppcLiaison, channel, ts: message.ts, callbackId: "designate_sharing_scope" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "scope_designate"), { message: "designation modal did not open" });
    await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)" } });
    const item = await until(async () => sharedItemByMessage(h.store.db, channel, message.ts), "the scope was not designated");

    // NISC's own channel in NISC's workspace: its manager is not on the case.
    const internal = h.emu.addChannel({ name: "nisc-internal", isPrivate: true, teamId: NISC_TEAM, members: [U.niscLiaison, U.niscManager, h.nisc.botUserId] });
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel, ts: message.ts }, to: internal.id, comment: "for the team" });
    await until(async () => (await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })) === 1, "no scope warning recorded");
    const warning = await until(async () => {
      await h.settle();
      return h.emu.messages(internal.id, { threadTs: fwd.message.ts })[0];
    }, "no warning in the NISC-internal channel");
    expect(warning.text).toContain("TLP:AMBER+STRICT");
    expect(warning.user).toBe(h.nisc.botUserId);
    expect(callsWith("chat.postMessage", { channel: internal.id }).map((c) => c.teamId)).toEqual([NISC_TEAM]);
    expect((await h.store.db.scopeWarning.findFirst({ where: { sharedInformationId: item.id } }))!.teamId).toBe(NISC_TEAM);

    // The provider's consent request reaches PPC's liaison through PPC's installation.
    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent")), { message: "no consent request to PPC's liaison" });
    expect(ask.user).toBe(h.emu.botUserId);
    expect(postedBy(ask)).toBe(PPC_TEAM);
    // The forwarder's note comes through NISC's.
    const note = await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes("TLP:AMBER+STRICT")), { message: "no note to the forwarder" });
    expect(note.user).toBe(h.nisc.botUserId);
    expect(postedBy(note)).toBe(NISC_TEAM);

    // PPC's liaison consents from PPC's workspace: the warning in NISC's channel is updated by NISC's installation.
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent" });
    await until(async () => {
      await h.settle();
      return h.emu.message(internal.id, warning.ts)!.text.includes("同意しました");
    }, "the warning was not updated");
    expect(callsWith("chat.update", { channel: internal.id }).map((c) => c.teamId)).toEqual([NISC_TEAM]);

    // Someone of NISC's workspace whom renkei.yml does not list pastes a permalink into their DM with renkei: warned of there, and told privately, by NISC's installation.
    const other = "U0NISCOTH1";
    h.emu.addUser({ id: other, name: "nisc-other", teamId: NISC_TEAM });
    const dm = h.emu.dmChannelId(other);
    expect(h.emu.channel(dm)!.teamId).toBe(NISC_TEAM);
    const pasted = await h.driver.userMessage({ user: other, channel: dm, text: `what is this? <${h.emu.permalink(channel, message.ts)}>` });
    await until(async () => (await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })) === 2, "the pasted permalink was not recorded");
    const dmWarning = await until(async () => {
      await h.settle();
      return h.emu.messages(dm, { threadTs: pasted.message.ts })[0];
    }, "no warning in the DM");
    expect(dmWarning.text).toContain("TLP:AMBER+STRICT");
    expect(postedBy(dmWarning)).toBe(NISC_TEAM);
    expect(await h.store.db.scopeWarning.findFirst({ where: { sharedInformationId: item.id, channelId: dm } })).toMatchObject({ via: "permalink", teamId: NISC_TEAM, forwardedByUserId: other });

    // The same person pastes it into NISC's internal channel: the private note to them goes through NISC's installation too.
    h.emu.addMembers(internal.id, other);
    await h.driver.userMessage({ user: other, channel: internal.id, text: `<${h.emu.permalink(channel, message.ts)}>` });
    await until(async () => (await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })) === 3, "the paste into the internal channel was not recorded");
    const note2 = await until(async () => {
      await h.settle();
      return h.emu.dms(other).find((m) => !m.threadTs && m.text.includes("TLP:AMBER+STRICT"));
    }, "the person who pasted it was not told privately");
    expect(postedBy(note2)).toBe(NISC_TEAM);
  });

  // What a person reads: a message's text and its blocks (a list of reminders shows each in its own section).
  const seen = (m: { text: string; blocks?: unknown[] }) => `${m.text}\n${blocksToText(m.blocks ?? [])}`;
  const dmsWith = (user: string, text: string) => h.emu.dms(user).filter((m) => seen(m).includes(text));
  const digestsOf = (user: string) => h.emu.dms(user).filter((m) => m.text.includes("日次ダイジェスト") || m.text.includes("Daily digest"));

  it("reminders go to each party's assignee and managers through their own installation; the deadline reminder into the shared channel through the host's", async () => {
    // Aware 11-24: the day before the preliminary report's guideline ends, the shared channel hears — from its host's installation.
    clock.set("2026-11-26T10:00:00+09:00");
    await runReminderSweep(h);
    await h.settle();
    const reminders = h.emu.messages(incident.channelId!).filter((m) => m.text.includes("規則第44条"));
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) expect(postedBy(r)).toBe(NISC_TEAM);

    clock.set("2026-12-04T10:00:00+09:00"); // both tasks (due 12-02) overdue by 2 days: escalation to each owner's managers
    await runReminderSweep(h);
    await h.settle();
    const ppcEscalation = dmsWith(U.ppcManager, "2日過ぎています").filter((m) => seen(m).includes("調査結果の共有"));
    const niscEscalation = dmsWith(U.niscManager, "2日過ぎています").filter((m) => seen(m).includes("海外の関係機関との連携"));
    expect(ppcEscalation).toHaveLength(1);
    expect(niscEscalation).toHaveLength(1);
    expect(ppcEscalation[0]!.user).toBe(h.emu.botUserId);
    expect(postedBy(ppcEscalation[0]!)).toBe(PPC_TEAM);
    expect(niscEscalation[0]!.user).toBe(h.nisc.botUserId);
    expect(postedBy(niscEscalation[0]!)).toBe(NISC_TEAM);
    expect(dmsWith(U.ppcLiaison, "期限を過ぎた").filter((m) => seen(m).includes("調査結果の共有")).map(postedBy)).toEqual([PPC_TEAM]);
    expect(dmsWith(U.niscLiaison, "期限を過ぎた").filter((m) => seen(m).includes("海外の関係機関との連携")).map(postedBy)).toEqual([NISC_TEAM]);
    // Every DM of the sweep went through the recipient's own installation.
    for (const user of [U.ppcManager, U.ppcLiaison]) expect(h.emu.dms(user).every((m) => postedBy(m) === PPC_TEAM)).toBe(true);
    for (const user of [U.niscManager, U.niscLiaison]) expect(h.emu.dms(user).every((m) => postedBy(m) === NISC_TEAM)).toBe(true);

  });

  it("the digest reaches each party's managers through their own installation", async () => {
    await runDigestSweep(h, { force: true });
    await h.settle();
    expect(digestsOf(U.ppcManager).map(postedBy)).toEqual([PPC_TEAM]);
    expect(digestsOf(U.niscManager).map(postedBy)).toEqual([NISC_TEAM]);
    expect(JSON.stringify(digestsOf(U.ppcManager)[0]!.blocks)).toContain("調査結果の共有");
    expect(JSON.stringify(digestsOf(U.niscManager)[0]!.blocks)).toContain("海外の関係機関との連携");
  });

  it("App Home opens and renders in both workspaces, each published by its own installation", async () => {
    for (const [user, team] of [[U.ppcLiaison, PPC_TEAM], [U.niscLiaison, NISC_TEAM]] as const) {
      const before = h.emu.calls("views.publish").length;
      await h.driver.openHome(user);
      const home = await until(async () => {
        await h.settle();
        return h.emu.calls("views.publish").slice(before).find((c) => c.args.user_id === user && c.response?.ok) && h.emu.homeView(user);
      }, `no Home for ${user}`);
      expect(h.emu.calls("views.publish").slice(before).filter((c) => c.args.user_id === user).map((c) => c.teamId)).toEqual([team]);
      expect(h.emu.viewJson(home)).toMatchObject({ team_id: team });
      expect(JSON.stringify(home.view.blocks)).toContain(incident.ref);
    }
  });

  it("a task is done by a member of the other workspace: PPC's liaison clicks Done on the card NISC's installation posted", async () => {
    const task = (await h.store.tasksOfIncident(incident.id)).find((t) => t.itemType === "sharing_results")!;
    await h.driver.clickButton({ user: U.ppcLiaison, channel: incident.channelId!, ts: task.messageTs!, actionId: "task_done" });
    await until(async () => {
      await h.settle();
      return (await h.store.taskById(task.id))?.status === "done";
    }, "the task was not done");
    expect((await h.store.taskById(task.id))!.doneByUserId).toBe(U.ppcLiaison);
    // The card in the shared channel is updated through the host's (NISC's) installation. (Waited
    // for by its update, settling each time: the commit that queued it may land just after a
    // settle, and the next test must not find it still on its way.)
    const updates = () => callsWith("chat.update", { channel: incident.channelId, ts: task.messageTs });
    await until(async () => {
      await h.settle();
      return updates().some((c) => c.response?.ok) && JSON.stringify(h.emu.message(incident.channelId!, task.messageTs!)!.blocks).includes(U.ppcLiaison);
    }, "the task card was not updated");
    expect(updates().map((c) => c.teamId)).toEqual(expect.arrayContaining([NISC_TEAM]));
    expect(updates().every((c) => c.teamId === NISC_TEAM)).toBe(true);
  });

  it("NISC's installation is revoked: PPC's liaison and administrator are told through PPC's; what cannot reach NISC is kept and delivered once NISC installs again", async () => {
    h.emu.revokeInstallation(NISC_TEAM, "token_revoked");
    const revokedDm = (user: string) => dmsWith(user, "取り消されました");
    await h.pump(() => revokedDm(U.ppcLiaison).length === 1 && revokedDm(U.ppcManager).length === 1, "PPC was not told of the revocation");
    expect(revokedDm(U.ppcLiaison).map(postedBy)).toEqual([PPC_TEAM]);
    expect(revokedDm(U.ppcManager).map(postedBy)).toEqual([PPC_TEAM]);
    expect(revokedDm(U.ppcLiaison)[0]!.text).toContain("NISC");
    expect(revokedDm(U.ppcLiaison)[0]!.text).toContain("/slack/install");
    expect(h.emu.dms(U.niscLiaison).some((m) => m.text.includes("取り消されました") || m.text.includes("revoked"))).toBe(false);
    // Slack sends tokens_revoked and app_uninstalled together, in no promised order: the first handled names the reason
    const reason = (await h.store.installations.find(NISC_TEAM))!.revokedReason;
    expect(["token_revoked", "app_uninstalled"]).toContain(reason);
    // The operator: the log and /healthz say so as well.
    expect(logLines.map((l) => JSON.parse(l)).find((e) => e.installation === NISC_TEAM && e.reason === reason)).toMatchObject({ level: "error" });
    const health: any = await (await fetch(`${h.baseUrl}/healthz`)).json();
    expect(health.checks.workspaces.parties.nisc.status).toBe("revoked");

    // The next day's digest: PPC's manager gets it; NISC's is kept, not dropped.
    clock.set("2026-12-07T10:00:00+09:00");
    await runDigestSweep(h, { force: true });
    await h.settle();
    expect(digestsOf(U.ppcManager)).toHaveLength(2);
    expect(digestsOf(U.niscManager)).toHaveLength(1);
    const kept = await h.store.effectByKey(`digest:${U.niscManager}:2026-12-07`);
    expect(kept).toMatchObject({ status: "failed", lastError: "not_installed" });
    // Nothing reached Slack with NISC's revoked token for it.
    expect(h.emu.calls().filter((c) => c.teamId === NISC_TEAM && c.response?.error === "token_revoked")).toHaveLength(0);

    // NISC's administrator installs renkei again: the kept digest goes out through the new installation.
    expect((await installThroughOAuth(h, NISC_TEAM, U.niscManager)).status).toBe(200);
    await until(async () => {
      await h.settle();
      return digestsOf(U.niscManager).length === 2;
    }, "the kept digest was not delivered after the new install");
    expect(digestsOf(U.niscManager).map(postedBy)).toEqual([NISC_TEAM, NISC_TEAM]);
    expect(await h.store.effectByKey(`digest:${U.niscManager}:2026-12-07`)).toMatchObject({ status: "done" });
    expect((await h.store.auditEntriesOf(NISC_TEAM)).map((a) => a.action)).toEqual(["slack.installed", "slack.installation_revoked", "slack.reinstalled"]);
  });

  it("PPC's workspace is deactivated (account_inactive, no event): found on the next call, told to NISC's liaison and administrator through NISC's; PPC's digest is kept", async () => {
    h.emu.revokeInstallation(PPC_TEAM, "account_inactive");
    clock.set("2026-12-08T10:00:00+09:00");
    await runDigestSweep(h, { force: true });
    const revokedDm = (user: string) => dmsWith(user, "取り消されました");
    await h.pump(() => revokedDm(U.niscLiaison).length === 1 && revokedDm(U.niscManager).length === 1, "NISC was not told");
    expect(revokedDm(U.niscLiaison).map(postedBy)).toEqual([NISC_TEAM]);
    expect(revokedDm(U.niscLiaison)[0]!.text).toContain("account_inactive");
    expect((await h.store.installations.find(PPC_TEAM))!.revokedReason).toBe("account_inactive");
    expect(digestsOf(U.niscManager)).toHaveLength(3);
    expect((await h.store.effectByKey(`digest:${U.ppcManager}:2026-12-08`))!.status).toMatch(/failed|gave_up/);
    expect(digestsOf(U.ppcManager)).toHaveLength(2);
  });
});
