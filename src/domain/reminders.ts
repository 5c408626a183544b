// What is due, and who should be reminded of it: tasks due soon or overdue (escalated to the
// owning party's managers after a while), positions not yet taken in a consultation (Art. 4(2)),
// planned exercises of powers the other party has not acknowledged (Art. 4(2)(iii)), and the
// reporter's APPI leak-report deadlines. Each reminder has a key naming its cause and period, so
// it is recorded as sent once however often the sweep runs, on however many replicas; the sweep
// gathers those it records into one message per person and per incident channel (ReminderBatcher).
import type { Directory } from "./parties";
import { liaisonsOf } from "./parties";
import { JAPANESE_GOVERNMENT_OFFICES, type OfficeCalendar } from "./office-calendar";
import { addDays, localDateOf, localDayNumber, zonedInstant, type LocalDate } from "./time";

export type ReminderSettings = {
  taskLeadDays: number;
  escalateAfterDays: number;
  positionAfterHours: number;
  deadlineLeadDays: number;
  quietHours: { start: string; end: string } | null;
  businessDaysOnly: boolean;
};

export type ReminderSnapshot = {
  /** Open tasks with a due date no later than the lead window's end. */
  tasks: Array<{ id: string; ownerParty: string; assigneeUserId: string | null; dueAt: Date }>;
  /** Open consultations contacted before the position threshold, with the parties still awaited. */
  consultations: Array<{ id: string; contactedAt: Date; awaitedParties: string[] }>;
  /** Planned exercises of powers not acknowledged yet (planned date as local YYYY-MM-DD). */
  powerNotices: Array<{ id: string; taskId: string; party: string; plannedDate: string }>;
  /** Open incidents with report deadlines whose reports have not been received (received: true where they have). */
  incidents: Array<{
    id: string;
    channelId: string | null;
    preliminaryDueAt: Date | null;
    finalDueAt: Date | null;
    preliminaryReceived?: boolean;
    finalReceived?: boolean;
  }>;
  /** The party that receives the reporter's leak reports (its liaisons and managers hear of overdue ones). */
  reportRecipient?: string | null;
  /** Art. 5(3): open requests for advice due no later than the lead window's end, with the party asked. */
  advice?: AdviceDue[];
  /** Arts. 6, 8: open consultations with an answer date in the window, with the parties that still owe their confirmation. */
  consultationsDue?: ConsultationDue[];
  /** Closed incidents whose review due date (YYYY-MM-DD) has passed, with the parties that have not recorded theirs. */
  reviewsDue?: ReviewDue[];
};

export type ReviewDue = { closureId: string; dueOn: string; awaitingParties: string[] };

export type AdviceDue = { id: string; advisingParty: string; dueAt: Date };
export type ConsultationDue = { id: string; awaitingParties: string[]; dueAt: Date };

/**
 * Who a reminder goes to when that is a group of a party's members rather than named people: the
 * effect stores the group, and its members are read from the directory when it is delivered
 * (storedReminder, reminderRecipients). The user ids of 25 managers in each of 100,000 queued
 * reminders made their rows ~3× as large, and the sweep's INSERTs that much slower.
 */
export type Audience = { liaisonsOf: string } | { managersOf: string } | { liaisonsNotOf: string };

export type Reminder = (
  | { kind: "task_due_soon" | "task_overdue"; key: string; taskId: string; to: string[] }
  | { kind: "task_escalation"; key: string; taskId: string; to: string[]; daysOverdue: number }
  | { kind: "position_pending"; key: string; consultationId: string; party: string; to: string[] }
  | { kind: "power_notice_unacknowledged"; key: string; recordId: string; taskId: string; to: string[] }
  | { kind: "report_deadline"; key: string; incidentId: string; which: "preliminary" | "final"; channelId: string }
  // the reporter's report past its deadline and not received: the channel and the recipient's liaisons, every open day
  | { kind: "report_overdue"; key: string; incidentId: string; which: "preliminary" | "final"; channelId: string; to: string[]; daysOverdue: number }
  // ...and the recipient's managers once `escalateAfterDays` past
  | { kind: "report_overdue_escalation"; key: string; incidentId: string; which: "preliminary" | "final"; to: string[]; daysOverdue: number }
  // Art. 5(3): a request for advice due soon or overdue, to the party asked (its managers after a while)
  | { kind: "advice_due_soon" | "advice_overdue"; key: string; activityId: string; party: string; to: string[] }
  | { kind: "advice_escalation"; key: string; activityId: string; party: string; to: string[]; daysOverdue: number }
  // Arts. 6, 8: a consultation's answer date near or past while a party has not confirmed a resolution
  | { kind: "consultation_due_soon" | "consultation_overdue"; key: string; activityId: string; party: string; to: string[] }
  | { kind: "consultation_escalation"; key: string; activityId: string; party: string; to: string[]; daysOverdue: number }
  // after closing (issue 15): a party's review past its due date, to that party's liaisons, weekly
  | { kind: "review_overdue"; key: string; closureId: string; party: string; to: string[]; daysOverdue: number }
) & {
  /** `to` named as a group (set whenever `to` is one): what the queued effect stores instead of the ids. */
  audience?: Audience;
};

/** Distributes Omit over the union's members. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A reminder as its effect stores it: without its key (the effect's dedupeKey) and, when it goes
 * to a group, without the group's user ids (`audience` names the group). Effects queued before
 * this form (key and `to` included) are read as they are.
 */
export type StoredReminder = OmitEach<Reminder, "key" | "to"> & { key?: string; to?: string[] };

/** The members of a group, in the directory's order. */
export function audienceMembers(audience: Audience, directory: Directory): string[] {
  if ("liaisonsOf" in audience) return liaisonsOf(directory, audience.liaisonsOf).map((m) => m.userId);
  if ("managersOf" in audience) return directory.membersOf(audience.managersOf).filter((m) => m.roles.includes("manager")).map((m) => m.userId);
  return directory
    .all()
    .filter((m) => m.party !== audience.liaisonsNotOf && m.roles.includes("liaison"))
    .map((m) => m.userId);
}

/** Who a reminder queued on its own (before ReminderBatcher) goes to: its named people, or its group's members in the directory now. */
export function reminderRecipients(r: StoredReminder, directory: Directory): string[] {
  return r.to ?? (r.audience ? audienceMembers(r.audience, directory) : []);
}

// ---- one message per recipient per sweep ----

/** A reminder as a recipient's message lists it: its cause, without its key or recipients. */
export type ReminderItem = OmitEach<Reminder, "key" | "to" | "audience">;

/** Where reminder messages go: a person's direct messages, or a channel (the incident channel of the report deadlines). */
export type ReminderDestination = { userId: string } | { channel: string };

/** Reminders listed in one message; a recipient's others are counted ("and N more"). */
export const REMINDERS_PER_MESSAGE = 10;

/**
 * Which reminders a message lists first when a recipient has more than it shows: escalations,
 * then what is overdue or awaited, then what is due soon, then reviews.
 */
const RANK: Record<Reminder["kind"], number> = {
  task_escalation: 0, report_overdue_escalation: 0, advice_escalation: 0, consultation_escalation: 0,
  report_overdue: 1, task_overdue: 1, position_pending: 1, power_notice_unacknowledged: 1, advice_overdue: 1, consultation_overdue: 1,
  report_deadline: 2, task_due_soon: 2, advice_due_soon: 2, consultation_due_soon: 2,
  review_overdue: 3,
};
const RANKS = 4;

/** The channel a reminder is also posted in: the incident channel, for the reporter's deadlines (not their escalation, which goes to managers). */
export function reminderChannel(r: ReminderItem): string | null {
  return r.kind === "report_deadline" || r.kind === "report_overdue" ? r.channelId : null;
}

/** One message of a sweep's: where it goes, the reminders it lists in the order listed, and how many more it counts. */
export type ReminderMessage = { to: ReminderDestination; items: ReminderItem[]; more: number };

/**
 * Messages queued in one effect: an incident channel's report deadlines are a message of their
 * own, so at 10,000 open incidents a sweep has ~10,000 messages; fifty to an effect keep the
 * outbox to a few hundred rows. The effect posts each once (a retry skips those posted: postOnce).
 */
export const REMINDER_MESSAGES_PER_EFFECT = 50;

/** What a sweep queues: up to REMINDER_MESSAGES_PER_EFFECT messages, and the key of the effect that posts them. */
export type ReminderBatch = { messages: ReminderMessage[]; dedupeKey: string };

/**
 * One addressee's reminders: up to REMINDERS_PER_MESSAGE of each rank kept (a rank's list made when
 * first needed; the sweep's own objects, copied without key and recipients only when listed), all counted.
 */
type Pile = { byRank: Array<Reminder[] | undefined>; total: number };

/**
 * Gathers a sweep's new reminders into one message per recipient: each person gets one direct
 * message listing their reminders (escalations first, REMINDERS_PER_MESSAGE at most, the rest
 * counted), and each incident channel one message for its report deadlines. A reminder to a
 * group is gathered once for the group and shared out to its members at the end, so a sweep of
 * 100,000 reminders to 25 liaisons never holds 2.5 million entries.
 */
export class ReminderBatcher {
  private readonly piles = new Map<string, Pile>();
  private readonly audiences = new Map<string, Audience>();

  constructor(private readonly directory: Directory, private readonly perMessage = REMINDERS_PER_MESSAGE) {}

  add(r: Reminder): void {
    const rank = RANK[r.kind];
    const channel = reminderChannel(r);
    if (channel) this.pile(`c:${channel}`, rank, r);
    if (r.audience) {
      const id = audienceId(r.audience);
      this.audiences.set(id, r.audience);
      this.pile(id, rank, r);
    } else {
      for (const userId of "to" in r ? r.to : []) this.pile(`u:${userId}`, rank, r);
    }
  }

  /**
   * The channels' messages gathered so far, taken out (REMINDER_MESSAGES_PER_EFFECT to an effect).
   * A channel's reminders all come from its incident's row, so once a slice of the snapshot is
   * added its channels are complete: the sweep queues them then, and at 50,000 incidents never
   * holds 50,000 channel messages at once.
   */
  channelBatches(perEffect = REMINDER_MESSAGES_PER_EFFECT): ReminderBatch[] {
    return this.effects(this.takeChannels(), perEffect);
  }

  /**
   * The messages not taken yet: one per person (the people of groups in directory order, then
   * those named only by a task) and per channel, REMINDER_MESSAGES_PER_EFFECT to an effect.
   */
  batches(perEffect = REMINDER_MESSAGES_PER_EFFECT): ReminderBatch[] {
    const ofUser = new Map<string, Pile[]>();
    const take = (userId: string, pile: Pile) => {
      const piles = ofUser.get(userId);
      if (piles) piles.push(pile);
      else ofUser.set(userId, [pile]);
    };
    for (const [id, audience] of this.audiences) for (const userId of audienceMembers(audience, this.directory)) take(userId, this.piles.get(id)!);
    const messages = this.takeChannels();
    for (const [id, pile] of this.piles) if (id.startsWith("u:")) take(id.slice(2), pile);
    for (const [userId, piles] of ofUser) messages.push(this.message({ userId }, piles));
    return this.effects(messages, perEffect);
  }

  /** The channels' messages, their piles taken out. */
  private takeChannels(): Array<{ message: ReminderMessage; firstKey: string }> {
    const messages: Array<{ message: ReminderMessage; firstKey: string }> = [];
    for (const [id, pile] of this.piles) {
      if (!id.startsWith("c:")) continue;
      messages.push(this.message({ channel: id.slice(2) }, [pile]));
      this.piles.delete(id);
    }
    return messages;
  }

  private effects(messages: Array<{ message: ReminderMessage; firstKey: string }>, perEffect: number): ReminderBatch[] {
    const out: ReminderBatch[] = [];
    for (let i = 0; i < messages.length; i += perEffect) {
      const slice = messages.slice(i, i + perEffect);
      const first = slice[0]!;
      const to = "userId" in first.message.to ? first.message.to.userId : first.message.to.channel;
      // The first message's first reminder was recorded by this sweep alone (ReminderSent): no
      // other sweep, here or on another replica, queues an effect with this key.
      out.push({ messages: slice.map((m) => m.message), dedupeKey: `remind:to:${to}:${first.firstKey}` });
    }
    return out;
  }

  private pile(id: string, rank: number, listed: Reminder): void {
    let pile = this.piles.get(id);
    if (!pile) this.piles.set(id, (pile = { byRank: [], total: 0 }));
    pile.total++;
    const kept = (pile.byRank[rank] ??= []);
    if (kept.length < this.perMessage) kept.push(listed);
  }

  private message(to: ReminderDestination, piles: Pile[]): { message: ReminderMessage; firstKey: string } {
    const listed: Reminder[] = [];
    for (let rank = 0; rank < RANKS && listed.length < this.perMessage; rank++) {
      for (const pile of piles) for (const l of pile.byRank[rank] ?? []) if (listed.length < this.perMessage) listed.push(l);
    }
    const total = piles.reduce((n, p) => n + p.total, 0);
    return { message: { to, items: listed.map(reminderItem), more: total - listed.length }, firstKey: listed[0]!.key };
  }
}

/** A reminder without its key and recipients: what a message lists. */
function reminderItem(r: Reminder): ReminderItem {
  const { key: _key, to: _to, audience: _audience, ...item } = r as Reminder & { to?: string[] };
  return item as ReminderItem;
}

const audienceId = (a: Audience): string => ("liaisonsOf" in a ? `a:liaisons:${a.liaisonsOf}` : "managersOf" in a ? `a:managers:${a.managersOf}` : `a:liaisons-not:${a.liaisonsNotOf}`);

const iso = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** No reminders in quiet hours or (when configured) on days government offices are closed. */
export function remindersAllowed(now: Date, settings: ReminderSettings, calendar: OfficeCalendar, timeZone: string): boolean {
  if (settings.businessDaysOnly && calendar.isClosed(localDateOf(now, timeZone))) return false;
  if (!settings.quietHours) return true;
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
  const minute = minutesOf(parts);
  const start = minutesOf(settings.quietHours.start);
  const end = minutesOf(settings.quietHours.end);
  const quiet = start <= end ? minute >= start && minute < end : minute >= start || minute < end;
  return !quiet;
}

/** The allowed stretches of a local day, in minutes [from, to), given the quiet hours. */
function openStretches(settings: ReminderSettings): Array<[number, number]> {
  if (!settings.quietHours) return [[0, 1440]];
  const start = minutesOf(settings.quietHours.start);
  const end = minutesOf(settings.quietHours.end);
  if (start === end) return [[0, 1440]];
  if (start > end) return [[end, start]]; // quiet overnight, e.g. 20:00-08:00: open 08:00-20:00
  return [[0, start], [end, 1440]].filter(([a, b]) => b > a) as Array<[number, number]>;
}

/**
 * When the reminder of a report deadline goes out: on the local day `deadlineLeadDays` before
 * the due day, at the first time reminders are allowed that day. When that day is closed, or its
 * open hours start after the deadline itself, the reminder goes out at the start of the last open
 * hours before it, never after: a reminder is never lost to a weekend, Golden Week, the year end
 * or quiet hours. The sweep sends it from then until the deadline (once, by its key).
 */
export function deadlineReminderAt(due: Date, settings: ReminderSettings, calendar: OfficeCalendar, timeZone: string): Date {
  const leadDay = addDays(localDateOf(due, timeZone), -settings.deadlineLeadDays);
  const stretches = openStretches(settings);
  const open = (d: LocalDate) => !(settings.businessDaysOnly && calendar.isClosed(d));
  const at = (d: LocalDate, minute: number) => wallClockInstant(d, minute, timeZone);
  if (open(leadDay)) {
    const first = at(leadDay, stretches[0]![0]);
    if (first.getTime() <= due.getTime()) return first;
  }
  for (let d = addDays(leadDay, -1), i = 0; i < 60; d = addDays(d, -1), i++) {
    if (open(d)) return at(d, stretches[stretches.length - 1]![0]);
  }
  return at(leadDay, 0);
}

/**
 * The instant of a local day's minute in the zone, remembered: a sweep asks it of every open
 * incident's future deadline (tens of thousands, on a few hundred distinct days), and each answer
 * costs two Intl look-ups (~20 µs).
 */
const WALL_CLOCK_INSTANTS = new Map<string, Date>();
function wallClockInstant(d: LocalDate, minute: number, timeZone: string): Date {
  const key = `${timeZone}|${d.year}-${d.month}-${d.day}|${minute}`;
  let instant = WALL_CLOCK_INSTANTS.get(key);
  if (!instant) {
    if (WALL_CLOCK_INSTANTS.size >= 10_000) WALL_CLOCK_INSTANTS.clear();
    WALL_CLOCK_INSTANTS.set(key, (instant = zonedInstant(d, Math.floor(minute / 60), minute % 60, 0, 0, timeZone)));
  }
  return instant;
}

/** A group's members with the group: spread into a reminder as its `to` and `audience`. */
type Group = { to: string[]; audience: Audience };
const group = (audience: Audience, directory: Directory): Group => ({ to: audienceMembers(audience, directory), audience });

/** `of(party)` computed once per party (a sweep asks for the same party's members per row). */
function perParty<T>(of: (party: string) => T): (party: string) => T {
  const memo = new Map<string, T>();
  return (party) => {
    let v = memo.get(party);
    if (v === undefined) memo.set(party, (v = of(party)));
    return v;
  };
}

/** Whole local days from `due` to `now` (0 on the due day, negative before). */
function daysPast(due: Date, now: Date, timeZone: string): number {
  return localDayNumber(now, timeZone) - localDayNumber(due, timeZone);
}

export function dueReminders(
  now: Date,
  snapshot: ReminderSnapshot,
  settings: ReminderSettings,
  directory: Directory,
  timeZone: string,
  calendar: OfficeCalendar = JAPANESE_GOVERNMENT_OFFICES,
): Reminder[] {
  const today = iso(localDateOf(now, timeZone));
  const out: Reminder[] = [];
  const managersOf = perParty((party) => group({ managersOf: party }, directory));
  const liaisonIds = perParty((party) => group({ liaisonsOf: party }, directory));
  const tomorrow = iso(addDays(localDateOf(now, timeZone), 1));
  const liaisonsNotOf = perParty((party) => group({ liaisonsNotOf: party }, directory));

  for (const task of snapshot.tasks) {
    const to = task.assigneeUserId ? { to: [task.assigneeUserId] } : liaisonIds(task.ownerParty);
    if (task.dueAt.getTime() > now.getTime()) {
      if (daysPast(task.dueAt, now, timeZone) >= -settings.taskLeadDays) {
        // Once per due date: moving the due date makes a new reminder possible.
        out.push({ kind: "task_due_soon", key: `remind:task-due-soon:${task.id}:${task.dueAt.toISOString()}`, taskId: task.id, ...to });
      }
      continue;
    }
    out.push({ kind: "task_overdue", key: `remind:task-overdue:${task.id}:${today}`, taskId: task.id, ...to });
    const overdue = daysPast(task.dueAt, now, timeZone);
    if (overdue >= settings.escalateAfterDays) {
      const managers = managersOf(task.ownerParty);
      if (managers.to.length > 0) out.push({ kind: "task_escalation", key: `remind:task-escalation:${task.id}:${task.dueAt.toISOString()}`, taskId: task.id, ...managers, daysOverdue: overdue });
    }
  }

  for (const c of snapshot.consultations) {
    if (now.getTime() - c.contactedAt.getTime() < settings.positionAfterHours * 3_600_000) continue;
    for (const party of c.awaitedParties) {
      const to = liaisonIds(party);
      if (to.to.length > 0) out.push({ kind: "position_pending", key: `remind:position:${c.id}:${party}:${today}`, consultationId: c.id, party, ...to });
    }
  }

  for (const n of snapshot.powerNotices) {
    if (n.plannedDate > tomorrow) continue; // remind from the day before the planned date
    const others = liaisonsNotOf(n.party);
    if (others.to.length > 0) out.push({ kind: "power_notice_unacknowledged", key: `remind:power-notice:${n.id}:${today}`, recordId: n.id, taskId: n.taskId, ...others });
  }

  for (const incident of snapshot.incidents) {
    if (!incident.channelId) continue;
    for (const which of ["preliminary", "final"] as const) {
      const due = which === "preliminary" ? incident.preliminaryDueAt : incident.finalDueAt;
      const received = which === "preliminary" ? incident.preliminaryReceived : incident.finalReceived;
      if (!due || received) continue; // once received, never again
      const base = { incidentId: incident.id, which };
      if (due.getTime() >= now.getTime()) {
        if (now.getTime() < deadlineReminderAt(due, settings, calendar, timeZone).getTime()) continue;
        out.push({ kind: "report_deadline", key: `remind:report-deadline:${incident.id}:${which}:${due.toISOString()}`, ...base, channelId: incident.channelId });
        continue;
      }
      const recipient = snapshot.reportRecipient;
      const daysOverdue = daysPast(due, now, timeZone);
      out.push({ kind: "report_overdue", key: `remind:report-overdue:${incident.id}:${which}:${today}`, ...base, channelId: incident.channelId, ...(recipient ? liaisonIds(recipient) : { to: [] }), daysOverdue });
      if (recipient && daysOverdue >= settings.escalateAfterDays) {
        const managers = managersOf(recipient);
        if (managers.to.length > 0) {
          out.push({ kind: "report_overdue_escalation", key: `remind:report-overdue-escalation:${incident.id}:${which}:${due.toISOString()}`, ...base, ...managers, daysOverdue });
        }
      }
    }
  }
  out.push(...adviceReminders(now, snapshot.advice ?? [], settings, directory, timeZone));
  out.push(...consultationReminders(now, snapshot.consultationsDue ?? [], settings, directory, timeZone));
  out.push(...reviewReminders(now, snapshot.reviewsDue ?? [], directory, timeZone));
  return out;
}

/**
 * The reminders of `dueReminders`, in the same order, computed a slice of at most `size` rows of
 * one list at a time: a sweep queues each slice before computing the next, so a large snapshot
 * never has all its reminders in memory at once.
 */
export function* dueReminderSlices(
  now: Date,
  snapshot: ReminderSnapshot,
  settings: ReminderSettings,
  directory: Directory,
  timeZone: string,
  calendar: OfficeCalendar = JAPANESE_GOVERNMENT_OFFICES,
  size = 5000,
): Generator<Reminder[]> {
  const none: ReminderSnapshot = { tasks: [], consultations: [], powerNotices: [], incidents: [], advice: [], consultationsDue: [], reviewsDue: [], reportRecipient: snapshot.reportRecipient ?? null };
  const lists = ["tasks", "consultations", "powerNotices", "incidents", "advice", "consultationsDue", "reviewsDue"] as const;
  for (const list of lists) {
    const rows: readonly unknown[] = snapshot[list] ?? [];
    for (let i = 0; i < rows.length; i += size) {
      yield dueReminders(now, { ...none, [list]: rows.slice(i, i + size) }, settings, directory, timeZone, calendar);
    }
  }
}

/**
 * A closed incident's review (issue 15) past its due date: each party that has not recorded its
 * review hears through its liaison officers on the first day after the due date, then once a week
 * (a review is a lesson, not a deadline: no daily reminders, no escalation).
 */
export function reviewReminders(now: Date, due: ReviewDue[], directory: Directory, timeZone: string): Reminder[] {
  const today = localDateOf(now, timeZone);
  const out: Reminder[] = [];
  const liaisonIds = perParty((party) => group({ liaisonsOf: party }, directory));
  for (const r of due) {
    const [y, m, d] = r.dueOn.split("-").map(Number) as [number, number, number];
    const daysOverdue = Math.round((Date.UTC(today.year, today.month - 1, today.day) - Date.UTC(y, m - 1, d)) / 86_400_000);
    if (!(daysOverdue >= 1)) continue;
    const week = Math.floor((daysOverdue - 1) / 7);
    for (const party of r.awaitingParties) {
      const to = liaisonIds(party);
      if (to.to.length > 0) out.push({ kind: "review_overdue", key: `remind:review-overdue:${r.closureId}:${party}:w${week}`, closureId: r.closureId, party, ...to, daysOverdue });
    }
  }
  return out;
}

// ---- answers owed in normal-times cooperation: Art. 5(3) advice, Arts. 6/8 consultations ----

/** An answer one party owes by a date; `subject` names it in the reminder keys. */
type AnswerOwed = { activityId: string; subject: string; party: string; dueAt: Date };

/**
 * The party that owes an answer hears before the date (the task lead window), every day once it is
 * past, and its managers once it is `escalateAfterDays` past, like a task of that party.
 */
function answerOwedReminders(now: Date, owed: AnswerOwed[], settings: ReminderSettings, directory: Directory, timeZone: string, what: "advice" | "consultation"): Reminder[] {
  const today = iso(localDateOf(now, timeZone));
  const out: Reminder[] = [];
  const liaisonIds = perParty((party) => group({ liaisonsOf: party }, directory));
  const managersOf = perParty((party) => group({ managersOf: party }, directory));
  for (const a of owed) {
    const base = { activityId: a.activityId, party: a.party };
    const liaisons = liaisonIds(a.party);
    if (a.dueAt.getTime() > now.getTime()) {
      if (liaisons.to.length > 0 && daysPast(a.dueAt, now, timeZone) >= -settings.taskLeadDays) {
        out.push({ kind: `${what}_due_soon`, key: `remind:${what}-due-soon:${a.subject}:${a.dueAt.toISOString()}`, ...base, ...liaisons });
      }
      continue;
    }
    if (liaisons.to.length > 0) out.push({ kind: `${what}_overdue`, key: `remind:${what}-overdue:${a.subject}:${today}`, ...base, ...liaisons });
    const overdue = daysPast(a.dueAt, now, timeZone);
    if (overdue >= settings.escalateAfterDays) {
      const managers = managersOf(a.party);
      if (managers.to.length > 0) out.push({ kind: `${what}_escalation`, key: `remind:${what}-escalation:${a.subject}:${a.dueAt.toISOString()}`, ...base, ...managers, daysOverdue: overdue });
    }
  }
  return out;
}

/** Art. 5(3): the party asked for advice is reminded of the request's due date. */
export function adviceReminders(now: Date, requests: AdviceDue[], settings: ReminderSettings, directory: Directory, timeZone: string): Reminder[] {
  const owed = requests.map((a) => ({ activityId: a.id, subject: a.id, party: a.advisingParty, dueAt: a.dueAt }));
  return answerOwedReminders(now, owed, settings, directory, timeZone, "advice");
}

/** Arts. 6, 8: each party that has not confirmed the current resolution is reminded of the answer date. */
export function consultationReminders(now: Date, due: ConsultationDue[], settings: ReminderSettings, directory: Directory, timeZone: string): Reminder[] {
  const owed = due.flatMap((c) => c.awaitingParties.map((party) => ({ activityId: c.id, subject: `${c.id}:${party}`, party, dueAt: c.dueAt })));
  return answerOwedReminders(now, owed, settings, directory, timeZone, "consultation");
}

/** The latest due date a task can have and still be reminded of now (for the snapshot query). */
export function taskWindowEnd(now: Date, settings: ReminderSettings, timeZone: string): Date {
  const last = addDays(localDateOf(now, timeZone), settings.taskLeadDays + 1);
  return new Date(Date.UTC(last.year, last.month - 1, last.day) + 86_400_000);
}
