import { describe, expect, it } from "vitest";
import { internalChannelMembers, internalChannelName, internalChannelRefusal, releaseBases, releaseRefusal } from "./internal-channel";
import { isValidChannelName } from "./channel-name";
import type { Member } from "./parties";

const ppcStaff: Member = { userId: "UPPC1", party: "ppc", roles: ["staff"] };
const ppcLiaison: Member = { userId: "UPPC2", party: "ppc", roles: ["liaison"] };
const niscLiaison: Member = { userId: "UNISC2", party: "nisc", roles: ["liaison"] };

describe("internal channels (Art. 4(2))", () => {
  it("any registered member of the party may open it; not someone of no party, nor a party in another workspace", () => {
    expect(internalChannelRefusal(ppcStaff, false)).toBeNull();
    expect(internalChannelRefusal(undefined, false)).toBe("not_a_member");
    expect(internalChannelRefusal(niscLiaison, true)).toBe("external_party");
  });

  it("is named prefix-ref-party-internal within Slack's rules, numbered when taken", () => {
    expect(internalChannelName("renkei", "2026-0001", "ppc")).toBe("renkei-2026-0001-ppc-internal");
    expect(internalChannelName("renkei", "2026-0001", "ppc", 3)).toBe("renkei-2026-0001-ppc-internal-3");
    const long = internalChannelName("x".repeat(70), "2026-0001", "Some Party", 12);
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long.endsWith("-internal-12")).toBe(true);
    expect(isValidChannelName(internalChannelName("renkei", "2026-0001", "ＰＰＣ"))).toBe(true);
  });

  it("holds the party's liaisons and the requesters, once each", () => {
    expect(internalChannelMembers([ppcLiaison], ["UPPC1", "UPPC2", "UPPC1"])).toEqual(["UPPC1", "UPPC2"]);
  });
});

describe("releasing to the other party", () => {
  it("only from an internal channel, only by a member of its party", () => {
    expect(releaseRefusal(ppcStaff, "ppc")).toBeNull();
    expect(releaseRefusal(ppcStaff, null)).toBe("not_internal_channel");
    expect(releaseRefusal(niscLiaison, "ppc")).toBe("other_party");
    expect(releaseRefusal(undefined, "ppc")).toBe("not_a_member");
  });

  it("offers the Art. 4(2) items the case agreed, in the profile's order, then Art. 5(2)", () => {
    const items = [
      { id: "joint_investigation", article: "4(2)(i)" },
      { id: "sharing_results", article: "4(2)(ii)" },
      { id: "technical_advice", article: "4(2)(v)" },
    ];
    expect(releaseBases(items, ["technical_advice", "sharing_results", "sharing_results"])).toEqual(["4(2)(ii)", "4(2)(v)", "5(2)"]);
    expect(releaseBases(items, [])).toEqual(["5(2)"]);
  });
});
