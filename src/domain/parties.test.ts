import { describe, expect, it } from "vitest";
import { ROLES, hasRole, liaisonsOf, type Directory, type Member } from "./parties";

const members: Member[] = [
  { userId: "U1", party: "ppc", roles: ["staff"] },
  { userId: "U2", party: "ppc", roles: ["liaison", "manager"] },
  { userId: "U3", party: "nisc", roles: ["liaison"] },
  { userId: "U4", party: "nisc", roles: ["admin"] },
];
const directory: Directory = {
  member: (id) => members.find((m) => m.userId === id),
  membersOf: (party) => members.filter((m) => m.party === party),
  all: () => members,
};

describe("parties", () => {
  it("knows the four roles", () => {
    expect([...ROLES]).toEqual(["staff", "liaison", "manager", "admin"]);
  });

  it("hasRole is true when the member has any of the roles given", () => {
    expect(hasRole(members[1]!, "liaison")).toBe(true);
    expect(hasRole(members[1]!, "admin", "manager")).toBe(true);
    expect(hasRole(members[0]!, "liaison", "admin")).toBe(false);
    expect(hasRole(members[0]!)).toBe(false);
  });

  it("liaisonsOf lists only that party's liaison officers", () => {
    expect(liaisonsOf(directory, "ppc").map((m) => m.userId)).toEqual(["U2"]);
    expect(liaisonsOf(directory, "nisc").map((m) => m.userId)).toEqual(["U3"]);
    expect(liaisonsOf(directory, "nco")).toEqual([]);
  });
});
