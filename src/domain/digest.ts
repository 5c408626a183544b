// The managers' daily digest, per party: open incidents and cooperation cases, what changed since
// the last digest, positions the party still owes (Art. 4(2)), its overdue and upcoming tasks, and
// the reporters' leak-report deadlines coming up. Only what that party may see.
import type { Consultation } from "./consultation";
import { partiesAwaited } from "./consultation";
import type { Incident } from "./incident";
import type { Task } from "./tasks";
import type { Activity, ActivityRecord } from "./activity";
import { resolutionStateOf } from "./activities/consultation";
import type { AuditHead } from "./audit";

export const DIGEST_HORIZON_DAYS = 7;
export const DIGEST_MAX_CHANGES = 15;
/** Normal-times events (Art. 5(1)) are announced this far ahead. */
export const DIGEST_EVENT_HORIZON_DAYS = 14;

export type DigestChange = {
  at: Date;
  action: string;
  article: string | null;
  actorUserId: string;
  actorParty: string | null;
  entityType: string;
  entityId: string;
  ref: string | null;
  /**
   * The one party whose record this is, when it is not a joint one: an intake recorded as outside
   * the memorandum (Art. 2) stays with the party that recorded it. Null or absent: both parties'.
   */
  ownerParty?: string | null;
};

/**
 * Art. 7: a scoped message seen forwarded or linked where people outside its scope can read it.
 * Only where it went and who did it, never its content.
 */
export type DigestScopeWarning = {
  id: string;
  ref: string | null;
  providerParty: string;
  /** The forwarder's party, when they are a member of one. */
  forwarderParty?: string | null;
  forwardedByUserId: string;
  /** Destination channel (or DM) of the forward. */
  channelId: string;
  via: "forward" | "permalink";
  level: string | null;
  outsiderCount: number;
  status: "open" | "consented" | "removal_requested" | "removed";
  createdAt: Date;
};

/** Warnings still awaiting an outcome: neither consented to nor confirmed removed. */
export const OPEN_WARNING_STATUSES = ["open", "removal_requested"] as const;

export type Digest = {
  party: string;
  since: Date | null;
  openIncidents: Incident[];
  cooperationCases: Incident[];
  awaitingPositions: Array<{ consultation: Consultation; ref: string; items: string[] }>;
  overdueTasks: Task[];
  upcomingTasks: Task[];
  /** Report deadlines within the horizon, and past ones whose report is not received (overdue), with their receipt. */
  deadlines: Array<{ incident: Incident; which: "preliminary" | "final"; dueAt: Date; overdue?: boolean; receivedOn?: string | null }>;
  changes: DigestChange[];
  changesOmitted: number;
  /** The audit chain's head when the digest was made: posted each day to both parties, so it is kept outside the database (issue 12). */
  auditHead?: AuditHead | null;
  /** Art. 7 warnings of this party's information or its members' forwards: open ones, and any raised since the last digest. */
  scopeWarnings: Array<DigestScopeWarning & { isNew: boolean; isOpen: boolean; side: "provider" | "forwarder" }>;
  /** Normal-times cooperation (Arts. 5, 6, 8): events of the next 14 days. */
  upcomingEvents?: Activity[];
  /** Consultations (Arts. 6, 8) whose current resolution this party has not confirmed. */
  awaitingResolutions?: Array<{ activity: Activity; version: number }>;
  /** Other open activities with a due date within the horizon or past it, overdue first. */
  dueActivities?: Activity[];
};

export type DigestInput = {
  party: string;
  parties: string[];
  now: Date;
  since: Date | null;
  openIncidents: Incident[];
  openConsultations: Consultation[];
  /** Open tasks owned by the party, due before the horizon (or overdue). */
  tasks: Task[];
  changes: DigestChange[];
  /** Art. 7 warnings, open or recent (any party's: filtered here). */
  scopeWarnings?: DigestScopeWarning[];
  /** Open normal-times activities, with the records of consultations (resolutions, confirmations). */
  openActivities?: Array<{ activity: Activity; records: ActivityRecord[] }>;
  /** The audit chain's head now (count and last hash). */
  auditHead?: AuditHead | null;
};

/** Entity types whose changes both parties see (shared channels, joint records). */
const SHARED_ENTITIES = new Set(["incident", "consultation", "task", "activity"]);

export function buildDigest(input: DigestInput): Digest {
  const horizon = input.now.getTime() + DIGEST_HORIZON_DAYS * 86_400_000;
  const byId = new Map(input.openIncidents.map((i) => [i.id, i]));
  const awaitingPositions = input.openConsultations
    .filter((c) => partiesAwaited(c, input.parties).includes(input.party))
    .map((c) => ({
      consultation: c,
      ref: byId.get(c.incidentId)?.ref ?? "",
      items: c.items.filter((i) => !i.positions.some((p) => p.party === input.party)).map((i) => i.itemType),
    }));
  const mine = input.tasks.filter((t) => t.ownerParty === input.party && t.status === "open" && t.dueAt);
  const deadlines: Digest["deadlines"] = [];
  for (const incident of input.openIncidents) {
    for (const which of ["preliminary", "final"] as const) {
      const dueAt = which === "preliminary" ? incident.preliminaryDueAt : incident.finalDueAt;
      const receivedOn = (which === "preliminary" ? incident.preliminaryReceivedOn : incident.finalReceivedOn) ?? null;
      if (!dueAt || dueAt.getTime() > horizon) continue;
      if (dueAt.getTime() >= input.now.getTime()) deadlines.push({ incident, which, dueAt, overdue: false, receivedOn });
      else if (!receivedOn) deadlines.push({ incident, which, dueAt, overdue: true, receivedOn }); // past and not received
    }
  }
  deadlines.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  // Other parties' internal records never appear; the entity types here are all shared ones. A
  // record of one party's own (an out-of-scope intake) appears to that party only.
  const visible = input.changes.filter((c) => SHARED_ENTITIES.has(c.entityType) && isVisibleTo(c, input.party));
  const normalTimes = input.openActivities ? normalTimesOf(input, horizon) : {};
  return {
    party: input.party,
    since: input.since,
    openIncidents: input.openIncidents.filter((i) => i.state === "open"),
    cooperationCases: input.openIncidents.filter((i) => i.state === "cooperation_case"),
    awaitingPositions,
    overdueTasks: mine.filter((t) => t.dueAt!.getTime() < input.now.getTime()).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime()),
    upcomingTasks: mine.filter((t) => t.dueAt!.getTime() >= input.now.getTime() && t.dueAt!.getTime() <= horizon).sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime()),
    deadlines,
    changes: visible.slice(-DIGEST_MAX_CHANGES),
    changesOmitted: Math.max(0, visible.length - DIGEST_MAX_CHANGES),
    scopeWarnings: scopeWarningsFor(input),
    ...normalTimes,
    ...(input.auditHead !== undefined ? { auditHead: input.auditHead } : {}),
  };
}

/** Actions that record something of one party's own, whatever the store says of its owner. */
const OWN_PARTY_ACTIONS = new Set(["incident.recorded_out_of_scope"]);

/** Whether a change may appear in this party's digest: joint records to both, a party's own record to it alone. */
export function isVisibleTo(change: Pick<DigestChange, "action" | "actorParty" | "ownerParty">, party: string): boolean {
  if (change.ownerParty) return change.ownerParty === party;
  if (OWN_PARTY_ACTIONS.has(change.action)) return change.actorParty === party;
  return true;
}

/** Normal-times part of the digest: both parties see every activity (they run them together). */
function normalTimesOf(input: DigestInput, horizon: number): Pick<Digest, "upcomingEvents" | "awaitingResolutions" | "dueActivities"> {
  const now = input.now.getTime();
  const eventHorizon = now + DIGEST_EVENT_HORIZON_DAYS * 86_400_000;
  const open = (input.openActivities ?? []).filter((a) => a.activity.status === "open");
  const upcomingEvents = open
    .map((a) => a.activity)
    .filter((a) => a.kind === "event" && a.scheduledAt && a.scheduledAt.getTime() >= now && a.scheduledAt.getTime() <= eventHorizon)
    .sort((a, b) => a.scheduledAt!.getTime() - b.scheduledAt!.getTime());
  const awaitingResolutions: Array<{ activity: Activity; version: number }> = [];
  for (const { activity, records } of open) {
    if (activity.kind !== "consultation") continue;
    const state = resolutionStateOf(records, input.parties);
    if (state.current && state.awaiting.includes(input.party)) awaitingResolutions.push({ activity, version: state.current.version });
  }
  const awaited = new Set(awaitingResolutions.map((a) => a.activity.id));
  const dueActivities = open
    .map((a) => a.activity)
    .filter((a) => a.dueAt && a.dueAt.getTime() <= horizon && !awaited.has(a.id))
    .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime());
  return { upcomingEvents, awaitingResolutions, dueActivities };
}

export function isQuietDigest(d: Digest): boolean {
  return (
    d.openIncidents.length === 0 &&
    d.cooperationCases.length === 0 &&
    d.awaitingPositions.length === 0 &&
    d.overdueTasks.length === 0 &&
    d.upcomingTasks.length === 0 &&
    d.deadlines.length === 0 &&
    d.changes.length === 0 &&
    d.scopeWarnings.length === 0 &&
    (d.upcomingEvents?.length ?? 0) === 0 &&
    (d.awaitingResolutions?.length ?? 0) === 0 &&
    (d.dueActivities?.length ?? 0) === 0
  );
}

export const DIGEST_MAX_SCOPE_WARNINGS = 20;

/**
 * Art. 7 warnings for a party's managers: those of information the party provided (its liaisons
 * must consent or ask for removal) and those its own members caused by forwarding the other
 * party's information (the receiving party is the one Art. 7 binds). Shown while open, and once
 * more in the first digest after they were raised even if already answered. Without a previous
 * digest, "new" means the last 24 hours. Open ones first, oldest first.
 */
function scopeWarningsFor(input: DigestInput): Digest["scopeWarnings"] {
  const since = input.since ?? new Date(input.now.getTime() - 86_400_000);
  const out: Digest["scopeWarnings"] = [];
  for (const w of input.scopeWarnings ?? []) {
    const side = w.providerParty === input.party ? "provider" : w.forwarderParty === input.party ? "forwarder" : null;
    if (!side) continue;
    const isOpen = (OPEN_WARNING_STATUSES as readonly string[]).includes(w.status);
    const isNew = w.createdAt.getTime() > since.getTime() && w.createdAt.getTime() <= input.now.getTime();
    if (isOpen || isNew) out.push({ ...w, isNew, isOpen, side });
  }
  out.sort((a, b) => Number(b.isOpen) - Number(a.isOpen) || a.createdAt.getTime() - b.createdAt.getTime());
  return out.slice(0, DIGEST_MAX_SCOPE_WARNINGS);
}
