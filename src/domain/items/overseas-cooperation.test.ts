import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../item-records";
import type { Member, Role } from "../parties";
import { overseasParties, overseasRefusal, overseasRequestsOf, validateDecline, validateOverseasRequest, validateResults, type OverseasRequest } from "./overseas-cooperation";

const member = (roles: Role[], party: string): Member => ({ userId: `U0${party.toUpperCase()}`, party, roles });
// The agreed item is owned by the party asked (NISC here); PPC proposed it.
const task = (status: "open" | "done" = "open") => ({ ownerParty: "nisc", params: { requester: "ppc", ref: "2026-0001" }, status });
const request = (status: OverseasRequest["status"]): OverseasRequest => ({ id: "R1", party: "ppc", byUserId: "U0PPC", createdAt: new Date(0), status, body: "CERT-X", ask: "What is known abroad?", decision: null, results: null });
const record = (over: Partial<ItemRecord>): ItemRecord => ({ id: "R1", taskId: "T1", kind: "overseas_request", party: "ppc", byUserId: "U0PPC", data: { body: "CERT-X", ask: "Q" }, status: "requested", version: null, createdAt: new Date(0), updatedAt: new Date(0), ...over });

describe("cooperation with overseas bodies (Art. 4(2)(iv))", () => {
  it("the requester is the proposing party, the party asked owns the item", () => {
    expect(overseasParties(task())).toEqual({ requester: "ppc", asked: "nisc" });
  });

  it("only the requester's staff, liaison and admins send requests", () => {
    for (const r of ["staff", "liaison", "admin"] as const) expect(overseasRefusal(member([r], "ppc"), task(), "request")).toBeNull();
    expect(overseasRefusal(member(["liaison"], "nisc"), task(), "request")).toBe("not_requester");
    expect(overseasRefusal(member(["manager"], "ppc"), task(), "request")).toBe("role_required");
    expect(overseasRefusal(undefined, task(), "request")).toBe("not_a_member");
    expect(overseasRefusal(member(["staff"], "ppc"), task("done"), "request")).toBe("task_done");
  });

  it("only the party asked accepts or declines, once, an open request", () => {
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "decide", request("requested"))).toBeNull();
    expect(overseasRefusal(member(["liaison"], "ppc"), task(), "decide", request("requested"))).toBe("not_asked_party");
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "decide", request("accepted"))).toBe("already_decided");
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "decide", request("declined"))).toBe("already_decided");
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "decide", null)).toBe("unknown_request");
  });

  it("results are recorded on accepted requests only, by the party asked", () => {
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "results", request("accepted"))).toBeNull();
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "results", request("requested"))).toBe("not_accepted");
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "results", request("completed"))).toBe("already_decided");
    expect(overseasRefusal(member(["staff"], "nisc"), task(), "results", request("declined"))).toBe("already_decided");
    expect(overseasRefusal(member(["staff"], "ppc"), task(), "results", request("accepted"))).toBe("not_asked_party");
  });

  it("validates the request, the decline reason and the results with the agreement's limits (required, 'none' if none)", () => {
    expect(validateOverseasRequest({ body: "CERT-X", ask: "Q" })).toEqual([]);
    expect(validateOverseasRequest({ body: " ", ask: "" })).toEqual([
      { field: "body", error: "required" },
      { field: "ask", error: "required" },
    ]);
    expect(validateOverseasRequest({ body: "x".repeat(201), ask: "Q" })).toEqual([{ field: "body", error: "too_long", max: 200 }]);
    expect(validateDecline("")).toEqual([{ field: "reason", error: "required" }]);
    expect(validateDecline("Not this week")).toEqual([]);
    expect(validateResults({ limits: "", results: "Known abroad: nothing" })).toEqual([{ field: "limits", error: "required" }]);
    expect(validateResults({ limits: "none", results: "Known abroad: nothing" })).toEqual([]);
  });

  it("reads requests from records, with their decision and results", () => {
    const rs = overseasRequestsOf([
      record({}),
      record({ id: "R2", status: "completed", data: { body: "B", ask: "A", decidedByUserId: "U0N", decidedAt: "2026-01-01T00:00:00.000Z", limits: "none", results: "R", completedByUserId: "U0N", completedAt: "2026-01-02T00:00:00.000Z" } }),
      record({ id: "R3", status: "declined", data: { body: "B", ask: "A", decidedByUserId: "U0N", decidedAt: "2026-01-01T00:00:00.000Z", declineReason: "busy" } }),
      record({ id: "X", kind: "advice_request" }),
      record({ id: "BAD", data: { nope: 1 } }),
    ]);
    expect(rs.map((r) => [r.id, r.status])).toEqual([
      ["R1", "requested"],
      ["R2", "completed"],
      ["R3", "declined"],
    ]);
    expect(rs[1]!.results).toEqual({ byUserId: "U0N", at: new Date("2026-01-02T00:00:00.000Z"), limits: "none", results: "R" });
    expect(rs[2]!.decision).toEqual({ byUserId: "U0N", at: new Date("2026-01-01T00:00:00.000Z"), reason: "busy" });
  });
});
