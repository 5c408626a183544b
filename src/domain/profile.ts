// The shape of an agreement profile: the parties, cooperation items and sharing categories of a
// two-party memorandum, as data (built-in profiles and renkei.yml overrides live in src/config).
import type { LeakReportRules } from "./leak-report-rules";
import type { Localized } from "./locale";

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
