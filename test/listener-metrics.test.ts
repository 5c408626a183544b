// Issue 14, watchable: the Slack calls listeners make while answering someone (a modal opened, a
// private answer posted to the response_url) are counted in /metrics by method and outcome, like
// the effect runner's deliveries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "./support/databases";
import { startHarness, U, type Harness } from "./support/harness";

describe.each(testDatabases())("listener Slack calls in /metrics on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const series = async (method: string, outcome: string): Promise<number> => {
    const text = await (await fetch(`${h.baseUrl}/metrics`)).text();
    const m = new RegExp(`^renkei_slack_listener_calls_total\\{method="${method.replace(".", "\\.")}",outcome="${outcome}"\\} (\\d+)`, "m").exec(text);
    return m ? Number(m[1]) : 0;
  };

  it("counts views.open and response_url posts by outcome, and a refused views.open as an error", async () => {
    await h.driver.slashCommand({ user: U.ppcStaff, text: "new" });
    await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "incident_intake"), { message: "intake modal did not open" });
    await h.driver.slashCommand({ user: U.ppcStaff, text: "list" });
    await h.emu.waitFor(() => h.emu.calls("response_url").length > 0 || undefined, { message: "no answer to /renkei list" });
    // The answer is counted once the listener has it back.
    await expect.poll(() => series("views.open", "ok")).toBe(1);
    await expect.poll(() => series("response_url", "ok")).toBe(1);

    h.emu.failNext("views.open", { error: "expired_trigger_id" });
    await h.driver.slashCommand({ user: U.ppcStaff, text: "new" });
    await expect.poll(() => series("views.open", "error")).toBe(1);
    expect(await series("views.open", "ok")).toBe(1);
  });
});
