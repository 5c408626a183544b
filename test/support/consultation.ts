// Test helpers for Art. 4(2): propose through the modal, click positions on the decision card.
import { until, type Harness } from "./harness";

/** Opens the proposal modal from the incident card as `user` and submits it. */
export async function propose(h: Harness, user: string, ref: string, items: Record<string, string>, impact = "Two staff for a week.") {
  const incident = (await h.store.incidentByRef(ref))!;
  const before = h.emu.openViews(user).map((v) => v.id);
  await h.driver.clickButton({ user, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "consult_propose" });
  const modal = await h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "consult_proposal" && !before.includes(v.id)), { message: "proposal modal did not open" });
  return fillProposal(h, user, modal.id, items, impact);
}

/**
 * Ticks the items in an open proposal form (each tick redraws it with that item's reason field),
 * types the reasons and the impact, and submits it.
 */
export async function fillProposal(h: Harness, user: string, viewId: string, items: Record<string, string>, impact = "Two staff for a week.") {
  const ticked: string[] = [];
  for (const item of Object.keys(items)) {
    ticked.push(item);
    await h.driver.clickInView({ user, viewId, blockId: "consult_items", actionId: "value", value: [...ticked] });
    await h.emu.waitFor(() => (JSON.stringify(h.emu.view(viewId)?.view.blocks ?? []).includes(`"consult_need_${item}"`) ? true : undefined), { message: `no reason field for ${item}` });
  }
  const values: Record<string, unknown> = { "consult_items.value": Object.keys(items), "consult_impact.value": impact };
  for (const [item, need] of Object.entries(items)) values[`consult_need_${item}.value`] = need;
  return h.driver.submitView({ user, viewId, values });
}

/** The decision card of round `round` of the incident's consultation, once posted. */
export async function decisionCard(h: Harness, ref: string, round = 1) {
  const incident = (await h.store.incidentByRef(ref))!;
  const header = new RegExp(`(第${round}回|round ${round}) — ${ref}`);
  return h.emu.waitFor(() => h.emu.messages(incident.channelId!).find((m) => header.test(m.text)), { message: `decision card of round ${round} not posted` });
}

/** Clicks a position button on the decision card for one item. */
export async function clickPosition(
  h: Harness,
  user: string,
  ref: string,
  itemType: string,
  action: "consult_agree" | "consult_agree_conditions" | "consult_decline",
  round = 1,
) {
  const card = await decisionCard(h, ref, round);
  return h.driver.clickButton({ user, channel: card.channel, ts: card.ts, actionId: action, blockId: `consult_actions_${itemType}` });
}

/** Declines (or agrees with conditions) through the small modal the button opens. */
export async function positionWithText(h: Harness, user: string, ref: string, itemType: string, kind: "decline" | "conditions", text: string, round = 1) {
  const before = h.emu.openViews(user).map((v) => v.id);
  await clickPosition(h, user, ref, itemType, kind === "decline" ? "consult_decline" : "consult_agree_conditions", round);
  const callback = kind === "decline" ? "consult_decline" : "consult_conditions";
  const modal = await h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === callback && !before.includes(v.id)), { message: `${callback} modal did not open` });
  return h.driver.submitView({ user, viewId: modal.id, values: { [kind === "decline" ? "consult_reason.value" : "consult_conditions.value"]: text }, allowEmptyRequired: text === "" });
}

/** Registers an incident, proposes `items` as a PPC liaison and has NISC's liaison agree to all. */
export async function agreedCase(h: Harness, ref: string, items: string[]) {
  await propose(h, "U0PPCLIAI1", ref, Object.fromEntries(items.map((i) => [i, `We need NISC for ${i}.`])));
  for (const item of items) await clickPosition(h, "U0NISCLIA1", ref, item, "consult_agree");
  const incident = (await h.store.incidentByRef(ref))!;
  const tasks = await until(async () => {
    await h.settle();
    const t = (await h.store.tasksOfIncident(incident.id)).filter((x) => x.kind === "cooperation_item" && items.includes(x.itemType!) && x.messageTs);
    return t.length === items.length ? t : undefined;
  }, "agreed items were not posted as tasks");
  return tasks;
}
