// Issue 5 (part): Art. 7 scope warnings feed the managers' daily digest. An out-of-scope forward
// shows in the providing party's digest and in the forwarding party's, with the incident and
// where it went, never the content; answered ones drop out after the digest that reported them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, until, type Harness, testClock } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase } from "./support/consultation";
import { runDigestSweep } from "../src/app/sweeps";
import { sharedItemByMessage } from "../src/store/sharing-scopes";

describe.each(testDatabases())("scope warnings in the digest (Art. 7) on %s", (database) => {
  let h: Harness;
  const clock = testClock("2026-11-25T10:00:00+09:00"); // a Wednesday, a business day
  beforeAll(async () => {
    h = await startHarness({ database, clock });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const SECRET = "Forensic finding: credential Z on host 10.9.9.9";
  const digestOf = (user: string, day: string) => h.emu.dms(user).filter((m) => m.text.includes(day));

  it("an out-of-scope forward appears in both parties' digests (provider and forwarder side) until answered", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Digest scope" }));
    await h.settle();
    // A case that agreed Art. 4(2)(ii): the designate form offers the agreed items and Art. 5(2) as the basis.
    await agreedCase(h, ref!, ["sharing_results"]);
    const incident = (await h.store.incidentByRef(ref!))!;
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: incident.channelId!, text: SECRET });
    await h.driver.messageShortcut({ user: U.ppcStaff, channel: incident.channelId!, ts: message.ts, callbackId: "designate_sharing_scope" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate"));
    await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)" } });
    await h.settle();
    const item = (await sharedItemByMessage(h.store.db, incident.channelId!, message.ts))!;

    const dest = h.emu.addChannel({ name: "nisc-team", isPrivate: true, members: [U.niscLiaison, U.niscStaff, U.outsider, h.emu.botUserId] });
    await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: incident.channelId!, ts: message.ts }, to: dest.id });
    const [warning] = await until(async () => {
      const rows = await h.store.db.scopeWarning.findMany({ where: { sharedInformationId: item.id } });
      return rows.length === 1 ? rows : undefined;
    }, "the forward was not warned about");
    await h.settle();

    clock.set("2026-11-26T09:00:00+09:00");
    await runDigestSweep(h);
    await h.settle();
    const ppc = digestOf(U.ppcManager, "2026-11-26");
    expect(ppc).toHaveLength(1);
    const section = ppc[0]!.blocks!.find((b) => (b as { block_id?: string }).block_id === "digest_scope_warnings") as { text: { text: string } } | undefined;
    expect(section, "PPC's digest has no scope warning section").toBeDefined();
    const line = section!.text.text;
    expect(line).toContain("共有範囲の外への共有（第7条）");
    expect(line).toContain(`*${ref}*`);
    expect(line).toContain("TLP:AMBER+STRICT");
    expect(line).toContain(`<#${dest.id}>`);
    expect(line).toContain(`<@${U.niscLiaison}>`);
    expect(line).toContain("範囲外 2名");
    expect(line).toContain("回答待ち");
    expect(line).toContain(":new:");
    expect(JSON.stringify(ppc[0]!.blocks)).not.toContain("credential Z"); // never the content
    // NISC's managers see their member's forward, marked as such.
    const nisc = digestOf(U.niscManager, "2026-11-26");
    expect(nisc).toHaveLength(1);
    const niscText = JSON.stringify(nisc[0]!.blocks);
    expect(niscText).toContain("digest_scope_warnings");
    expect(niscText).toContain("自組織の担当者による共有");

    // The next digest still lists it while open, no longer as new.
    clock.set("2026-11-27T09:00:00+09:00");
    await runDigestSweep(h);
    await h.settle();
    const next = JSON.stringify(digestOf(U.ppcManager, "2026-11-27")[0]!.blocks);
    expect(next).toContain(`<#${dest.id}>`);
    expect(next).not.toContain(":new:");

    // Consent answers it: the digest after that no longer lists it.
    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => JSON.stringify(m.blocks ?? []).includes(warning!.id)));
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent" });
    await until(async () => (await h.store.db.scopeWarning.findFirst({ where: { id: warning!.id } }))?.status === "consented", "consent not recorded");
    await h.settle();
    clock.set("2026-11-30T09:00:00+09:00"); // Monday
    await runDigestSweep(h);
    await h.settle();
    const after = JSON.stringify(digestOf(U.ppcManager, "2026-11-30")[0]!.blocks);
    expect(after).not.toContain("digest_scope_warnings");
  });
});
