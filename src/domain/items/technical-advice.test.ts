import { describe, expect, it } from "vitest";
import { PPC_NISC_2023 } from "../../config/profiles";
import type { ItemRecord } from "../item-records";
import type { Member, Role } from "../parties";
import { adviceParties, adviceRefusal, adviceRequestsOf, validateAdvice, validateAdviceRequest, type AdviceRequest } from "./technical-advice";

const member = (roles: Role[], party: string): Member => ({ userId: `U0${party.toUpperCase()}`, party, roles });
const spec = PPC_NISC_2023.cooperationItems.find((c) => c.id === "technical_advice")!;
const task = { ownerParty: "nisc", params: { requester: "ppc" }, status: "open" as const };
const parties = adviceParties(spec, task);
const request = (status: AdviceRequest["status"]): AdviceRequest => ({ id: "Q1", party: "ppc", byUserId: "U0PPC", createdAt: new Date(0), topic: "containment", question: "How?", status, advice: [] });
const rec = (over: Partial<ItemRecord>): ItemRecord => ({ id: "Q1", taskId: "T", kind: "advice_request", party: "ppc", byUserId: "U0PPC", data: { topic: "root_cause", question: "Why?" }, status: "requested", version: null, createdAt: new Date(0), updatedAt: new Date(0), ...over });

describe("technical advice (Art. 4(2)(v))", () => {
  it("takes who asks and who advises from the profile", () => {
    expect(parties).toEqual({ requesters: ["ppc"], providers: ["nisc"] });
    // A profile leaving the item open to either party: the agreed item's requester and owner.
    expect(adviceParties({ requestedBy: [], providedBy: [] }, { ownerParty: "a", params: { requester: "b" } })).toEqual({ requesters: ["b"], providers: ["a"] });
    // Renamed parties are data: nothing is hard-coded.
    expect(adviceParties({ requestedBy: ["commission"], providedBy: ["ncO"] }, { ownerParty: "x", params: {} })).toEqual({ requesters: ["commission"], providers: ["ncO"] });
  });

  it("only the requesting party asks; the providing party's member is refused with the rule", () => {
    expect(adviceRefusal(member(["staff"], "ppc"), task, parties, "request")).toBeNull();
    expect(adviceRefusal(member(["liaison"], "nisc"), task, parties, "request")).toBe("not_requester");
    expect(adviceRefusal(member(["manager"], "ppc"), task, parties, "request")).toBe("role_required");
    expect(adviceRefusal(undefined, task, parties, "request")).toBe("not_a_member");
    expect(adviceRefusal(member(["staff"], "ppc"), { status: "done" }, parties, "request")).toBe("task_done");
  });

  it("only the providing party records advice, once per request", () => {
    expect(adviceRefusal(member(["staff"], "nisc"), task, parties, "advise", request("requested"))).toBeNull();
    expect(adviceRefusal(member(["liaison"], "ppc"), task, parties, "advise", request("requested"))).toBe("not_provider");
    expect(adviceRefusal(member(["staff"], "nisc"), task, parties, "advise", request("answered"))).toBe("already_answered");
    expect(adviceRefusal(member(["staff"], "nisc"), task, parties, "advise", null)).toBe("unknown_request");
  });

  it("validates the topic (one of the memorandum's six) and the texts", () => {
    expect(validateAdviceRequest({ topic: "fact_finding", question: "What logs?" })).toEqual([]);
    expect(validateAdviceRequest({ topic: "", question: " " })).toEqual([
      { field: "topic", error: "required" },
      { field: "question", error: "required" },
    ]);
    expect(validateAdviceRequest({ topic: "legal_advice", question: "x".repeat(2001) })).toEqual([
      { field: "topic", error: "invalid_choice" },
      { field: "question", error: "too_long", max: 2000 },
    ]);
    expect(validateAdvice("")).toEqual([{ field: "advice", error: "required" }]);
    expect(validateAdvice("Isolate the host.")).toEqual([]);
  });

  it("links advice records to their request", () => {
    const rs = adviceRequestsOf([
      rec({}),
      rec({ id: "Q2", status: "answered", data: { topic: "containment", question: "Q" } }),
      rec({ id: "A1", kind: "advice", party: "nisc", byUserId: "U0NISC", data: { requestId: "Q2", advice: "Do this" }, status: null }),
      rec({ id: "A2", kind: "advice", data: { requestId: "nope", advice: "orphan" } }),
    ]);
    expect(rs.map((r) => [r.id, r.topic, r.status, r.advice.map((a) => a.text)])).toEqual([
      ["Q1", "root_cause", "requested", []],
      ["Q2", "containment", "answered", ["Do this"]],
    ]);
  });
});
