// Agreement profiles: the parties, labels and cooperation items of a two-party memorandum are
// data, not code. NISC's functions passed to the National Cybersecurity Office in July 2025, and
// PPC signed memoranda of the same shape with other bodies, so renkei.yml can pick a built-in
// profile and override names and labels.
import type { Localized } from "../i18n/locale";
import { APPI_LEAK_REPORT_RULES_2024, type LeakReportRules } from "./leak-report-rules";

export type PartyProfile = {
  id: string;
  /** 甲 / 乙 in the memorandum. */
  designation: Localized;
  name: Localized;
  short: Localized;
};

export type CooperationItemProfile = {
  id: string;
  /** Article reference as the memorandum numbers it, e.g. "4(2)(i)". */
  article: string;
  name: Localized;
  /** Parties that may ask for this item; empty = either party. Art. 4(2)(v): only PPC asks. */
  requestedBy: string[];
  /** Parties that carry it out when asked; empty = either party. */
  providedBy: string[];
  /**
   * Who owns the agreed item's work: the party that proposed it ("requester"), or the party it
   * was asked of ("other": overseas cooperation and technical advice are done at the other's request).
   */
  performedBy: "requester" | "other";
};

/**
 * Art. 5(2): a category of information one party shares with the other in normal times, and its
 * direction (the memorandum says who provides what: PPC gives NISC attack methods and leak
 * statistics; NISC gives PPC research results, threat information and technology trends).
 */
export type SharingCategoryProfile = {
  id: string;
  name: Localized;
  /** The party that provides it. */
  from: string;
  /** The party it is shared with. */
  to: string;
};

export type AgreementProfile = {
  id: string;
  title: Localized;
  signedOn: string;
  parties: [PartyProfile, PartyProfile];
  cooperationItems: CooperationItemProfile[];
  /** Art. 4(1): the party that introduces the leak-report system when it receives information. */
  leakReportIntroduction: { party: string; article: string } | null;
  /** The party that receives the reporter's leak reports (APPI Art. 26(1) / 68(1)) and records their receipt. */
  leakReportRecipient: string | null;
  /** How the reporter's leak-report deadlines are counted, with their source (./leak-report-rules.ts). */
  leakReportRules: LeakReportRules;
  /** Art. 5(2): the normal-times sharing categories with their direction (none: no Art. 5(2) sharing). */
  normalTimesSharing?: SharingCategoryProfile[];
};

const both: string[] = [];

export const PPC_NISC_2023: AgreementProfile = {
  id: "ppc-nisc-2023",
  title: {
    ja: "個人情報保護委員会と内閣官房内閣サイバーセキュリティセンターの連携に関する覚書",
    en: "Memorandum on cooperation between the Personal Information Protection Commission and NISC",
  },
  signedOn: "2023-03-24",
  parties: [
    {
      id: "ppc",
      designation: { ja: "甲", en: "Party A" },
      name: { ja: "個人情報保護委員会", en: "Personal Information Protection Commission" },
      short: { ja: "個情委", en: "PPC" },
    },
    {
      id: "nisc",
      designation: { ja: "乙", en: "Party B" },
      name: {
        ja: "内閣官房内閣サイバーセキュリティセンター",
        en: "National center of Incident readiness and Strategy for Cybersecurity",
      },
      short: { ja: "NISC", en: "NISC" },
    },
  ],
  cooperationItems: [
    { id: "joint_investigation", article: "4(2)(i)", name: { ja: "共同調査", en: "Joint investigation" }, requestedBy: both, providedBy: both, performedBy: "requester" },
    { id: "sharing_results", article: "4(2)(ii)", name: { ja: "調査結果の共有", en: "Sharing investigation results" }, requestedBy: both, providedBy: both, performedBy: "requester" },
    { id: "prior_notice_of_powers", article: "4(2)(iii)", name: { ja: "権限行使の事前共有", en: "Prior sharing of the exercise of powers" }, requestedBy: both, providedBy: both, performedBy: "requester" },
    { id: "overseas_cooperation", article: "4(2)(iv)", name: { ja: "海外の関係機関との連携", en: "Cooperation with overseas bodies" }, requestedBy: both, providedBy: both, performedBy: "other" },
    { id: "technical_advice", article: "4(2)(v)", name: { ja: "技術的助言等の支援", en: "Technical advice and support" }, requestedBy: ["ppc"], providedBy: ["nisc"], performedBy: "other" },
    { id: "joint_alert", article: "4(2)(vi)", name: { ja: "共同の注意喚起等", en: "Joint alerts" }, requestedBy: both, providedBy: both, performedBy: "requester" },
  ],
  leakReportIntroduction: { party: "nisc", article: "4(1)" },
  leakReportRecipient: "ppc",
  leakReportRules: APPI_LEAK_REPORT_RULES_2024,
  // Art. 5(2)(1) PPC -> NISC, as far as Art. 1 needs; 5(2)(2) NISC -> PPC, to deepen PPC's
  // fact-finding, root-cause analysis and recurrence-prevention advice.
  normalTimesSharing: [
    { id: "attack_methods", name: { ja: "個別の重大インシデントにおける攻撃手法", en: "Attack methods in individual serious incidents" }, from: "ppc", to: "nisc" },
    { id: "leak_statistics", name: { ja: "漏えい等事案に関する統計情報", en: "Statistics on leak cases" }, from: "ppc", to: "nisc" },
    { id: "research_results", name: { ja: "調査研究の成果", en: "Research results" }, from: "nisc", to: "ppc" },
    { id: "threat_information", name: { ja: "最新の脅威情報", en: "Latest threat information" }, from: "nisc", to: "ppc" },
    { id: "technology_trends", name: { ja: "技術動向", en: "Technology trends" }, from: "nisc", to: "ppc" },
  ],
};

export const BUILT_IN_PROFILES: Record<string, AgreementProfile> = {
  [PPC_NISC_2023.id]: PPC_NISC_2023,
};
