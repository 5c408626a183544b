import { describe, expect, it } from "vitest";
import { formErrors, plainText } from "./kit";

describe("inline errors of a modal are plain text", () => {
  it("drops mrkdwn marks and shows escaped characters and links as Slack would", () => {
    expect(plainText("Round 1 of the consultation on *2026-0003* is still open")).toBe("Round 1 of the consultation on 2026-0003 is still open");
    expect(plainText("_only_ ~this~ `code` <@U0ABC> <#C0DEF> <https://x.example/a|the draft> a &lt;b&gt; &amp; c")).toBe("only this code @U0ABC #C0DEF the draft a <b> & c");
    // Marks inside words and lone asterisks stay.
    expect(plainText("snake_case_name 2 * 3 = 6")).toBe("snake_case_name 2 * 3 = 6");
  });

  it("formErrors keeps the blocks and plain-texts each error", () => {
    expect(formErrors({ consult_items: "*2026-0001* is open", consult_impact: "Too long." })).toEqual({
      response_action: "errors",
      errors: { consult_items: "2026-0001 is open", consult_impact: "Too long." },
    });
  });
});
