import { describe, expect, it } from "vitest";
import { buildDigest, DIGEST_MAX_CHANGES, isQuietDigest, type Digest, type DigestChange, type DigestInput, type DigestScopeWarning } from "./digest";
import type { Consultation, PositionRecord, ProposedItem } from "./consultation";
import type { Incident } from "./incident";
import type { Task } from "./tasks";
import type { Activity, ActivityRecord } from "./activity";

const PARTIES = ["ppc", "nisc"];
/** Wednesday 2026-11-25, 08:30 JST: digest time. */
const NOW = new Date("2026-11-25T08:30:00+09:00");
const jst = (s: string) => new Date(`${s}+09:00`);
const DAY = 86_400_000;

let seq = 0;
const incident = (over: Partial<Incident> = {}): Incident => {
  const n = ++seq;
  return {
    title: `Incident ${n}`,
    reporterName: "Ministry of Examples",
    reporterCategory: 1,
    supervisingAgency: "Ministry of Examples",
    personalData: "yes",
    awareAt: jst("2026-11-24T09:00:00"),
    appiRegime: "art68",
    localPublicBody: false,
    ordinanceSpecialCareData: false,
    protectiveMeasures: false,
    delegatedRecipient: null,
    unlawfulPurposeSuspected: false,
    affectedCount: 1200,
    specialCareData: false,
    financialRiskData: false,
    summary: "Staff records were read by an unknown party.",
    providedByAdminBody: true,
    id: `inc-${n}`,
    ref: `2026-${String(n).padStart(4, "0")}`,
    state: "open",
    preliminaryDueAt: null,
    preliminaryDueEdited: false,
    finalDueAt: null,
    finalDueEdited: false,
    preliminaryReceivedOn: null,
    preliminaryReceiptNo: null,
    finalReceivedOn: null,
    finalReceiptNo: null,
    createdByUserId: "U0PPCSTAF1",
    createdByParty: "ppc",
    channelId: `C0INC${n}`,
    channelName: `inc-2026-${n}`,
    channelStatus: "ready",
    channelError: null,
    summaryTs: null,
    sharedInvitesSentAt: null,
    version: 1,
    createdAt: jst("2026-11-24T09:30:00"),
    updatedAt: jst("2026-11-24T09:30:00"),
    ...over,
  };
};

const task = (over: Partial<Task> = {}): Task => {
  const n = ++seq;
  return {
    id: `task-${n}`,
    dedupeKey: `coop:${n}`,
    incidentId: "inc-x",
    kind: "cooperation_item",
    itemType: "sharing_results",
    consultationId: "con-x",
    conditions: null,
    ownerParty: "ppc",
    assigneeUserId: "U0PPCLIAI1",
    params: {},
    dueAt: jst("2026-11-27T23:59:59"),
    status: "open",
    doneByUserId: null,
    doneAt: null,
    channelId: null,
    messageTs: null,
    version: 1,
    createdAt: jst("2026-11-20T10:00:00"),
    updatedAt: jst("2026-11-20T10:00:00"),
    ...over,
  };
};

const pos = (party: string, position: "agree" | "decline" = "agree"): PositionRecord => ({
  party,
  position,
  reason: position === "decline" ? "Not now." : null,
  conditions: null,
  decidedByUserId: `U0${party.toUpperCase()}LIA1`,
  decidedAt: jst("2026-11-24T12:00:00"),
});
const item = (itemType: string, ...positions: PositionRecord[]): ProposedItem => ({ id: `it-${itemType}`, itemType, need: "needed", positions });

const consultation = (incidentId: string, items: ProposedItem[], over: Partial<Consultation> = {}): Consultation => ({
  id: `con-${++seq}`,
  incidentId,
  round: 1,
  proposedByParty: "ppc",
  proposedByUserId: "U0PPCSTAF1",
  impactOnDuties: "Small.",
  status: "open",
  outcome: null,
  contactedAt: jst("2026-11-24T10:00:00"),
  concludedAt: null,
  channelId: "C0INC1",
  cardTs: "1764032400.000100",
  items,
  ...over,
});

const change = (i: number, over: Partial<DigestChange> = {}): DigestChange => ({
  at: new Date(jst("2026-11-24T09:00:00").getTime() + i * 60_000),
  action: `action-${i}`,
  article: null,
  actorUserId: "U0PPCSTAF1",
  actorParty: "ppc",
  entityType: "incident",
  entityId: "inc-1",
  ref: "2026-0001",
  ...over,
});

const input = (over: Partial<DigestInput> = {}): DigestInput => ({
  party: "ppc",
  parties: PARTIES,
  now: NOW,
  since: jst("2026-11-24T08:30:00"),
  openIncidents: [],
  openConsultations: [],
  tasks: [],
  changes: [],
  ...over,
});

describe("buildDigest: incidents", () => {
  it("splits open incidents from cooperation cases, keeping their order", () => {
    const a = incident();
    const b = incident({ state: "cooperation_case" });
    const c = incident();
    const d = incident({ state: "cooperation_case" });
    const digest = buildDigest(input({ openIncidents: [a, b, c, d] }));
    expect(digest.openIncidents.map((i) => i.id)).toEqual([a.id, c.id]);
    expect(digest.cooperationCases.map((i) => i.id)).toEqual([b.id, d.id]);
  });

  it("names the party and the period", () => {
    const since = jst("2026-11-24T08:31:00");
    const digest = buildDigest(input({ party: "nisc", since }));
    expect(digest.party).toBe("nisc");
    expect(digest.since).toEqual(since);
    expect(buildDigest(input({ since: null })).since).toBeNull();
  });
});

describe("buildDigest: positions the party owes (Art. 4(2))", () => {
  const inc = incident({ ref: "2026-0042" });

  it("lists a consultation only while the digest's party still owes a position, with just the items it owes", () => {
    const owedByBoth = consultation(inc.id, [item("joint_investigation"), item("sharing_results")]);
    const ppcDone = consultation(inc.id, [item("joint_alert", pos("ppc")), item("sharing_results", pos("ppc"))]);
    const ppcPartly = consultation(inc.id, [item("joint_investigation", pos("ppc"), pos("nisc")), item("sharing_results", pos("nisc")), item("joint_alert")]);
    const digest = buildDigest(input({ openIncidents: [inc], openConsultations: [owedByBoth, ppcDone, ppcPartly] }));
    expect(digest.awaitingPositions.map((a) => [a.consultation.id, a.ref, a.items])).toEqual([
      [owedByBoth.id, "2026-0042", ["joint_investigation", "sharing_results"]],
      [ppcPartly.id, "2026-0042", ["sharing_results", "joint_alert"]],
    ]);
  });

  it("the other party's digest lists what that party owes", () => {
    const c = consultation(inc.id, [item("joint_alert", pos("ppc")), item("sharing_results", pos("nisc"))]);
    const done = consultation(inc.id, [item("joint_alert", pos("nisc"))]);
    const digest = buildDigest(input({ party: "nisc", openIncidents: [inc], openConsultations: [c, done] }));
    expect(digest.awaitingPositions.map((a) => [a.consultation.id, a.items])).toEqual([[c.id, ["joint_alert"]]]);
  });

  it("a decline counts as a position taken", () => {
    const c = consultation(inc.id, [item("joint_alert", pos("ppc", "decline"))]);
    expect(buildDigest(input({ openIncidents: [inc], openConsultations: [c] })).awaitingPositions).toEqual([]);
  });

  it("not for a concluded round", () => {
    const c = consultation(inc.id, [item("joint_alert")], { status: "concluded", outcome: "no_cooperation", concludedAt: NOW });
    expect(buildDigest(input({ openIncidents: [inc], openConsultations: [c] })).awaitingPositions).toEqual([]);
  });

  it("an incident missing from the open incidents gives an empty ref, not a crash", () => {
    const c = consultation("inc-elsewhere", [item("joint_alert")]);
    expect(buildDigest(input({ openIncidents: [inc], openConsultations: [c] })).awaitingPositions.map((a) => a.ref)).toEqual([""]);
  });
});

describe("buildDigest: the party's tasks", () => {
  it("splits overdue from upcoming, each sorted by due date", () => {
    const over2 = task({ dueAt: jst("2026-11-23T23:59:59") });
    const over1 = task({ dueAt: jst("2026-11-20T23:59:59") });
    const up2 = task({ dueAt: jst("2026-12-01T23:59:59") });
    const up1 = task({ dueAt: jst("2026-11-25T12:00:00") });
    const digest = buildDigest(input({ tasks: [up2, over2, up1, over1] }));
    expect(digest.overdueTasks.map((t) => t.id)).toEqual([over1.id, over2.id]);
    expect(digest.upcomingTasks.map((t) => t.id)).toEqual([up1.id, up2.id]);
  });

  it("another party's tasks never appear, whichever digest", () => {
    const mine = task({ ownerParty: "ppc", dueAt: jst("2026-11-26T23:59:59") });
    const theirsUpcoming = task({ ownerParty: "nisc", dueAt: jst("2026-11-26T23:59:59") });
    const theirsOverdue = task({ ownerParty: "nisc", dueAt: jst("2026-11-20T23:59:59") });
    const tasks = [mine, theirsUpcoming, theirsOverdue];
    const ppc = buildDigest(input({ tasks }));
    expect([...ppc.overdueTasks, ...ppc.upcomingTasks].map((t) => t.id)).toEqual([mine.id]);
    const nisc = buildDigest(input({ party: "nisc", tasks }));
    expect(nisc.overdueTasks.map((t) => t.id)).toEqual([theirsOverdue.id]);
    expect(nisc.upcomingTasks.map((t) => t.id)).toEqual([theirsUpcoming.id]);
  });

  it("done tasks, tasks without a due date and tasks beyond the 7-day horizon are left out", () => {
    const done = task({ status: "done", dueAt: jst("2026-11-20T23:59:59"), doneAt: NOW, doneByUserId: "U0PPCLIAI1" });
    const undated = task({ dueAt: null });
    const far = task({ dueAt: new Date(NOW.getTime() + 7 * DAY + 1) });
    const edge = task({ dueAt: new Date(NOW.getTime() + 7 * DAY) });
    const digest = buildDigest(input({ tasks: [done, undated, far, edge] }));
    expect(digest.overdueTasks).toEqual([]);
    expect(digest.upcomingTasks.map((t) => t.id)).toEqual([edge.id]);
  });

  it("a task due exactly now is upcoming, a moment earlier overdue", () => {
    const now = task({ dueAt: new Date(NOW) });
    const before = task({ dueAt: new Date(NOW.getTime() - 1) });
    const digest = buildDigest(input({ tasks: [now, before] }));
    expect(digest.upcomingTasks.map((t) => t.id)).toEqual([now.id]);
    expect(digest.overdueTasks.map((t) => t.id)).toEqual([before.id]);
  });
});

describe("buildDigest: the reporters' report deadlines", () => {
  it("deadlines within 7 days, soonest first, later ones left out; past ones only while not received", () => {
    const a = incident({ preliminaryDueAt: jst("2026-11-27T23:59:59"), finalDueAt: jst("2026-12-24T23:59:59") });
    const b = incident({ state: "cooperation_case", preliminaryDueAt: jst("2026-11-24T23:59:59"), finalDueAt: jst("2026-11-26T12:00:00") });
    const c = incident({ preliminaryDueAt: jst("2026-11-25T18:00:00"), finalDueAt: new Date(NOW.getTime() + 7 * DAY) });
    const d = incident({ preliminaryDueAt: null, finalDueAt: null });
    const e = incident({ preliminaryDueAt: jst("2026-11-20T23:59:59"), preliminaryReceivedOn: "2026-11-19", finalDueAt: jst("2026-11-26T23:59:59"), finalReceivedOn: "2026-11-24", finalReceiptNo: "A-1" });
    const digest = buildDigest(input({ openIncidents: [a, b, c, d, e] }));
    expect(digest.deadlines.map((x) => [x.incident.id, x.which, x.dueAt.toISOString(), x.overdue, x.receivedOn])).toEqual([
      [b.id, "preliminary", jst("2026-11-24T23:59:59").toISOString(), true, null], // past, not received: overdue
      [c.id, "preliminary", jst("2026-11-25T18:00:00").toISOString(), false, null],
      [b.id, "final", jst("2026-11-26T12:00:00").toISOString(), false, null],
      [e.id, "final", jst("2026-11-26T23:59:59").toISOString(), false, "2026-11-24"], // received before its deadline
      [a.id, "preliminary", jst("2026-11-27T23:59:59").toISOString(), false, null],
      [c.id, "final", new Date(NOW.getTime() + 7 * DAY).toISOString(), false, null],
    ]);
  });

  it("one moment beyond 7 days is left out", () => {
    const a = incident({ preliminaryDueAt: new Date(NOW.getTime() + 7 * DAY + 1) });
    expect(buildDigest(input({ openIncidents: [a] })).deadlines).toEqual([]);
  });
});

describe("buildDigest: what changed", () => {
  it("keeps every change when there are at most DIGEST_MAX_CHANGES", () => {
    expect(DIGEST_MAX_CHANGES).toBe(15);
    const changes = Array.from({ length: 15 }, (_, i) => change(i));
    const digest = buildDigest(input({ changes }));
    expect(digest.changes).toEqual(changes);
    expect(digest.changesOmitted).toBe(0);
  });

  it("keeps the latest DIGEST_MAX_CHANGES and counts the rest as omitted", () => {
    const changes = Array.from({ length: 22 }, (_, i) => change(i));
    const digest = buildDigest(input({ changes }));
    expect(digest.changes.map((c) => c.action)).toEqual(changes.slice(7).map((c) => c.action));
    expect(digest.changesOmitted).toBe(7);
  });

  it("shows changes to incidents, consultations and tasks", () => {
    const changes = [change(0), change(1, { entityType: "consultation", entityId: "con-1" }), change(2, { entityType: "task", entityId: "task-1", actorParty: "nisc" })];
    expect(buildDigest(input({ changes })).changes).toEqual(changes);
  });

  it("never shows other entity types (a party's internal note), nor counts them as omitted", () => {
    const note = (i: number) => change(i, { entityType: "party_note", entityId: `note-${i}`, actorParty: "nisc", action: `note-${i}` });
    const shared = Array.from({ length: 16 }, (_, i) => change(i));
    const changes = [note(100), ...shared.slice(0, 8), note(101), ...shared.slice(8), note(102)];
    for (const party of PARTIES) {
      const digest = buildDigest(input({ party, changes }));
      expect(digest.changes.map((c) => c.entityType)).not.toContain("party_note");
      expect(digest.changes.map((c) => c.action)).toEqual(shared.slice(1).map((c) => c.action));
      expect(digest.changesOmitted).toBe(1);
    }
    const onlyNotes = buildDigest(input({ changes: [note(1), note(2), change(3, { entityType: "item_record", entityId: "rec-1" })] }));
    expect(onlyNotes.changes).toEqual([]);
    expect(onlyNotes.changesOmitted).toBe(0);
    expect(isQuietDigest(onlyNotes)).toBe(true);
  });
});

describe("buildDigest: only what the party may see (issue 12)", () => {
  it("an intake one party recorded as outside the memorandum is in that party's digest only", () => {
    const own = change(1, { action: "incident.recorded_out_of_scope", actorParty: "nisc", actorUserId: "U0NISCSTF1", entityId: "inc-9", ref: "2026-0009", ownerParty: "nisc" });
    const changes = [change(0), own, change(2)];
    expect(buildDigest(input({ party: "ppc", changes })).changes.map((c) => c.ref)).toEqual(["2026-0001", "2026-0001"]);
    expect(buildDigest(input({ party: "nisc", changes })).changes).toContainEqual(own);
    // Without the store's owner, the action alone keeps it with the party that recorded it.
    const bare = { ...own, ownerParty: undefined };
    expect(buildDigest(input({ party: "ppc", changes: [bare] })).changes).toEqual([]);
    expect(buildDigest(input({ party: "nisc", changes: [bare] })).changes).toEqual([bare]);
    // A later change on a party's own record follows its owner too.
    const later = change(3, { action: "incident.edited", actorParty: "nisc", entityId: "inc-9", ownerParty: "nisc" });
    expect(buildDigest(input({ party: "ppc", changes: [later] })).changes).toEqual([]);
  });

  it("carries the audit chain's head as given, and a digest with only the head is still quiet", () => {
    const digest = buildDigest(input({ auditHead: { count: 42, hash: "ab".repeat(32) } }));
    expect(digest.auditHead).toEqual({ count: 42, hash: "ab".repeat(32) });
    expect(isQuietDigest(digest)).toBe(true);
  });
});

describe("isQuietDigest", () => {
  it("a digest with nothing in it is quiet", () => {
    const digest = buildDigest(input());
    expect(digest).toEqual<Digest>({
      party: "ppc",
      since: input().since,
      openIncidents: [],
      cooperationCases: [],
      awaitingPositions: [],
      overdueTasks: [],
      upcomingTasks: [],
      deadlines: [],
      changes: [],
      changesOmitted: 0,
      scopeWarnings: [],
    });
    expect(isQuietDigest(digest)).toBe(true);
  });

  it("another party's tasks alone leave the digest quiet", () => {
    expect(isQuietDigest(buildDigest(input({ tasks: [task({ ownerParty: "nisc", dueAt: jst("2026-11-20T23:59:59") })] })))).toBe(true);
  });

  const inc = incident();
  it.each<[string, Partial<DigestInput>]>([
    ["an open incident", { openIncidents: [incident()] }],
    ["a cooperation case", { openIncidents: [incident({ state: "cooperation_case" })] }],
    ["a position owed", { openConsultations: [consultation(inc.id, [item("joint_alert")])] }],
    ["an overdue task", { tasks: [task({ dueAt: jst("2026-11-20T23:59:59") })] }],
    ["an upcoming task", { tasks: [task({ dueAt: jst("2026-11-28T23:59:59") })] }],
    ["a change", { changes: [change(1)] }],
  ])("is not quiet with %s", (_, over) => {
    expect(isQuietDigest(buildDigest(input(over)))).toBe(false);
  });

  it("is not quiet with only a deadline (checked on the digest itself)", () => {
    const digest: Digest = { ...buildDigest(input()), deadlines: [{ incident: incident(), which: "preliminary", dueAt: jst("2026-11-26T23:59:59") }] };
    expect(isQuietDigest(digest)).toBe(false);
  });
});

describe("buildDigest: Art. 7 scope warnings", () => {
  const warning = (over: Partial<DigestScopeWarning> = {}): DigestScopeWarning => ({
    id: `w-${++seq}`,
    ref: "2026-0007",
    providerParty: "ppc",
    forwarderParty: "nisc",
    forwardedByUserId: "U0NISCLIA1",
    channelId: "C0DEST1",
    via: "forward",
    level: "amber_strict",
    outsiderCount: 2,
    status: "open",
    createdAt: jst("2026-11-24T15:00:00"), // after `since` (2026-11-24 08:30)
    ...over,
  });

  it("the provider's digest lists its information's warnings; the forwarder's party sees its members' forwards", () => {
    const w = warning();
    const ppc = buildDigest(input({ scopeWarnings: [w] }));
    expect(ppc.scopeWarnings).toEqual([{ ...w, isNew: true, isOpen: true, side: "provider" }]);
    expect(isQuietDigest(ppc)).toBe(false);
    const nisc = buildDigest(input({ party: "nisc", scopeWarnings: [w] }));
    expect(nisc.scopeWarnings.map((x) => [x.id, x.side])).toEqual([[w.id, "forwarder"]]);
  });

  it("a third party's warnings, or a forward by someone in no party of the other side, never appear", () => {
    const elsewhere = warning({ providerParty: "nisc", forwarderParty: null });
    expect(buildDigest(input({ scopeWarnings: [elsewhere] })).scopeWarnings).toEqual([]);
    expect(isQuietDigest(buildDigest(input({ scopeWarnings: [elsewhere] })))).toBe(true);
  });

  it("open and removal-requested ones stay until answered; answered ones appear only in the first digest after they were raised", () => {
    const oldOpen = warning({ createdAt: jst("2026-11-10T10:00:00") });
    const oldRemovalRequested = warning({ status: "removal_requested", createdAt: jst("2026-11-11T10:00:00") });
    const oldConsented = warning({ status: "consented", createdAt: jst("2026-11-12T10:00:00") });
    const newConsented = warning({ status: "consented", createdAt: jst("2026-11-24T20:00:00") });
    const newRemoved = warning({ status: "removed", createdAt: jst("2026-11-24T21:00:00") });
    const d = buildDigest(input({ scopeWarnings: [newRemoved, oldConsented, newConsented, oldRemovalRequested, oldOpen] }));
    // Open first (oldest first), then the new answered ones.
    expect(d.scopeWarnings.map((w) => [w.id, w.isOpen, w.isNew])).toEqual([
      [oldOpen.id, true, false],
      [oldRemovalRequested.id, true, false],
      [newConsented.id, false, true],
      [newRemoved.id, false, true],
    ]);
  });

  it("without a previous digest, new means the last 24 hours; the boundary is exclusive of `since`", () => {
    const atSince = warning({ status: "consented", createdAt: jst("2026-11-24T08:30:00") });
    const justAfter = warning({ status: "consented", createdAt: jst("2026-11-24T08:30:01") });
    expect(buildDigest(input({ scopeWarnings: [atSince, justAfter] })).scopeWarnings.map((w) => w.id)).toEqual([justAfter.id]);
    const dayAgo = warning({ status: "removed", createdAt: new Date(NOW.getTime() - DAY + 1000) });
    const older = warning({ status: "removed", createdAt: new Date(NOW.getTime() - DAY - 1000) });
    expect(buildDigest(input({ since: null, scopeWarnings: [dayAgo, older] })).scopeWarnings.map((w) => w.id)).toEqual([dayAgo.id]);
  });
});

describe("normal-times cooperation in the digest (Arts. 5, 6, 8)", () => {
  const activity = (over: Partial<Activity> = {}): Activity => {
    const n = ++seq;
    return {
      id: `act-${n}`,
      ref: `A-2026-${String(n).padStart(3, "0")}`,
      kind: "event",
      article: "5(1)",
      title: `Activity ${n}`,
      ownerParty: "ppc",
      status: "open",
      data: {},
      scheduledAt: null,
      dueAt: null,
      channelId: "C0NORMAL1",
      messageTs: "1.0",
      createdByUserId: "U0PPCSTAF1",
      version: 1,
      createdAt: jst("2026-11-20T10:00:00"),
      updatedAt: jst("2026-11-20T10:00:00"),
      ...over,
    };
  };
  const record = (activityId: string, kind: string, party: string, version: number): ActivityRecord => ({ id: `r-${++seq}`, activityId, kind, party, byUserId: `U-${party}`, data: { version, text: "t" }, createdAt: jst("2026-11-24T10:00:00") });

  it("lists events of the next 14 days, soonest first, and not later or closed ones", () => {
    const soon = activity({ scheduledAt: jst("2026-12-01T14:00:00") });
    const sooner = activity({ scheduledAt: jst("2026-11-27T14:00:00") });
    const later = activity({ scheduledAt: jst("2026-12-20T14:00:00") });
    const held = activity({ scheduledAt: jst("2026-11-28T14:00:00"), status: "done" });
    const d = buildDigest(input({ openActivities: [soon, sooner, later, held].map((a) => ({ activity: a, records: [] })) }));
    expect(d.upcomingEvents?.map((a) => a.id)).toEqual([sooner.id, soon.id]);
    expect(isQuietDigest(d)).toBe(false);
  });

  it("lists consultations whose current resolution the party has not confirmed, and other due activities overdue first", () => {
    const c = activity({ kind: "consultation", article: "8", dueAt: jst("2026-11-30T23:59:59") });
    const records = [record(c.id, "resolution", "nisc", 1), record(c.id, "confirmation", "nisc", 1)];
    const overdue = activity({ kind: "advice", article: "5(3)", dueAt: jst("2026-11-24T23:59:59") });
    const due = activity({ kind: "share", article: "5(2)", dueAt: jst("2026-11-29T23:59:59") });
    const far = activity({ kind: "advice", article: "5(3)", dueAt: jst("2027-01-29T23:59:59") });
    const rows = [{ activity: c, records }, ...[due, overdue, far].map((a) => ({ activity: a, records: [] }))];
    const ppc = buildDigest(input({ party: "ppc", openActivities: rows }));
    expect(ppc.awaitingResolutions).toEqual([{ activity: c, version: 1 }]);
    expect(ppc.dueActivities?.map((a) => a.id)).toEqual([overdue.id, due.id]);
    const nisc = buildDigest(input({ party: "nisc", openActivities: rows }));
    expect(nisc.awaitingResolutions).toEqual([]);
    expect(nisc.dueActivities?.map((a) => a.id)).toEqual([overdue.id, due.id, c.id]); // confirmed: only its due date remains
  });

  it("stays quiet without open activities", () => {
    expect(isQuietDigest(buildDigest(input({ openActivities: [{ activity: activity({ status: "cancelled", scheduledAt: jst("2026-11-27T10:00:00") }), records: [] }] })))).toBe(true);
  });
});
