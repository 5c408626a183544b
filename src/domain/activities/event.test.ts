import { describe, expect, it } from "vitest";
import type { Member } from "../parties";
import { eventRefusal, parsePreparation, validateEventForm } from "./event";

const TZ = "Asia/Tokyo";
const now = new Date("2026-11-25T01:00:00Z"); // 10:00 JST on 11-25
const event = new Date("2026-12-10T05:00:00Z"); // 14:00 JST on 12-10

describe("Art. 5(1) event form", () => {
  it("reads preparation lines, defaulting a missing due date to the day before the event", () => {
    const { tasks, errors } = parsePreparation("Book the room; 2026-12-01\n\nPrepare slides", event, now, TZ);
    expect(errors).toEqual([]);
    expect(tasks.map((t) => [t.text, t.dueAt.toISOString()])).toEqual([
      ["Book the room", "2026-12-01T14:59:59.000Z"],
      ["Prepare slides", "2026-12-09T14:59:59.000Z"],
    ]);
  });

  it("refuses bad lines with their number", () => {
    const { errors } = parsePreparation("ok; 2026-12-01\nx; 2026-13-01\ny; 2026-12-11\nz; 2026-11-20\n; 2026-12-01", event, now, TZ);
    expect(errors).toEqual([
      { field: "preparation", code: "bad_date", line: 2 },
      { field: "preparation", code: "due_after_event", line: 3 },
      { field: "preparation", code: "due_in_the_past", line: 4 },
      { field: "preparation", code: "bad_line", line: 5 },
    ]);
  });

  it("requires the fields and a future date", () => {
    const r = validateEventForm({ subKind: null, title: " ", scheduledAt: Math.floor(now.getTime() / 1000) - 60, ownerParty: "x", format: "joint", participants: [], description: null, preparation: null }, ["ppc", "nisc"], now, TZ);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => `${e.field}:${e.code}`)).toEqual(["subKind:required", "title:required", "scheduledAt:in_the_past", "ownerParty:unknown"]);
    const ok = validateEventForm({ subKind: "training", title: "Joint drill", scheduledAt: event.getTime() / 1000, ownerParty: "ppc", format: "co_hosted", participants: ["U1", "U1"], description: "", preparation: "Invite; 2026-12-03" }, ["ppc", "nisc"], now, TZ);
    expect(ok.ok && ok.event.activity.data).toEqual({ subKind: "training", format: "co_hosted", participants: ["U1"], description: "" });
    expect(ok.ok && ok.event.tasks).toHaveLength(1);
  });

  it("may be completed by whoever registered it or the organising party's liaison, manager or admin", () => {
    const a = { kind: "event" as const, status: "open", ownerParty: "ppc", createdByUserId: "UREG" };
    const m = (userId: string, party: string, roles: string[]) => ({ userId, party, roles }) as unknown as Member;
    expect(eventRefusal(undefined, a, "complete")).toBe("not_a_member");
    expect(eventRefusal(m("UREG", "nisc", ["staff"]), a, "complete")).toBeNull();
    expect(eventRefusal(m("U2", "ppc", ["staff"]), a, "complete")).toBe("not_organiser");
    expect(eventRefusal(m("U3", "nisc", ["liaison"]), a, "complete")).toBe("not_organiser");
    expect(eventRefusal(m("U4", "ppc", ["manager"]), a, "complete")).toBeNull();
    expect(eventRefusal(m("U4", "ppc", ["manager"]), { ...a, status: "done" }, "cancel")).toBe("not_open");
  });
});
