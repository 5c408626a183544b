// Normal-times cooperation (Arts. 5, 6 and 8): what an activity is, whatever its kind. The rules of
// each kind live next to it (src/domain/activities/<kind>.ts); this module holds what they share.

/**
 * event: Art. 5(1) education and training, publicity and awareness (joint or co-hosted).
 * share: Art. 5(2) information sharing (attack methods, statistics, research, threats, trends).
 * advice: Art. 5(3) advice on a draft general standard the other party asked about.
 * consultation: Art. 6 other cooperation, or Art. 8 matters not covered / doubts about the memorandum.
 */
export const ACTIVITY_KINDS = ["event", "share", "advice", "consultation"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export function isActivityKind(v: unknown): v is ActivityKind {
  return typeof v === "string" && (ACTIVITY_KINDS as readonly string[]).includes(v);
}

/** The article each kind comes from; a consultation is under Art. 6 or Art. 8 (chosen when opened). */
export const ARTICLES_OF_KIND: Record<ActivityKind, readonly string[]> = {
  event: ["5(1)"],
  share: ["5(2)"],
  advice: ["5(3)"],
  consultation: ["6", "8"],
};

export type Activity = {
  id: string;
  ref: string;
  kind: ActivityKind;
  article: string;
  title: string;
  /** The party that organises (5(1)), provides (5(2)), asks for advice (5(3)) or proposes (6, 8). */
  ownerParty: string;
  /** open until the kind's own end: done, resolved or cancelled. */
  status: string;
  /** Kind-specific fields, validated by the kind's domain module. */
  data: Record<string, unknown>;
  scheduledAt: Date | null;
  dueAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
  createdByUserId: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export type NewActivity = Pick<Activity, "kind" | "article" | "title" | "ownerParty" | "data" | "createdByUserId"> &
  Partial<Pick<Activity, "status" | "scheduledAt" | "dueAt">>;

/** What a party recorded on an activity (advice given, a resolution proposed, a confirmation...). */
export type ActivityRecord = {
  id: string;
  activityId: string;
  kind: string;
  party: string;
  byUserId: string;
  data: Record<string, unknown>;
  createdAt: Date;
};

/** Activity references, separate from incident references: A-2026-001. */
export function formatActivityRef(year: number, sequence: number): string {
  return `A-${year}-${String(sequence).padStart(3, "0")}`;
}

export const ACTIVITY_REF_PATTERN = /^A-(\d{4})-(\d{3,})$/;

export function isActivityRef(text: string): boolean {
  return ACTIVITY_REF_PATTERN.test(text);
}

export function isOpenActivity(a: Pick<Activity, "status">): boolean {
  return a.status === "open";
}

/** The normal-times channel the bot created (when none is configured), as it progresses. */
export type NormalTimesChannelState =
  | { status: "pending"; channelId: null; error: null }
  | { status: "opened"; channelId: string; error: null }
  | { status: "ready"; channelId: string; error: null }
  | { status: "failed"; channelId: string | null; error: string };
