import { describe, expect, it } from "vitest";
import { parseRenkeiConfig } from "../../config/renkei-config";
import type { Task } from "../../domain/tasks";
import { testConfigInput } from "../../../test/support/harness";
import { renderContext } from "../render-context";
import { templateSection } from "./task-card";

const task = (params: Record<string, string>): Task =>
  ({ id: "t1", dedupeKey: "k", incidentId: "i1", kind: "introduce_leak_report_system", itemType: null, consultationId: null, conditions: null, ownerParty: "nisc", assigneeUserId: null, params, dueAt: null, status: "open", doneByUserId: null, doneAt: null }) as Task;

describe("the ready-to-send Art. 4(1) text", () => {
  const config = parseRenkeiConfig(testConfigInput(), "test config");
  it("names the delegated minister (APPI Art. 150) escaped once, not twice", () => {
    const block = templateSection(renderContext(config, "en"), task({ agency: "Agency <A&B>", reporter: "R", ref: "2026-0001", regime: "art26", delegated: "Minister of A&B" }));
    const text = JSON.stringify(block);
    expect(text).toContain("Minister of A&amp;B");
    expect(text).not.toContain("&amp;amp;");
    expect(text).toContain("Agency &lt;A&amp;B&gt;");
  });
});
