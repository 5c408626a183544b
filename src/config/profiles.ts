// Agreement profiles: the parties, labels and cooperation items of a two-party memorandum are
// data, not code. NISC's functions passed to the National Cybersecurity Office in July 2025, and
// PPC signed memoranda of the same shape with other bodies, so renkei.yml can pick a built-in
// profile and override names and labels.
import type { PartyProfile, CooperationItemProfile, SharingCategoryProfile, AgreementProfile } from "../domain/profile";
import { APPI_LEAK_REPORT_RULES_2024 } from "../domain/leak-report-rules";

export type { PartyProfile, CooperationItemProfile, SharingCategoryProfile, AgreementProfile };

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
