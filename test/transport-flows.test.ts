// The same user flows over both transports Slack offers: signed HTTP requests and Socket Mode
// envelopes on a WebSocket (what networks without inbound connections must use). Each flow asserts
// what the users see; over Socket Mode, no acknowledgement may be missing or late.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, transports, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase, clickPosition, decisionCard, propose } from "./support/consultation";

const combos = testDatabases().flatMap((database) => transports.map((transport) => [transport, database] as const));

describe.each(combos)("user flows over %s on %s", (transport, database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database, transport });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const newIncident = async (title: string) => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title }));
    await h.settle();
    return (await h.store.incidentByRef(ref!))!;
  };
  const channelWith = (...members: string[]) => h.emu.addChannel({ name: `team-${members.length}-${Math.random().toString(36).slice(2, 7)}`, isPrivate: true, members: [...members, h.emu.botUserId] });

  it("intake: an invalid field is shown inline in the modal, the corrected form registers the incident", async () => {
    await h.driver.slashCommand({ user: U.niscStaff, text: "new" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "incident_intake"), { message: "intake modal did not open" });
    const bad = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: intakeValues({ "intake_affected_count.value": "-3" }) });
    expect(bad.status).toBe(200);
    expect(bad.errors).toEqual({ intake_affected_count: "Enter zero or more." });
    expect(h.emu.view(modal.id)?.closed).toBe(false);

    const good = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: intakeValues({ "intake_title.value": "Transport intake" }) });
    expect(good.body.response_action).toBe("update");
    const ref = /\*(\d{4}-\d{4,})\*/.exec(JSON.stringify(good.body.view))![1]!;
    await h.settle();
    const channel = h.emu.channels().find((c) => c.name.startsWith(`inc-${ref}`));
    expect(channel?.name).toBe(`inc-${ref}-transport-intake`);
    const card = h.emu.messages(channel!.id)[0]!;
    expect(h.emu.pins(channel!.id)).toContain(card.ts);
    expect(JSON.stringify(card.blocks)).toContain("Ministry of Examples");
  });

  it("consultation: proposed in a modal and decided with the buttons on the decision card", async () => {
    const incident = await newIncident("Transport consultation");
    const ref = incident.ref;
    const res = await propose(h, U.ppcLiaison, ref, { sharing_results: "To avoid contradictory findings." });
    expect(res.status).toBe(200);
    const card = await decisionCard(h, ref);
    expect(JSON.stringify(card.blocks)).toContain("consult_agree");
    const click = await clickPosition(h, U.niscLiaison, ref, "sharing_results", "consult_agree");
    expect(click.status).toBe(200);
    const tasks = await until(async () => {
      await h.settle();
      const t = (await h.store.tasksOfIncident(incident.id)).filter((x) => x.kind === "cooperation_item" && x.messageTs);
      return t.length === 1 ? t : undefined;
    }, "the agreed item was not posted as a task");
    const concluded = h.emu.message(card.channel, card.ts)!;
    expect(JSON.stringify(concluded.blocks)).not.toContain("consult_agree");
    expect(h.emu.messages(card.channel).some((m) => m.text.includes("連携事案"))).toBe(true);
    expect(JSON.stringify(h.emu.message(card.channel, tasks[0]!.messageTs!)!.blocks)).toContain("task_reassign");
  });

  it("message shortcut and event: a scope is designated from a message, a forward outside it is warned in the thread", async () => {
    const incident = await newIncident("Transport scope");
    // A case that agreed Art. 4(2)(ii): the designate form offers the agreed items and Art. 5(2) as the basis.
    await agreedCase(h, incident.ref, ["sharing_results"]);
    const channel = incident.channelId!;
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel, text: "Finding: credential Y on host 10.0.0.9" });
    const short = await h.driver.messageShortcut({ user: U.ppcStaff, channel, ts: message.ts, callbackId: "designate_sharing_scope" });
    expect(short.status).toBe(200);
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate"), { message: "designate modal did not open" });
    const done = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)" } });
    expect(done.errors).toBeUndefined();
    await h.settle();
    const label = await h.emu.waitFor(() => h.emu.messages(channel, { threadTs: message.ts })[0], { message: "no scope label in the thread" });
    expect(label.text).toContain("TLP:AMBER+STRICT");

    // The forward reaches the app as a `message` event (HTTP event callback or events_api envelope).
    const outside = channelWith(U.niscLiaison, U.outsider);
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel, ts: message.ts }, to: outside.id });
    expect(fwd.status).toBe(200);
    const warning = await h.emu.waitFor(() => h.emu.messages(outside.id, { threadTs: fwd.message.ts })[0], { message: "no warning in the thread" });
    expect(warning.text).toContain("TLP:AMBER+STRICT");
    expect(warning.text).not.toContain("credential Y");
  });

  it("App Home: opening the tab publishes the user's view with the open incidents", async () => {
    const incident = await newIncident("Transport home");
    const res = await h.driver.openHome(U.ppcLiaison);
    expect(res.status).toBe(200);
    const home = await h.emu.waitFor(() => {
      const v = h.emu.homeView(U.ppcLiaison);
      return v && JSON.stringify(v.view.blocks).includes(incident.ref) ? v : undefined;
    }, { message: "Home not published with the incident" });
    expect(home.type).toBe("home");
  });

  it("over Socket Mode, every envelope was acknowledged in time", () => {
    if (transport !== "socket") {
      expect(h.emu.socketMode.envelopes()).toEqual([]);
      return;
    }
    const envelopes = h.emu.socketMode.envelopes();
    expect(new Set(envelopes.map((e) => e.type))).toEqual(new Set(["slash_commands", "interactive", "events_api"]));
    expect(envelopes.every((e) => e.ackedAt !== undefined)).toBe(true);
    expect(h.emu.socketMode.violations()).toEqual([]);
  });
});
