import { describe, expect, it } from "vitest";
import { refusalFor } from "./permissions";
import type { Member, Role } from "./parties";

const member = (roles: Role[], party = "ppc", userId = "U0ME"): Member => ({ userId, party, roles });

describe("refusalFor", () => {
  it("refuses every permission to someone not in the directory", () => {
    for (const p of ["incident.register", "incident.view", "incident.edit", "channel.retry", "task.manage"] as const) {
      expect(refusalFor(undefined, p, { task: { ownerParty: "ppc", assigneeUserId: null }, incidentCreatedBy: "U0ME" })).toBe("not_a_member");
    }
  });

  it("incident.view: any member with any role", () => {
    for (const r of ["staff", "liaison", "manager", "admin"] as const) expect(refusalFor(member([r]), "incident.view")).toBeUndefined();
  });

  it("incident.register: staff, liaison and admin may; a manager-only member may not", () => {
    expect(refusalFor(member(["staff"]), "incident.register")).toBeUndefined();
    expect(refusalFor(member(["liaison"]), "incident.register")).toBeUndefined();
    expect(refusalFor(member(["admin"]), "incident.register")).toBeUndefined();
    expect(refusalFor(member(["manager"]), "incident.register")).toBe("role_required");
    expect(refusalFor(member(["manager", "staff"]), "incident.register")).toBeUndefined();
  });

  it("incident.edit (correcting deadlines): same roles as registering", () => {
    for (const r of ["staff", "liaison", "admin"] as const) expect(refusalFor(member([r], "nisc"), "incident.edit")).toBeUndefined();
    expect(refusalFor(member(["manager"]), "incident.edit")).toBe("role_required");
    expect(refusalFor(undefined, "incident.edit")).toBe("not_a_member");
  });

  it("channel.retry: the incident's creator, or a liaison/admin of either party", () => {
    expect(refusalFor(member(["staff"], "ppc", "U0ME"), "channel.retry", { incidentCreatedBy: "U0ME" })).toBeUndefined();
    expect(refusalFor(member(["staff"], "ppc", "U0ME"), "channel.retry", { incidentCreatedBy: "U0OTHER" })).toBe("role_required");
    expect(refusalFor(member(["manager"], "ppc", "U0ME"), "channel.retry", { incidentCreatedBy: "U0OTHER" })).toBe("role_required");
    expect(refusalFor(member(["staff"]), "channel.retry")).toBe("role_required");
    expect(refusalFor(member(["liaison"], "nisc"), "channel.retry", { incidentCreatedBy: "U0OTHER" })).toBeUndefined();
    expect(refusalFor(member(["admin"]), "channel.retry", { incidentCreatedBy: "U0OTHER" })).toBeUndefined();
  });

  it("channel.share_resend: a liaison or admin of either party; not staff or managers, not even the incident's creator", () => {
    expect(refusalFor(undefined, "channel.share_resend")).toBe("not_a_member");
    expect(refusalFor(member(["liaison"], "ppc"), "channel.share_resend")).toBeUndefined();
    expect(refusalFor(member(["liaison"], "nisc"), "channel.share_resend")).toBeUndefined();
    expect(refusalFor(member(["admin"], "nisc"), "channel.share_resend")).toBeUndefined();
    expect(refusalFor(member(["staff"], "ppc", "U0ME"), "channel.share_resend", { incidentCreatedBy: "U0ME" })).toBe("role_required");
    expect(refusalFor(member(["manager"], "nisc"), "channel.share_resend")).toBe("role_required");
  });

  describe("task.manage", () => {
    const task = { ownerParty: "nisc", assigneeUserId: "U0ASSIGNEE" };

    it("the assignee may complete their party's task, even as plain staff", () => {
      expect(refusalFor(member(["staff"], "nisc", "U0ASSIGNEE"), "task.manage", { task })).toBeUndefined();
    });

    it("other members of the owning party need liaison, manager or admin", () => {
      expect(refusalFor(member(["staff"], "nisc", "U0X"), "task.manage", { task })).toBe("role_required");
      for (const r of ["liaison", "manager", "admin"] as const) {
        expect(refusalFor(member([r], "nisc", "U0X"), "task.manage", { task })).toBeUndefined();
      }
      expect(refusalFor(member(["liaison"], "nisc", "U0X"), "task.manage", { task: { ownerParty: "nisc", assigneeUserId: null } })).toBeUndefined();
      expect(refusalFor(member(["staff"], "nisc", "U0X"), "task.manage", { task: { ownerParty: "nisc", assigneeUserId: null } })).toBe("role_required");
    });

    it("members of the other party are refused whatever their roles", () => {
      for (const r of ["staff", "liaison", "manager", "admin"] as const) {
        expect(refusalFor(member([r], "ppc", "U0X"), "task.manage", { task })).toBe("other_party_task");
      }
      // even if somehow named as assignee
      expect(refusalFor(member(["admin"], "ppc", "U0ASSIGNEE"), "task.manage", { task })).toBe("other_party_task");
    });

    it("without a task nothing can be completed", () => {
      expect(refusalFor(member(["admin"], "nisc"), "task.manage")).toBe("role_required");
    });
  });
});

describe("record.export (issue 6)", () => {
  it("managers and administrators of either party; staff and liaisons are refused; strangers are not members", () => {
    expect(refusalFor(member(["manager"]), "record.export")).toBeUndefined();
    expect(refusalFor(member(["admin"], "nisc"), "record.export")).toBeUndefined();
    expect(refusalFor(member(["staff"]), "record.export")).toBe("role_required");
    expect(refusalFor(member(["liaison"], "nisc"), "record.export")).toBe("role_required");
    expect(refusalFor(undefined, "record.export")).toBe("not_a_member");
  });
});
