// Scenario data for the benchmarks, created through the app as people would: an incident
// registered with `/renkei new` and the intake modal, a consultation proposed on its card.
import type { EmulatedStack } from "../../src/dev/emulated-stack";
import { ACTORS } from "./seed";

/** What the set-up needs of a running renkei: the emulator, a driver pointed at the app, its database, and a way to wait for its effects. */
export type ScenarioStack = Pick<EmulatedStack, "emu" | "driver" | "store" | "settle">;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`bench set-up: ${what} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Registers an incident through `/renkei new` and the intake modal, as PPC staff. */
export async function registerIncident(s: ScenarioStack, title: string): Promise<string> {
  const user = ACTORS.ppcStaff;
  const before = new Set(s.emu.openViews(user).map((v) => v.id));
  await s.driver.slashCommand({ user, text: "new" });
  const modal = await until(() => s.emu.openViews(user).find((v) => v.view.callback_id === "incident_intake" && !before.has(v.id)), "intake modal");
  const res = await s.driver.submitView({
    user,
    viewId: modal.id,
    values: {
      "intake_title.value": title,
      "intake_reporter_name.value": "Ministry of Examples",
      "intake_reporter_category.value": "1",
      "intake_appi_regime.value": "art68",
      "intake_supervising_agency.value": "Ministry of Examples",
      "intake_personal_data.value": "yes",
      "intake_aware_at.value": Math.floor(Date.now() / 1000) - 86_400,
      "intake_affected_count.value": "1200",
      "intake_summary.value": "Staff records were read by an unknown party.",
    },
  });
  const ref = /\*(\d{4}-\d{4,})\*/.exec(JSON.stringify(res.body?.view ?? ""))?.[1];
  if (!ref) throw new Error(`bench set-up: intake did not answer with a reference: ${JSON.stringify(res.body).slice(0, 300)}`);
  await s.settle();
  await until(async () => (await s.store.incidentByRef(ref))?.summaryTs, `card of ${ref}`);
  return ref;
}

/** A PPC liaison proposes `items` on the incident (PPC's positions are then recorded as agreed). */
export async function propose(s: ScenarioStack, ref: string, items: string[]) {
  const user = ACTORS.ppcLiaison;
  const incident = (await s.store.incidentByRef(ref))!;
  const before = new Set(s.emu.openViews(user).map((v) => v.id));
  await s.driver.clickButton({ user, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "consult_propose" });
  const modal = await until(() => s.emu.openViews(user).find((v) => v.view.callback_id === "consult_proposal" && !before.has(v.id)), "proposal modal");
  // Each tick redraws the form with that item's reason field.
  for (let n = 1; n <= items.length; n++) {
    await s.driver.clickInView({ user, viewId: modal.id, blockId: "consult_items", actionId: "value", value: items.slice(0, n) });
    await until(() => JSON.stringify(s.emu.view(modal.id)?.view.blocks ?? []).includes(`consult_need_${items[n - 1]}`), `reason field of ${items[n - 1]}`);
  }
  const values: Record<string, unknown> = { "consult_items.value": items, "consult_impact.value": "Two staff for a week." };
  for (const item of items) values[`consult_need_${item}.value`] = `We need NISC for ${item}.`;
  await s.driver.submitView({ user, viewId: modal.id, values });
  await s.settle();
  const header = new RegExp(`(第1回|round 1) — ${ref}`);
  return until(() => s.emu.messages(incident.channelId!).find((m) => header.test(m.text)), `decision card of ${ref}`);
}

