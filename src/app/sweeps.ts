// Scheduled sweeps: find what is due and queue one effect per reminder or digest, keyed by cause
// and period. Queuing the same key again does nothing, so a sweep run twice, after a restart, or
// on two replicas at once sends each message once. The effect runner delivers them.
import { JAPANESE_GOVERNMENT_OFFICES, type OfficeCalendar } from "../domain/office-calendar";
import { dueReminderSlices, remindersAllowed, storedReminder } from "../domain/reminders";
import { localDateOf } from "../domain/time";
import { reminderSnapshot } from "../store/sweeps";
import type { Store } from "../store/store";
import type { AppContext } from "./context";
import type { EffectRequest } from "../domain/effects";

export type SweepResult = { queued: number; skipped?: "quiet_hours_or_closed_day" | "before_digest_time" };

/**
 * The reminder keys this process has seen queued today, per store: inserted by one of its sweeps
 * or found queued by it. The day's later sweeps (every 15 minutes by default) pass them over
 * instead of sending each again for the database to refuse (at 50,000 incidents, 127,712 keys
 * and their payloads in every sweep). Only keys the database holds are here, so passing one over
 * is what ON CONFLICT DO NOTHING would have done; a restarted process or another replica starts
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
  // Computed and queued a slice at a time (tens of thousands of reminders at scale): the rows
  // stream into the bulk INSERTs, never all in memory at once.
  let queued = 0;
  const offered: string[] = [];
  function* effects(): Generator<EffectRequest> {
    for (const slice of dueReminderSlices(now, snapshot, settings, ctx.config.directory, timezone, calendar)) {
      queued += slice.length;
      for (const reminder of slice) {
        if (known.has(reminder.key)) continue;
        offered.push(reminder.key);
        // Stored without the key (the effect's own) and a group's user ids (see Audience).
        yield { kind: "send_reminder", payload: storedReminder(reminder), dedupeKey: reminder.key };
      }
    }
  }
  await ctx.store.enqueueEffects(effects(), now);
  // Every chunk committed: the database holds each key offered (inserted, or there already).
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
