import { describe, expect, it } from "vitest";
import type { Directory, Member } from "./parties";
import {
  consentFor,
  consentDecisionRefusal,
  consentRequestRefusal,
  requestAudience,
  designationRefusal,
  EMPTY_ALLOWANCES,
  isInside,
  outsiders,
  parseOrganisations,
  parseScope,
  providerOf,
  referencedMessages,
  scopeBases,
  SCOPE_LEVELS,
  type ScopeContext,
  type ScopeLevel,
  type SharingScope,
} from "./sharing-scope";

const members: Member[] = [
  { userId: "UPPC1", party: "ppc", roles: ["staff"] },
  { userId: "UPPC2", party: "ppc", roles: ["liaison"] },
  { userId: "UNISC1", party: "nisc", roles: ["staff"] },
  { userId: "UNISC2", party: "nisc", roles: ["liaison"] },
];
const directory: Directory = {
  member: (id) => members.find((m) => m.userId === id),
  membersOf: (party) => members.filter((m) => m.party === party),
  all: () => members,
};
const scope = (level: ScopeLevel, allow: Partial<SharingScope["allow"]> = {}): SharingScope => ({ level, allow: { ...EMPTY_ALLOWANCES, ...allow } });
// PPC provided it; the joint channel holds PPC1, PPC2 and NISC2 (NISC1 is not on this case).
const ctx = (over: Partial<ScopeContext> = {}): ScopeContext => ({ providerParty: "ppc", jointChannelMembers: ["UPPC1", "UPPC2", "UNISC2"], consents: [], ...over });
const everyone = ["UPPC1", "UPPC2", "UNISC1", "UNISC2", "UREPORTER", "UOTHER"];

describe("Art. 7 sharing scopes", () => {
  it("has the five FIRST TLP 2.0 levels", () => {
    expect([...SCOPE_LEVELS]).toEqual(["red", "amber_strict", "amber", "green", "clear"]);
  });

  it.each([
    ["red", ["UNISC1", "UNISC2", "UOTHER", "UREPORTER"]],
    ["amber_strict", ["UNISC1", "UOTHER", "UREPORTER"]],
    ["amber", ["UOTHER", "UREPORTER"]],
    ["green", ["UOTHER", "UREPORTER"]],
    ["clear", []],
  ] as const)("%s: these people of a channel holding everyone are outside", (level, outside) => {
    expect(outsiders(scope(level), { channelId: "CDEST", members: everyone }, directory, ctx())).toEqual([...outside].sort());
  });

  it("the providing party's own members are always inside (the scope binds the receiving party)", () => {
    for (const level of SCOPE_LEVELS) expect(isInside(scope(level), "UPPC1", "CDEST", directory, ctx({ jointChannelMembers: [] }))).toBe(true);
  });

  it("RED: named recipients only", () => {
    const red = scope("red", { users: ["UNISC2"] });
    expect(outsiders(red, { channelId: "CDEST", members: ["UPPC1", "UNISC2", "UNISC1"] }, directory, ctx())).toEqual(["UNISC1"]);
  });

  it("GREEN widened to the reporter: the named person is inside, others outside", () => {
    const green = scope("green", { users: ["UREPORTER"], organisations: ["Ministry of Examples"] });
    expect(outsiders(green, { channelId: "CDEST", members: everyone }, directory, ctx())).toEqual(["UOTHER"]);
  });

  it("a channel named in the allowances may receive it whoever is in it", () => {
    const amber = scope("amber", { channels: ["CWIDE"] });
    expect(outsiders(amber, { channelId: "CWIDE", members: everyone }, directory, ctx())).toEqual([]);
    expect(outsiders(amber, { channelId: "CELSE", members: everyone }, directory, ctx())).toEqual(["UOTHER", "UREPORTER"]);
  });

  it("consent widens the scope for the audience it was given for", () => {
    const dest = { channelId: "CDEST", members: ["UNISC1", "UOTHER"] };
    const before = outsiders(scope("amber_strict"), dest, directory, ctx());
    expect(before).toEqual(["UNISC1", "UOTHER"]);
    const consent = consentFor(dest, before);
    expect(outsiders(scope("amber_strict"), dest, directory, ctx({ consents: [consent] }))).toEqual([]);
  });

  it("a channel whose membership changed: someone who joined after the consent is outside again", () => {
    const consent = consentFor({ channelId: "CDEST", members: [] }, ["UOTHER"]);
    const later = { channelId: "CDEST", members: ["UOTHER", "UNEWCOMER", "UNISC2"] };
    expect(outsiders(scope("amber"), later, directory, ctx({ consents: [consent] }))).toEqual(["UNEWCOMER"]);
  });

  it("AMBER+STRICT follows the joint channel's current membership", () => {
    const dest = { channelId: "CDEST", members: ["UNISC1"] };
    expect(outsiders(scope("amber_strict"), dest, directory, ctx())).toEqual(["UNISC1"]);
    // NISC1 is invited to the case's channel: now one of the two parties' members in this case.
    expect(outsiders(scope("amber_strict"), dest, directory, ctx({ jointChannelMembers: ["UPPC1", "UNISC1", "UNISC2"] }))).toEqual([]);
    // A configured member never in the joint channel (or no joint channel at all) is outside.
    expect(outsiders(scope("amber_strict"), dest, directory, ctx({ jointChannelMembers: null }))).toEqual(["UNISC1"]);
  });

  it("only members of the providing party may designate", () => {
    expect(designationRefusal(members[0], "ppc")).toBeNull();
    expect(designationRefusal(members[2], "ppc")).toBe("not_provider");
    expect(designationRefusal(undefined, "ppc")).toBe("not_a_member");
    expect(designationRefusal(members[0], null)).toBe("unknown_provider");
  });

  it("the provider is the registered one, else the author's party; the bot's own posts need a registration", () => {
    expect(providerOf(directory, "UNISC1", null, "UBOT")).toBe("nisc");
    expect(providerOf(directory, "UNISC1", "ppc", "UBOT")).toBe("ppc");
    expect(providerOf(directory, "UBOT", null, "UBOT")).toBeNull();
    expect(providerOf(directory, "UBOT", "nisc", "UBOT")).toBe("nisc");
    expect(providerOf(directory, "UOTHER", null, "UBOT")).toBeNull();
  });

  it("bases are the Art. 4(2) items and Art. 5(2)", () => {
    expect(scopeBases(["4(2)(i)", "4(2)(ii)"])).toEqual(["4(2)(i)", "4(2)(ii)", "5(2)"]);
  });

  it("parses organisations and stored scopes", () => {
    expect(parseOrganisations("Reporter, 〇〇省、Reporter\n")).toEqual(["Reporter", "〇〇省"]);
    expect(parseScope(JSON.stringify(scope("green", { users: ["U1"] })))).toEqual(scope("green", { users: ["U1"] }));
    expect(parseScope('{"level":"purple"}')).toBeNull();
    expect(parseScope("not json")).toBeNull();
  });

  it("finds forwarded messages and pasted permalinks in a message event", () => {
    const refs = referencedMessages({
      text: "see <https://ws.slack.com/archives/C0SRC2/p1724966776474889?thread_ts=1724966700.000100&cid=C0SRC2> and <https://ws.slack.com/archives/C0SRC1/p1724966776000001>",
      attachments: [{ is_share: true, is_msg_unfurl: true, from_url: "https://ws.slack.com/archives/C0SRC1/p1724966776000001", channel_id: "C0SRC1", ts: "1724966776.000001" }, { title: "some link" }],
    });
    expect(refs).toEqual([
      { channelId: "C0SRC1", ts: "1724966776.000001", via: "forward" },
      { channelId: "C0SRC2", ts: "1724966776.474889", via: "permalink" },
    ]);
    expect(referencedMessages({ text: "nothing here https://example.com/archives/C1/p1" })).toEqual([]);
  });
});

describe("consent asked in advance (Art. 7)", () => {
  const scoped = { providerParty: "ppc", scope: { level: "amber_strict" as const, allow: EMPTY_ALLOWANCES } };
  it("is for the receiving party, on an item with a scope", () => {
    expect(consentRequestRefusal(members[2], scoped)).toBeNull();
    expect(consentRequestRefusal(members[0], scoped)).toBe("own_party");
    expect(consentRequestRefusal(undefined, scoped)).toBe("not_a_member");
    expect(consentRequestRefusal(members[2], { providerParty: "ppc", scope: null })).toBe("unscoped");
  });

  it("covers the named people and the channel's members, without the bot", () => {
    expect(requestAudience(["UB", "UA"], ["UA", "UBOT", "UC"], "UBOT")).toEqual(["UA", "UB", "UC"]);
  });

  it("is answered by the provider's liaisons only, once", () => {
    expect(consentDecisionRefusal(members[1], "ppc", "requested")).toBeNull();
    expect(consentDecisionRefusal(members[0], "ppc", "requested")).toBe("not_provider_liaison");
    expect(consentDecisionRefusal(members[3], "ppc", "requested")).toBe("not_provider_liaison");
    expect(consentDecisionRefusal(members[1], "ppc", "granted")).toBe("already_answered");
    expect(consentDecisionRefusal(undefined, "ppc", "requested")).toBe("not_a_member");
  });

  it("a granted consent lets its people receive it; a channel allowance lets anyone in that channel", () => {
    const scope: SharingScope = { level: "red", allow: { users: [], channels: ["CALLOWED"], organisations: [] } };
    const ctx: ScopeContext = { providerParty: "ppc", jointChannelMembers: [], consents: [{ channelId: null, users: ["UOUT"] }] };
    expect(isInside(scope, "UOUT", "CANY", directory, ctx)).toBe(true);
    expect(isInside(scope, "UOTHER", "CALLOWED", directory, ctx)).toBe(true);
    expect(isInside(scope, "UOTHER", "CANY", directory, ctx)).toBe(false);
  });
});
