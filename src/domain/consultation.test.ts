import { describe, expect, it } from "vitest";
import { PPC_NISC_2023, type AgreementProfile } from "../config/profiles";
import {
  canPropose,
  conclusionOf,
  otherParty,
  ownerOfItem,
  partiesAwaited,
  positionRefusal,
  PROPOSAL_LIMITS,
  requestableItems,
  validateProposal,
  type Consultation,
  type PositionRecord,
  type PositionValue,
  type Proposal,
  type ProposedItem,
} from "./consultation";
import type { Member, Role } from "./parties";

const PARTIES = ["ppc", "nisc"];
const ALL_ITEMS = ["joint_investigation", "sharing_results", "prior_notice_of_powers", "overseas_cooperation", "technical_advice", "joint_alert"];

const member = (party: string, roles: Role[], userId = `U0${party.toUpperCase()}${roles.join("").toUpperCase()}`): Member => ({ userId, party, roles });
const ppcLiaison = member("ppc", ["liaison"], "U0PPCLIAI1");
const niscLiaison = member("nisc", ["liaison"], "U0NISCLIA1");

const proposal = (items: string[], over: Partial<Proposal> = {}): Proposal => ({
  items: items.map((itemType) => ({ itemType, need: `We need ${itemType} because the reporter's systems overlap both remits.` })),
  impactOnDuties: "Two staff for a week; no other case is delayed.",
  ...over,
});

const position = (party: string, value: PositionValue, over: Partial<PositionRecord> = {}): PositionRecord => ({
  party,
  position: value,
  reason: value === "decline" ? "Outside our remit at present." : null,
  conditions: null,
  decidedByUserId: `U0${party.toUpperCase()}LIA1`,
  decidedAt: new Date("2026-11-25T11:00:00+09:00"),
  ...over,
});

const item = (itemType: string, positions: PositionRecord[] = []): ProposedItem => ({ id: `item-${itemType}`, itemType, need: "needed", positions });

const consultation = (items: ProposedItem[], over: Partial<Consultation> = {}): Consultation => ({
  id: "con-1",
  incidentId: "inc-1",
  round: 1,
  proposedByParty: "ppc",
  proposedByUserId: "U0PPCSTAF1",
  impactOnDuties: "Two staff for a week.",
  status: "open",
  outcome: null,
  contactedAt: new Date("2026-11-25T10:00:00+09:00"),
  concludedAt: null,
  channelId: "C0INC00001",
  cardTs: "1764032400.000100",
  items,
  ...over,
});

/** Records a position the way the app does: refused when positionRefusal says so, otherwise appended. */
function decide(
  c: Consultation,
  by: Member | undefined,
  itemType: string,
  value: PositionValue,
  opts: { reason?: string | null; conditions?: string | null } = {},
): { refusal: ReturnType<typeof positionRefusal>; consultation: Consultation } {
  const reason = opts.reason ?? null;
  const refusal = positionRefusal(by, c, itemType, value, reason);
  if (refusal) return { refusal, consultation: c };
  const items = c.items.map((i) =>
    i.itemType === itemType
      ? { ...i, positions: [...i.positions, position(by!.party, value, { reason, conditions: opts.conditions ?? null, decidedByUserId: by!.userId })] }
      : i,
  );
  return { refusal: undefined, consultation: { ...c, items } };
}

/** A profile after NISC's functions passed to the National Cybersecurity Office, with different items. */
const NCO_PROFILE: AgreementProfile = {
  ...PPC_NISC_2023,
  id: "ppc-nco-test",
  parties: [PPC_NISC_2023.parties[0], { ...PPC_NISC_2023.parties[1], id: "nco", short: { ja: "NCO", en: "NCO" } }],
  cooperationItems: [
    { id: "joint_investigation", article: "4(2)(i)", name: { ja: "共同調査", en: "Joint investigation" }, requestedBy: [], providedBy: [], performedBy: "requester" },
    { id: "technical_advice", article: "4(2)(v)", name: { ja: "技術的助言等の支援", en: "Technical advice" }, requestedBy: ["ppc"], providedBy: ["nco"], performedBy: "other" },
    // Made-up items: one only the renamed party may ask for and PPC provides; one done by whoever is asked.
    { id: "statistics", article: "5(2)(i)", name: { ja: "統計", en: "Statistics" }, requestedBy: ["nco"], providedBy: ["ppc"], performedBy: "other" },
    { id: "training", article: "5(1)(i)", name: { ja: "研修", en: "Training" }, requestedBy: [], providedBy: [], performedBy: "other" },
  ],
};

describe("validateProposal (Art. 4(2))", () => {
  it("refuses the same item twice (the round could never conclude)", () => {
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["joint_alert", "joint_alert"]), [])).toEqual([{ field: "items", error: "duplicate_item" }]);
  });

  it("accepts a complete proposal of items the proposer's party may request", () => {
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["joint_investigation", "technical_advice"]), [])).toEqual([]);
    expect(validateProposal(PPC_NISC_2023, "nisc", proposal(["sharing_results", "overseas_cooperation", "joint_alert"]), [])).toEqual([]);
  });

  it("needs at least one item", () => {
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal([]), [])).toEqual([{ field: "items", error: "none_selected" }]);
  });

  it("rejects an item the profile does not have", () => {
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["joint_lunch"]), [])).toEqual([{ field: "items", error: "unknown_item" }]);
  });

  it("only PPC may ask for technical advice (Art. 4(2)(v)); NISC is told who may", () => {
    expect(validateProposal(PPC_NISC_2023, "nisc", proposal(["technical_advice"]), [])).toEqual([
      { field: "items", error: "not_requestable", itemType: "technical_advice", allowed: ["ppc"] },
    ]);
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["technical_advice"]), [])).toEqual([]);
  });

  it("follows the profile's requestedBy, not hard-coded party names", () => {
    expect(validateProposal(NCO_PROFILE, "nco", proposal(["statistics"]), [])).toEqual([]);
    expect(validateProposal(NCO_PROFILE, "ppc", proposal(["statistics"]), [])).toEqual([
      { field: "items", error: "not_requestable", itemType: "statistics", allowed: ["nco"] },
    ]);
    expect(validateProposal(NCO_PROFILE, "nco", proposal(["technical_advice"]), [])).toEqual([
      { field: "items", error: "not_requestable", itemType: "technical_advice", allowed: ["ppc"] },
    ]);
    // An item of the built-in profile that this profile lacks is unknown here.
    expect(validateProposal(NCO_PROFILE, "ppc", proposal(["joint_alert"]), [])).toEqual([{ field: "items", error: "unknown_item" }]);
  });

  it("refuses an item already agreed in an earlier round, but not the others", () => {
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["sharing_results", "joint_alert"]), ["sharing_results"])).toEqual([
      { field: "items", error: "already_agreed" },
    ]);
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["joint_alert"]), ["sharing_results"])).toEqual([]);
  });

  it("needs a reason (need) for every item, blank counting as missing", () => {
    const p: Proposal = {
      items: [
        { itemType: "joint_investigation", need: "Hearings with the reporter are needed." },
        { itemType: "sharing_results", need: "   \n " },
        { itemType: "joint_alert", need: "" },
      ],
      impactOnDuties: "Small.",
    };
    expect(validateProposal(PPC_NISC_2023, "ppc", p, [])).toEqual([
      { field: "need", itemType: "sharing_results", error: "required" },
      { field: "need", itemType: "joint_alert", error: "required" },
    ]);
  });

  it("limits need to 1000 characters, counted as characters (Japanese text included) after trimming", () => {
    expect(PROPOSAL_LIMITS.need).toBe(1000);
    const ok = (need: string) => validateProposal(PPC_NISC_2023, "ppc", { items: [{ itemType: "joint_investigation", need }], impactOnDuties: "Small." }, []);
    expect(ok("調".repeat(1000))).toEqual([]);
    expect(ok(`  ${"a".repeat(1000)}  `)).toEqual([]);
    expect(ok("𠮷".repeat(1000))).toEqual([]); // astral characters count once each
    expect(ok("調".repeat(1001))).toEqual([{ field: "need", itemType: "joint_investigation", error: "too_long" }]);
  });

  it("needs the impact on the proposer's own duties", () => {
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["joint_alert"], { impactOnDuties: "  " }), [])).toEqual([{ field: "impact", error: "required" }]);
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["joint_alert"], { impactOnDuties: "x".repeat(1001) }), [])).toEqual([{ field: "impact", error: "too_long" }]);
    expect(validateProposal(PPC_NISC_2023, "ppc", proposal(["joint_alert"], { impactOnDuties: "x".repeat(1000) }), [])).toEqual([]);
  });

  it("reports every problem at once", () => {
    const errors = validateProposal(PPC_NISC_2023, "nisc", { items: [{ itemType: "technical_advice", need: "" }], impactOnDuties: "" }, []);
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: "items", error: "not_requestable", itemType: "technical_advice", allowed: ["ppc"] },
        { field: "need", itemType: "technical_advice", error: "required" },
        { field: "impact", error: "required" },
      ]),
    );
    expect(errors).toHaveLength(3);
  });
});

describe("canPropose", () => {
  it("staff, liaison officers and admins of either party may propose; managers alone may not", () => {
    expect(canPropose(member("ppc", ["staff"]))).toBe(true);
    expect(canPropose(member("nisc", ["liaison"]))).toBe(true);
    expect(canPropose(member("nisc", ["admin"]))).toBe(true);
    expect(canPropose(member("ppc", ["manager", "staff"]))).toBe(true);
    expect(canPropose(member("ppc", ["manager"]))).toBe(false);
    expect(canPropose(member("ppc", []))).toBe(false);
  });
});

describe("requestableItems", () => {
  it("PPC may request every item, in profile order", () => {
    expect(requestableItems(PPC_NISC_2023, "ppc").map((i) => i.id)).toEqual(ALL_ITEMS);
  });

  it("NISC may request everything but technical advice", () => {
    expect(requestableItems(PPC_NISC_2023, "nisc").map((i) => i.id)).toEqual(ALL_ITEMS.filter((i) => i !== "technical_advice"));
  });

  it("is data-driven: a custom profile with a renamed party", () => {
    expect(requestableItems(NCO_PROFILE, "nco").map((i) => i.id)).toEqual(["joint_investigation", "statistics", "training"]);
    expect(requestableItems(NCO_PROFILE, "ppc").map((i) => i.id)).toEqual(["joint_investigation", "technical_advice", "training"]);
    // The old party id has no special standing in the new profile.
    expect(requestableItems(NCO_PROFILE, "nisc").map((i) => i.id)).toEqual(["joint_investigation", "training"]);
  });
});

describe("positionRefusal", () => {
  const open = consultation([item("joint_investigation"), item("sharing_results")]);

  it("lets a liaison officer of either party record a position", () => {
    expect(positionRefusal(ppcLiaison, open, "joint_investigation", "agree", null)).toBeUndefined();
    expect(positionRefusal(niscLiaison, open, "joint_investigation", "decline", "We lack capacity this month.")).toBeUndefined();
  });

  it("refuses someone not in the directory", () => {
    expect(positionRefusal(undefined, open, "joint_investigation", "agree", null)).toBe("not_a_member");
  });

  it("refuses members who are not liaison officers, whatever else they are", () => {
    expect(positionRefusal(member("ppc", ["staff"]), open, "joint_investigation", "agree", null)).toBe("not_liaison");
    expect(positionRefusal(member("nisc", ["manager", "admin"]), open, "joint_investigation", "agree", null)).toBe("not_liaison");
  });

  it("refuses once the round is concluded", () => {
    const concluded = consultation([item("joint_investigation")], { status: "concluded", outcome: "cooperate", concludedAt: new Date() });
    expect(positionRefusal(ppcLiaison, concluded, "joint_investigation", "agree", null)).toBe("concluded");
  });

  it("refuses an item that was not proposed in this round", () => {
    expect(positionRefusal(ppcLiaison, open, "joint_alert", "agree", null)).toBe("unknown_item");
  });

  it("a party decides each item once; the other party still can", () => {
    const c = consultation([item("joint_investigation", [position("ppc", "agree")])]);
    expect(positionRefusal(member("ppc", ["liaison"], "U0PPCLIAI2"), c, "joint_investigation", "decline", "changed our mind")).toBe("already_decided");
    expect(positionRefusal(niscLiaison, c, "joint_investigation", "agree", null)).toBeUndefined();
  });

  it("declining needs a reason; agreeing does not", () => {
    expect(positionRefusal(ppcLiaison, open, "joint_investigation", "decline", null)).toBe("reason_required");
    expect(positionRefusal(ppcLiaison, open, "joint_investigation", "decline", " \n\t ")).toBe("reason_required");
    expect(positionRefusal(ppcLiaison, open, "joint_investigation", "agree", null)).toBeUndefined();
  });
});

describe("conclusionOf", () => {
  it("is null while any party has no position on any item", () => {
    expect(conclusionOf(consultation([item("joint_investigation")]), PARTIES)).toBeNull();
    expect(conclusionOf(consultation([item("joint_investigation", [position("ppc", "agree")])]), PARTIES)).toBeNull();
    expect(
      conclusionOf(consultation([item("joint_investigation", [position("ppc", "agree"), position("nisc", "agree")]), item("joint_alert", [position("nisc", "agree")])]), PARTIES),
    ).toBeNull();
  });

  it("a single decline does not conclude while the other party has not spoken", () => {
    expect(conclusionOf(consultation([item("joint_investigation", [position("nisc", "decline")])]), PARTIES)).toBeNull();
  });

  it("cooperates on items both agreed, collecting both parties' conditions", () => {
    const c = consultation([
      item("joint_investigation", [position("ppc", "agree", { conditions: "Hearings in Tokyo only" }), position("nisc", "agree", { conditions: "With the reporter's written consent" })]),
      item("sharing_results", [position("ppc", "agree"), position("nisc", "agree", { conditions: "   " })]),
    ]);
    expect(conclusionOf(c, PARTIES)).toEqual({
      outcome: "cooperate",
      agreed: [
        { itemType: "joint_investigation", conditions: ["Hearings in Tokyo only", "With the reporter's written consent"] },
        { itemType: "sharing_results", conditions: [] },
      ],
      declined: [],
    });
  });

  it("cooperates when at least one item has no decline, listing the declined ones with party and reason", () => {
    const c = consultation([
      item("joint_investigation", [position("ppc", "agree"), position("nisc", "decline", { reason: "No staff free this month" })]),
      item("joint_alert", [position("ppc", "agree"), position("nisc", "agree")]),
    ]);
    expect(conclusionOf(c, PARTIES)).toEqual({
      outcome: "cooperate",
      agreed: [{ itemType: "joint_alert", conditions: [] }],
      declined: [{ itemType: "joint_investigation", party: "nisc", reason: "No staff free this month" }],
    });
  });

  it("no cooperation when every item has a decline; both parties' declines are kept", () => {
    const c = consultation([
      item("joint_investigation", [position("ppc", "decline", { reason: "A" }), position("nisc", "decline", { reason: "B" })]),
      item("joint_alert", [position("ppc", "agree"), position("nisc", "decline", { reason: "C" })]),
    ]);
    expect(conclusionOf(c, PARTIES)).toEqual({
      outcome: "no_cooperation",
      agreed: [],
      declined: [
        { itemType: "joint_investigation", party: "ppc", reason: "A" },
        { itemType: "joint_investigation", party: "nisc", reason: "B" },
        { itemType: "joint_alert", party: "nisc", reason: "C" },
      ],
    });
  });

  it("waits for the parties it is given (renamed party)", () => {
    const c = consultation([item("training", [position("ppc", "agree"), position("nisc", "agree")])]);
    expect(conclusionOf(c, ["ppc", "nco"])).toBeNull();
    const done = consultation([item("training", [position("ppc", "agree"), position("nco", "agree")])]);
    expect(conclusionOf(done, ["ppc", "nco"])?.outcome).toBe("cooperate");
  });
});

describe("partiesAwaited", () => {
  it("lists the parties still owing a position on some item, in party order", () => {
    expect(partiesAwaited(consultation([item("joint_investigation")]), PARTIES)).toEqual(["ppc", "nisc"]);
    expect(partiesAwaited(consultation([item("joint_investigation", [position("nisc", "agree")])]), PARTIES)).toEqual(["ppc"]);
    expect(
      partiesAwaited(consultation([item("joint_investigation", [position("nisc", "agree"), position("ppc", "agree")]), item("joint_alert", [position("ppc", "agree")])]), PARTIES),
    ).toEqual(["nisc"]);
  });

  it("nobody once every position is in, or once the round is concluded", () => {
    expect(partiesAwaited(consultation([item("joint_investigation", [position("nisc", "agree"), position("ppc", "agree")])]), PARTIES)).toEqual([]);
    expect(partiesAwaited(consultation([item("joint_investigation")], { status: "concluded" }), PARTIES)).toEqual([]);
  });
});

describe("ownerOfItem", () => {
  it("technical advice is NISC's whoever proposes it", () => {
    expect(ownerOfItem(PPC_NISC_2023, "technical_advice", "ppc")).toBe("nisc");
    expect(ownerOfItem(PPC_NISC_2023, "technical_advice", "nisc")).toBe("nisc");
  });

  it("overseas cooperation is done by the party asked (the other one)", () => {
    expect(ownerOfItem(PPC_NISC_2023, "overseas_cooperation", "ppc")).toBe("nisc");
    expect(ownerOfItem(PPC_NISC_2023, "overseas_cooperation", "nisc")).toBe("ppc");
  });

  it.each(["joint_investigation", "sharing_results", "prior_notice_of_powers", "joint_alert"])("%s belongs to the proposer's party", (itemType) => {
    expect(ownerOfItem(PPC_NISC_2023, itemType, "ppc")).toBe("ppc");
    expect(ownerOfItem(PPC_NISC_2023, itemType, "nisc")).toBe("nisc");
  });

  it("follows a custom profile: renamed party and different items", () => {
    expect(ownerOfItem(NCO_PROFILE, "technical_advice", "ppc")).toBe("nco");
    expect(ownerOfItem(NCO_PROFILE, "statistics", "nco")).toBe("ppc");
    expect(ownerOfItem(NCO_PROFILE, "training", "ppc")).toBe("nco");
    expect(ownerOfItem(NCO_PROFILE, "training", "nco")).toBe("ppc");
    expect(ownerOfItem(NCO_PROFILE, "joint_investigation", "nco")).toBe("nco");
  });

  it("an item the profile lacks stays with the proposer", () => {
    expect(ownerOfItem(PPC_NISC_2023, "joint_lunch", "nisc")).toBe("nisc");
  });
});

describe("otherParty", () => {
  it("names the other party of the profile", () => {
    expect(otherParty(PPC_NISC_2023, "ppc")).toBe("nisc");
    expect(otherParty(PPC_NISC_2023, "nisc")).toBe("ppc");
    expect(otherParty(NCO_PROFILE, "ppc")).toBe("nco");
    expect(otherParty(NCO_PROFILE, "nco")).toBe("ppc");
  });
});

describe("a consultation round as a sequence", () => {
  it("propose, then positions one by one; the round concludes at exactly the last position", () => {
    const proposer = member("ppc", ["staff"], "U0PPCSTAF1");
    expect(canPropose(proposer)).toBe(true);
    const p = proposal(["joint_investigation", "technical_advice", "overseas_cooperation"]);
    expect(validateProposal(PPC_NISC_2023, proposer.party, p, [])).toEqual([]);
    let c = consultation(p.items.map((i) => item(i.itemType)));
    expect(partiesAwaited(c, PARTIES)).toEqual(["ppc", "nisc"]);

    // A staff member and a manager cannot decide for their party; nothing is recorded.
    for (const notLiaison of [proposer, member("nisc", ["manager"], "U0NISCMGR1")]) {
      const r = decide(c, notLiaison, "joint_investigation", "agree");
      expect(r.refusal).toBe("not_liaison");
      expect(r.consultation).toBe(c);
    }
    expect(partiesAwaited(c, PARTIES)).toEqual(["ppc", "nisc"]);

    const steps: Array<[Member, string, PositionValue, { reason?: string; conditions?: string }]> = [
      [ppcLiaison, "joint_investigation", "agree", { conditions: "With the reporter's consent" }],
      [ppcLiaison, "technical_advice", "agree", {}],
      [ppcLiaison, "overseas_cooperation", "agree", {}],
      [niscLiaison, "technical_advice", "agree", { conditions: "Remote support only" }],
      [niscLiaison, "overseas_cooperation", "decline", { reason: "No agreement with the foreign CSIRT covers this." }],
    ];
    const awaitedAfter = [["ppc", "nisc"], ["ppc", "nisc"], ["nisc"], ["nisc"], ["nisc"]];
    steps.forEach(([by, itemType, value, opts], n) => {
      const r = decide(c, by, itemType, value, opts);
      expect(r.refusal, `step ${n}`).toBeUndefined();
      c = r.consultation;
      expect(conclusionOf(c, PARTIES), `step ${n}`).toBeNull();
      expect(partiesAwaited(c, PARTIES), `step ${n}`).toEqual(awaitedAfter[n]);
    });

    // Deciding the same item twice is refused and changes nothing.
    expect(decide(c, ppcLiaison, "joint_investigation", "decline", { reason: "x" }).refusal).toBe("already_decided");
    // Declining without a reason is refused.
    expect(decide(c, niscLiaison, "joint_investigation", "decline").refusal).toBe("reason_required");

    const last = decide(c, niscLiaison, "joint_investigation", "agree");
    expect(last.refusal).toBeUndefined();
    c = last.consultation;
    expect(partiesAwaited(c, PARTIES)).toEqual([]);
    const conclusion = conclusionOf(c, PARTIES);
    expect(conclusion).toEqual({
      outcome: "cooperate",
      agreed: [
        { itemType: "joint_investigation", conditions: ["With the reporter's consent"] },
        { itemType: "technical_advice", conditions: ["Remote support only"] },
      ],
      declined: [{ itemType: "overseas_cooperation", party: "nisc", reason: "No agreement with the foreign CSIRT covers this." }],
    });
    // Who carries out the agreed items.
    expect(conclusion!.agreed.map((a) => [a.itemType, ownerOfItem(PPC_NISC_2023, a.itemType, c.proposedByParty)])).toEqual([
      ["joint_investigation", "ppc"],
      ["technical_advice", "nisc"],
    ]);

    // Once concluded, no more positions; a next round cannot re-propose the agreed items.
    const concluded: Consultation = { ...c, status: "concluded", outcome: conclusion!.outcome, concludedAt: new Date() };
    expect(decide(concluded, ppcLiaison, "joint_investigation", "agree").refusal).toBe("concluded");
    expect(partiesAwaited(concluded, PARTIES)).toEqual([]);
    const agreedItems = conclusion!.agreed.map((a) => a.itemType);
    expect(validateProposal(PPC_NISC_2023, "nisc", proposal(["joint_investigation"]), agreedItems)).toEqual([{ field: "items", error: "already_agreed" }]);
    expect(validateProposal(PPC_NISC_2023, "nisc", proposal(["overseas_cooperation"]), agreedItems)).toEqual([]);
  });

  it("a round where every item is declined ends in no cooperation at the last position", () => {
    let c = consultation([item("joint_alert")], { proposedByParty: "nisc" });
    c = decide(c, niscLiaison, "joint_alert", "agree").consultation;
    expect(conclusionOf(c, PARTIES)).toBeNull();
    const r = decide(c, ppcLiaison, "joint_alert", "decline", { reason: "Premature before the fact-finding ends." });
    expect(r.refusal).toBeUndefined();
    expect(conclusionOf(r.consultation, PARTIES)).toEqual({
      outcome: "no_cooperation",
      agreed: [],
      declined: [{ itemType: "joint_alert", party: "ppc", reason: "Premature before the fact-finding ends." }],
    });
  });
});
