// What renkei logs while people use it, at the most verbose level (trace: Bolt's, the Web API
// client's and Socket Mode's own debug output included): what happened, never what people wrote,
// who they are, request bodies or secrets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger";
import { EMULATED_SIGNING_SECRET } from "../src/dev/emulated-stack";
import { intakeValues, startHarness, transports, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { positionWithText, propose } from "./support/consultation";

const MARKER = "ZQXMARKER";
const combos = testDatabases().flatMap((database) => transports.map((transport) => [transport, database] as const));

describe.each(combos)("logs at trace over %s on %s", (transport, database) => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ database, transport, log: createLogger("trace", (l) => lines.push(l)) });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("carry what happened, never the people's text, names, request bodies or tokens", async () => {
    // An intake with the marker in every free-text field, first refused inline, then registered.
    await h.driver.slashCommand({ user: U.ppcStaff, text: `new ${MARKER}-command` });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "incident_intake"), { message: "intake modal did not open" });
    const marked = intakeValues({
      "intake_title.value": `Leak ${MARKER}-title`,
      "intake_summary.value": `Records read ${MARKER}-summary`,
      "intake_reporter_name.value": `Ministry ${MARKER}-reporter`,
      "intake_supervising_agency.value": `Agency ${MARKER}-agency`,
    });
    const bad = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { ...marked, "intake_affected_count.value": `-${MARKER}` } });
    expect(bad.errors).toBeDefined();
    const good = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: marked });
    const ref = /\*(\d{4}-\d{4,})\*/.exec(JSON.stringify(good.body.view))![1]!;
    await h.settle();
    const incident = (await h.store.incidentByRef(ref))!;
    expect(h.emu.messages(incident.channelId!)[0]!.text + JSON.stringify(h.emu.messages(incident.channelId!)[0]!.blocks)).toContain(`${MARKER}-title`);

    // People talk in the channel, propose cooperation and decline with a reason.
    await h.driver.userMessage({ user: U.ppcStaff, channel: incident.channelId!, text: `Finding ${MARKER}-message on host` });
    await propose(h, U.ppcLiaison, ref, { sharing_results: `Need ${MARKER}-need` }, `Impact ${MARKER}-impact`);
    await h.settle();
    // Slack calls fail on the way (logged with Slack's code only).
    h.emu.failNext("chat.update", { error: "internal_error" });
    await positionWithText(h, U.niscLiaison, ref, "sharing_results", "decline", `Reason ${MARKER}-decline`);
    await h.settle();
    h.emu.failNext("views.publish", { error: "internal_error" });
    await h.driver.openHome(U.ppcLiaison);
    await h.settle();
    await h.driver.openHome(U.ppcLiaison);
    await until(async () => (await h.settle(), h.emu.homeView(U.ppcLiaison)), "home not published");
    const seen = [...lines];

    // It did log, down to the Slack libraries' request-level detail.
    const entries = seen.map((l) => JSON.parse(l) as { level: string; msg: string; lib?: string; key?: string });
    expect(entries.some((e) => e.level === "trace" && e.lib === "slack" && e.msg.startsWith("http request"))).toBe(true);
    expect(entries.some((e) => e.level === "warn" && e.msg === "effect failed")).toBe(true);
    // ... and none of it is what people wrote, who they are, or a secret.
    const all = seen.join("\n");
    expect(all).not.toContain(MARKER);
    expect(all).not.toContain(h.emu.botToken);
    expect(all).not.toContain(h.emu.appToken);
    expect(all).not.toContain(EMULATED_SIGNING_SECRET);
    expect(all).not.toMatch(/xox[abp]-|xapp-/);
    // Nor request bodies (Slack's JSON, Socket Mode envelopes, form posts).
    expect(all).not.toMatch(/"envelope_id"|payload=|"blocks"\s*:\s*\[/);
  }, 120_000);
});
