// Scheduled sweeps: find what is due and queue the messages. Each reminder has a key naming its
// cause and period, recorded as sent with the messages queued for it (one per recipient per
// sweep); each digest an effect keyed by manager and day. Recording or queuing the same key again
// does nothing, so a sweep run twice, after a restart, or on two replicas at once sends each
// reminder and digest once. The effect runner delivers them.
import { JAPANESE_GOVERNMENT_OFFICES, type OfficeCalendar } from "../domain/office-calendar";
import { dueReminderSlices, ReminderBatcher, remindersAllowed, type Reminder } from "../domain/reminders";
import { localDateOf } from "../domain/time";
import { reminderSnapshot } from "../store/sweeps";
import type { Store } from "../store/store";
import type { AppContext } from "./context";
import type { EffectRequest } from "../domain/effects";

export type SweepResult = { queued: number; skipped?: "quiet_hours_or_closed_day" | "before_digest_time" };

/**
 * The reminder keys this process has seen recorded today, per store: recorded by one of its sweeps
 * or found recorded by it. The day's later sweeps (every 15 minutes by default) pass them over
 * instead of sending each again for the database to refuse (at 50,000 incidents, 127,712 keys
 * in every sweep). Only keys the database holds are here, so passing one over is what
 * ON CONFLICT DO NOTHING would have done; a restarted process or another replica starts
 * with none and the database decides, as before. A new local day starts a new set: yesterday's
 * keys name yesterday, and those once per due date are checked against the database once a day.
 */
const QUEUED_TODAY = new WeakMap<Store, { day: string; keys: Set<string> }>();

export async function runReminderSweep(ctx: AppContext, calendar: OfficeCalendar = JAPANESE_GOVERNMENT_OFFICES): Promise<SweepResult> {
  const now = ctx.clock.now();
  const { reminders: settings, timezone } = ctx.config;
  if (!remindersAllowed(now, settings, calendar, timezone)) return { queued: 0, skipped: "quiet_hours_or_closed_day" };
  const parties = ctx.config.profile.parties.map((p) => p.id);
  const snapshot = await reminderSnapshot(ctx.store, now, settings, timezone, parties, ctx.config.profile.leakReportRecipient);
  const day = localDay(now, timezone);
  let seen = QUEUED_TODAY.get(ctx.store);
  if (seen?.day !== day) QUEUED_TODAY.set(ctx.store, (seen = { day, keys: new Set() }));
  const known = seen.keys;
  // Computed and recorded a slice at a time (tens of thousands of reminders at scale), never all
  // in memory at once; those recorded now are gathered into one message per recipient (and per
  // incident channel), queued in the same transaction.
  let queued = 0;
  const offered: string[] = [];
  const batcher = new ReminderBatcher(ctx.config.directory);
  function* slices(): Generator<Reminder[]> {
    for (const slice of dueReminderSlices(now, snapshot, settings, ctx.config.directory, timezone, calendar)) {
      queued += slice.length;
      const unknown = slice.filter((r) => !known.has(r.key));
      for (const r of unknown) offered.push(r.key);
      yield unknown;
    }
  }
  // A slice's incident channels are complete once it is added: queued as it goes; the people's messages at the end.
  const messages = (last: boolean) =>
    (last ? batcher.batches() : batcher.channelBatches()).map((b): EffectRequest => ({ kind: "send_reminders", payload: { messages: b.messages }, dedupeKey: b.dedupeKey }));
  await ctx.store.recordReminders(slices(), (r) => batcher.add(r), messages, now);
  // Committed: the database holds each key offered (recorded now, or before).
  for (const key of offered) known.add(key);
  return { queued };
}

const localDay = (now: Date, tz: string) => {
  const d = localDateOf(now, tz);
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
};

/**
 * Queues today's digest for every manager, on business days once the configured time has passed.
 * Run at start-up too: a digest missed while the bot was down goes out once (today's), not once
 * per missed day.
 */
export async function runDigestSweep(ctx: AppContext, opts: { force?: boolean } = {}, calendar: OfficeCalendar = JAPANESE_GOVERNMENT_OFFICES): Promise<SweepResult> {
  const now = ctx.clock.now();
  const tz = ctx.config.timezone;
  if (!opts.force) {
    if (calendar.isClosed(localDateOf(now, tz))) return { queued: 0, skipped: "quiet_hours_or_closed_day" };
    const hhmm = new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now);
    if (hhmm < ctx.config.digest.time) return { queued: 0, skipped: "before_digest_time" };
  }
  const day = localDay(now, tz);
  const digests: EffectRequest[] = [];
  for (const member of ctx.config.directory.all()) {
    if (member.roles.includes("manager")) digests.push({ kind: "send_digest", payload: { userId: member.userId, party: member.party, day }, dedupeKey: `digest:${member.userId}:${day}` });
  }
  for (const [party, channel] of Object.entries(ctx.config.digestChannels)) {
    if (channel) digests.push({ kind: "send_digest", payload: { channel, party, day }, dedupeKey: `digest-channel:${channel}:${party}:${day}` });
  }
  await ctx.store.enqueueEffects(digests, now);
  return { queued: digests.length };
}
