import { describe, expect, it } from "vitest";
import { INTAKE_LIMITS, isInScope, isOpen, validateIntake, type IntakeForm, type IntakeResult } from "./incident";

const NOW = new Date("2025-04-01T03:00:00Z");
const nowSec = NOW.getTime() / 1000;

const form = (over: Partial<IntakeForm> = {}): IntakeForm => ({
  title: "Unauthorised access to staff system",
  reporterName: "Ministry of Examples",
  reporterCategory: "1",
  supervisingAgency: "Ministry of Examples",
  personalData: "yes",
  awareAt: nowSec - 3600,
  appiRegime: "art68",
  flags: [],
  affectedCount: "1200",
  summary: "Phishing led to credential theft.",
  providedByAdminBody: true,
  ...over,
});

function errorsOf(result: IntakeResult) {
  if (result.ok) throw new Error("expected validation errors");
  return result.errors;
}
function intakeOf(result: IntakeResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.intake;
}

describe("validateIntake: a valid form", () => {
  it("gives a trusted intake with trimmed texts, a Date and the flags as booleans", () => {
    const intake = intakeOf(
      validateIntake(form({ title: "  Leak  ", flags: ["unlawful_purpose", "financial"], providedByAdminBody: false }), NOW),
    );
    expect(intake).toEqual({
      title: "Leak",
      reporterName: "Ministry of Examples",
      reporterCategory: 1,
      supervisingAgency: "Ministry of Examples",
      personalData: "yes",
      awareAt: new Date((nowSec - 3600) * 1000),
      appiRegime: "art68",
      localPublicBody: false,
      unlawfulPurposeSuspected: true,
      affectedCount: 1200,
      specialCareData: false,
      financialRiskData: true,
      ordinanceSpecialCareData: false,
      protectiveMeasures: false,
      delegatedRecipient: null,
      summary: "Phishing led to credential theft.",
      providedByAdminBody: false,
    });
  });

  it("the regime is asked, never defaulted from the category: a missing or old 'default' choice is refused", () => {
    expect(errorsOf(validateIntake(form({ reporterCategory: "3", appiRegime: null }), NOW))).toEqual({ appiRegime: "required" });
    expect(errorsOf(validateIntake(form({ reporterCategory: "3", appiRegime: "default" }), NOW))).toEqual({ appiRegime: "invalid_choice" });
    expect(intakeOf(validateIntake(form({ reporterCategory: "3", appiRegime: "art68" }), NOW)).appiRegime).toBe("art68");
    expect(intakeOf(validateIntake(form({ reporterCategory: "1", appiRegime: "art26" }), NOW)).appiRegime).toBe("art26");
  });

  it("a local public body is Art. 68 with Rules Art. 43(v); ordinance data and the delegated minister only where they apply", () => {
    expect(intakeOf(validateIntake(form({ reporterCategory: "4", appiRegime: "art68_local", flags: ["ordinance_special_care"] }), NOW))).toMatchObject({
      appiRegime: "art68",
      localPublicBody: true,
      ordinanceSpecialCareData: true,
    });
    expect(intakeOf(validateIntake(form({ appiRegime: "art26", flags: ["ordinance_special_care"], delegatedRecipient: " Minister " }), NOW))).toMatchObject({
      ordinanceSpecialCareData: false,
      delegatedRecipient: "Minister",
    });
    expect(intakeOf(validateIntake(form({ appiRegime: "art68", delegatedRecipient: "Minister" }), NOW)).delegatedRecipient).toBeNull();
    expect(intakeOf(validateIntake(form({ flags: ["protective_measures"] }), NOW)).protectiveMeasures).toBe(true);
  });

  it.each([
    ["1,200", 1200],
    ["1,000,000", 1000000],
    ["1，200", 1200],
    ["1_200", 1200],
    ["１，２００", 1200], // full-width, as Japanese input methods type it
    [" 42 ", 42],
    ["0", 0],
    [String(INTAKE_LIMITS.affectedCount), INTAKE_LIMITS.affectedCount],
  ])("accepts the count %j as %i", (text, n) => {
    expect(intakeOf(validateIntake(form({ affectedCount: text }), NOW)).affectedCount).toBe(n);
  });
});

describe("validateIntake: errors", () => {
  it.each(["title", "reporterName", "supervisingAgency", "summary"] as const)("%s: empty, whitespace-only or null is required", (field) => {
    for (const value of ["", "   \n ", null]) {
      expect(errorsOf(validateIntake(form({ [field]: value }), NOW))).toEqual({ [field]: "required" });
    }
  });

  it.each([
    ["title", INTAKE_LIMITS.title],
    ["reporterName", INTAKE_LIMITS.reporterName],
    ["supervisingAgency", INTAKE_LIMITS.supervisingAgency],
    ["summary", INTAKE_LIMITS.summary],
  ] as const)("%s: at most %i characters; one more is too_long", (field, max) => {
    expect(validateIntake(form({ [field]: "a".repeat(max) }), NOW).ok).toBe(true);
    expect(errorsOf(validateIntake(form({ [field]: "a".repeat(max + 1) }), NOW))).toEqual({ [field]: "too_long" });
  });

  it("counts Japanese characters and emoji as one character each", () => {
    const max = INTAKE_LIMITS.title;
    expect(validateIntake(form({ title: "漏".repeat(max) }), NOW).ok).toBe(true);
    expect(errorsOf(validateIntake(form({ title: "漏".repeat(max + 1) }), NOW))).toEqual({ title: "too_long" });
    // 😀 is two UTF-16 code units, but one character for the user
    expect(validateIntake(form({ title: "😀".repeat(max) }), NOW).ok).toBe(true);
    expect(errorsOf(validateIntake(form({ title: "😀".repeat(max + 1) }), NOW))).toEqual({ title: "too_long" });
  });

  it("counts length after trimming surrounding whitespace", () => {
    expect(validateIntake(form({ title: `   ${"a".repeat(INTAKE_LIMITS.title)}   ` }), NOW).ok).toBe(true);
  });

  it.each(["12a", "abc", "1.5", "1e3", "--1", "0x10", "十二"])("count %j is not_a_number", (text) => {
    expect(errorsOf(validateIntake(form({ affectedCount: text }), NOW))).toEqual({ affectedCount: "not_a_number" });
  });

  it("count: empty is required, below zero is negative, above the limit is too_large", () => {
    expect(errorsOf(validateIntake(form({ affectedCount: "" }), NOW))).toEqual({ affectedCount: "required" });
    expect(errorsOf(validateIntake(form({ affectedCount: null }), NOW))).toEqual({ affectedCount: "required" });
    expect(errorsOf(validateIntake(form({ affectedCount: " , " }), NOW))).toEqual({ affectedCount: "required" });
    expect(errorsOf(validateIntake(form({ affectedCount: "-1" }), NOW))).toEqual({ affectedCount: "negative" });
    expect(errorsOf(validateIntake(form({ affectedCount: "-1,000" }), NOW))).toEqual({ affectedCount: "negative" });
    expect(errorsOf(validateIntake(form({ affectedCount: String(INTAKE_LIMITS.affectedCount + 1) }), NOW))).toEqual({
      affectedCount: "too_large",
    });
  });

  it("awareAt: required when missing; up to 5 minutes in the future is accepted, beyond is in_future", () => {
    expect(errorsOf(validateIntake(form({ awareAt: null }), NOW))).toEqual({ awareAt: "required" });
    expect(validateIntake(form({ awareAt: nowSec }), NOW).ok).toBe(true);
    expect(validateIntake(form({ awareAt: nowSec + 300 }), NOW).ok).toBe(true);
    expect(errorsOf(validateIntake(form({ awareAt: nowSec + 301 }), NOW))).toEqual({ awareAt: "in_future" });
    expect(errorsOf(validateIntake(form({ awareAt: nowSec + 86_400 }), NOW))).toEqual({ awareAt: "in_future" });
  });

  it("the tolerance is relative to the given clock, not the real one", () => {
    const later = new Date(NOW.getTime() + 3600_000);
    expect(validateIntake(form({ awareAt: nowSec + 3000 }), later).ok).toBe(true);
    expect(validateIntake(form({ awareAt: nowSec + 3000 }), NOW).ok).toBe(false);
  });

  it("reporterCategory: required when missing, invalid_choice outside 1-4", () => {
    expect(errorsOf(validateIntake(form({ reporterCategory: null }), NOW))).toEqual({ reporterCategory: "required" });
    expect(errorsOf(validateIntake(form({ reporterCategory: "" }), NOW))).toEqual({ reporterCategory: "required" });
    for (const bad of ["0", "5", "x", "1.5", "-1"]) {
      expect(errorsOf(validateIntake(form({ reporterCategory: bad }), NOW))).toEqual({ reporterCategory: "invalid_choice" });
    }
  });

  it("personalData: required when missing, invalid_choice for anything but yes/maybe/no", () => {
    expect(errorsOf(validateIntake(form({ personalData: null }), NOW))).toEqual({ personalData: "required" });
    expect(errorsOf(validateIntake(form({ personalData: "perhaps" }), NOW))).toEqual({ personalData: "invalid_choice" });
  });

  it("appiRegime: an unknown choice is invalid_choice", () => {
    expect(errorsOf(validateIntake(form({ appiRegime: "art99" }), NOW))).toEqual({ appiRegime: "invalid_choice" });
  });

  it("reports every problem at once", () => {
    const errors = errorsOf(
      validateIntake(
        {
          title: "",
          reporterName: null,
          reporterCategory: "9",
          supervisingAgency: "x".repeat(201),
          personalData: null,
          awareAt: nowSec + 3600,
          appiRegime: "bogus",
          flags: [],
          affectedCount: "many",
          summary: " ",
          providedByAdminBody: false,
        },
        NOW,
      ),
    );
    expect(errors).toEqual({
      title: "required",
      reporterName: "required",
      reporterCategory: "invalid_choice",
      supervisingAgency: "too_long",
      personalData: "required",
      awareAt: "in_future",
      appiRegime: "invalid_choice",
      affectedCount: "not_a_number",
      summary: "required",
    });
  });
});

describe("isInScope / isOpen", () => {
  it("Art. 2: yes and maybe are in scope, no is not", () => {
    expect(isInScope({ personalData: "yes" })).toBe(true);
    expect(isInScope({ personalData: "maybe" })).toBe(true);
    expect(isInScope({ personalData: "no" })).toBe(false);
  });

  it("open and cooperation cases are open; out-of-scope and closed are not", () => {
    expect(isOpen({ state: "open" })).toBe(true);
    expect(isOpen({ state: "cooperation_case" })).toBe(true);
    expect(isOpen({ state: "closed" })).toBe(false);
    expect(isOpen({ state: "out_of_scope" })).toBe(false);
  });
});
