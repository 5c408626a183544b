import { describe, expect, it } from "vitest";
import { PPC_NISC_2023, type AgreementProfile } from "../config/profiles";
import { leakReportIntroductionTask } from "./tasks";
import type { Incident } from "./incident";

type TaskInput = Parameters<typeof leakReportIntroductionTask>[1];
const incident = (over: Partial<Pick<Incident, keyof TaskInput>> = {}): TaskInput => ({
  id: "inc-1",
  createdByParty: "nisc",
  createdByUserId: "U0NISCSTF1",
  providedByAdminBody: true,
  supervisingAgency: "Ministry of Examples",
  reporterName: "Examples Agency",
  ref: "2026-0001",
  state: "open",
  ...over,
});

describe("leakReportIntroductionTask (Art. 4(1))", () => {
  it("gives NISC a task assigned to the registering user when NISC registers information provided by an administrative body", () => {
    expect(leakReportIntroductionTask(PPC_NISC_2023, incident())).toEqual({
      dedupeKey: "art41:inc-1",
      kind: "introduce_leak_report_system",
      ownerParty: "nisc",
      assigneeUserId: "U0NISCSTF1",
      params: { agency: "Ministry of Examples", reporter: "Examples Agency", ref: "2026-0001", article: "4(1)", regime: "", delegated: "" },
      dueAt: null,
    });
  });

  it("also for a cooperation case", () => {
    expect(leakReportIntroductionTask(PPC_NISC_2023, incident({ state: "cooperation_case" }))).not.toBeNull();
  });

  it("no task when the other party (PPC) registers", () => {
    expect(leakReportIntroductionTask(PPC_NISC_2023, incident({ createdByParty: "ppc" }))).toBeNull();
  });

  it("no task when the information was not provided by a relevant administrative body", () => {
    expect(leakReportIntroductionTask(PPC_NISC_2023, incident({ providedByAdminBody: false }))).toBeNull();
  });

  it("no task when the incident is outside the memorandum (Art. 2)", () => {
    expect(leakReportIntroductionTask(PPC_NISC_2023, incident({ state: "out_of_scope" }))).toBeNull();
  });

  it("no task under a profile without an Art. 4(1) duty", () => {
    const profile: AgreementProfile = { ...PPC_NISC_2023, leakReportIntroduction: null };
    expect(leakReportIntroductionTask(profile, incident())).toBeNull();
  });

  it("follows the profile's party and article", () => {
    const profile: AgreementProfile = { ...PPC_NISC_2023, leakReportIntroduction: { party: "ppc", article: "3(2)" } };
    const task = leakReportIntroductionTask(profile, incident({ createdByParty: "ppc", createdByUserId: "U0PPC" }));
    expect(task?.ownerParty).toBe("ppc");
    expect(task?.assigneeUserId).toBe("U0PPC");
    expect(task?.params.article).toBe("3(2)");
    expect(leakReportIntroductionTask(profile, incident({ createdByParty: "nisc" }))).toBeNull();
  });
});
