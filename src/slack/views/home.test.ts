// App Home reads a bounded number of open consultations and shows the first items waiting for a
// decision; the rest are counted ("and N more"), and when the read was cut short, said to be at least that.
import { describe, expect, it } from "vitest";
import { parseRenkeiConfig } from "../../config/renkei-config";
import type { Consultation } from "../../domain/consultation";
import { testConfigInput, U } from "../../../test/support/harness";
import { personalContext } from "../render-context";
import { HOME_DECISIONS_SHOWN, homeView } from "./home";

const consultation = (id: string, items: string[]): Consultation => ({
  id, incidentId: "i1", round: 1, proposedByParty: "nisc", proposedByUserId: U.niscLiaison, impactOnDuties: "", status: "open", outcome: null,
  contactedAt: new Date("2026-12-01T00:00:00Z"), concludedAt: null, channelId: null, cardTs: null,
  items: items.map((itemType) => ({ id: `${id}-${itemType}`, itemType, need: "need", positions: [] })),
});

describe("App Home's decisions", () => {
  const config = parseRenkeiConfig(testConfigInput(), "test config");
  const member = config.directory.member(U.ppcLiaison)!;
  const rc = personalContext(config, { ...member, locale: "en" } as typeof member);
  const items = ["joint_investigation", "sharing_results", "joint_alert", "prior_notice_of_powers"];
  const many = [consultation("c1", items), consultation("c2", items), consultation("c3", items)]; // 12 items waiting
  const text = (v: ReturnType<typeof homeView>) => JSON.stringify(v.blocks);

  it(`shows ${HOME_DECISIONS_SHOWN} and counts the rest`, () => {
    const view = homeView(rc, member, { tasks: [], consultations: many, incidents: [] });
    expect(view.blocks.filter((b) => b.block_id?.startsWith("home_decision_"))).toHaveLength(HOME_DECISIONS_SHOWN);
    expect(text(view)).toContain("and 4 more");
  });

  it("says 'or more' when App Home did not read every open consultation", () => {
    expect(text(homeView(rc, member, { tasks: [], consultations: many, consultationsTruncated: true, incidents: [] }))).toContain("and 4 or more");
  });

  it("says nothing more when everything is shown", () => {
    expect(text(homeView(rc, member, { tasks: [], consultations: [consultation("c1", items)], incidents: [] }))).not.toContain("more");
  });
});
