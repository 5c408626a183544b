import { describe, expect, it } from "vitest";
import { runOutInvites, SHARED_INVITE_VALID_DAYS } from "./slack-connect";

describe("runOutInvites", () => {
  const now = new Date("2026-12-15T01:00:00Z");
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  it("is what was sent (or is being accepted) 14 days ago or more, and nothing else", () => {
    expect(SHARED_INVITE_VALID_DAYS).toBe(14);
    const invites = [
      { id: "old-invited", status: "invited", createdAt: daysAgo(14) },
      { id: "old-accepting", status: "accepting", createdAt: daysAgo(20) },
      { id: "young", status: "invited", createdAt: daysAgo(13.9) },
      { id: "waiting", status: "waiting_approval", createdAt: daysAgo(30) },
      { id: "shared", status: "shared", createdAt: daysAgo(30) },
      { id: "declined", status: "declined", createdAt: daysAgo(30) },
      { id: "resent", status: "resent", createdAt: daysAgo(30) },
    ];
    expect(runOutInvites(invites, now).map((i) => i.id)).toEqual(["old-invited", "old-accepting"]);
  });
});
