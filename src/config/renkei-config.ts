// renkei.yml: the agreement profile, locale, time zone, channel policy and, per party, its
// members with their roles. Parsed once with zod; every problem names its field and the fix.
import fs from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { ConfigError } from "./config-error";
import { BUILT_IN_PROFILES, type AgreementProfile } from "./profiles";
import { LOCALES, type Locale } from "../i18n/locale";
import { ROLES, type Directory, type Member } from "../domain/parties";
import cron from "node-cron";
import type { ReminderSettings } from "../domain/reminders";

/** The Noto Sans CJK collection Debian and Ubuntu install with fonts-noto-cjk. */
export const DEFAULT_CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

const ZLocalizedOverride = z.object({ ja: z.string().min(1), en: z.string().min(1) }).partial();

const ZMember = z.object({
  user: z.string().regex(/^[UW][A-Z0-9]{2,}$/, {
    error: "must be a Slack member ID such as U0123ABCD (in Slack: profile → ⋮ → Copy member ID)",
  }),
  roles: z
    .array(z.enum(ROLES, { error: `each role must be one of ${ROLES.join(", ")}` }))
    .min(1, { error: `give at least one role: ${ROLES.join(", ")}` }),
  locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}` }).optional(),
  name: z.string().optional(),
});

const ZParty = z.object({
  teamId: z
    .string()
    .regex(/^[TE][A-Z0-9]{2,}$/, { error: "must be a Slack team ID such as T0123ABCD (leave it out when both parties share one workspace)" })
    .optional(),
  /**
   * Enterprise Grid: the organisation (E…) this party's workspace belongs to. Parties of one Grid
   * organisation are served by its org-wide install and reach each other without Slack Connect.
   */
  enterpriseId: z.string().regex(/^E[A-Z0-9]{2,}$/, { error: "must be a Slack Enterprise Grid organisation ID such as E0123ABCD" }).optional(),
  name: ZLocalizedOverride.optional(),
  short: ZLocalizedOverride.optional(),
  members: z.array(ZMember).default([]),
  /** Optional channel where this party's daily digest is also posted. */
  digestChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, { error: "must be a Slack channel ID such as C0123ABCD" }).optional(),
});

/** "HH:MM" in the configured time zone. */
const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "must be a time of day as HH:MM, e.g. 08:30" });
const ZCron = z.string().refine((expr) => cron.validate(expr), { error: 'is not a cron expression; e.g. "*/15 * * * *" (every 15 minutes)' });

const ZRenkeiConfig = z.object({
  profile: z
    .string()
    .default("ppc-nisc-2023")
    .refine((id) => id in BUILT_IN_PROFILES, {
      error: `is not a built-in agreement profile; use one of: ${Object.keys(BUILT_IN_PROFILES).join(", ")}`,
    }),
  locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}` }).default("ja"),
  timezone: z
    .string()
    .default("Asia/Tokyo")
    .refine(isTimeZone, { error: "is not an IANA time zone; use e.g. Asia/Tokyo" }),
  incidentChannels: z
    .object({
      private: z.boolean({ error: "must be true or false" }).default(true),
      prefix: z
        .string()
        .regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, { error: "must be 1-20 lower-case letters, digits, - or _, e.g. inc" })
        .default("inc"),
      /** Days after closing when the channel is archived (unless reopened first); null: never. */
      archiveAfterDays: z.number({ error: "must be a whole number of days, or null (never archive)" }).int({ error: "must be a whole number of days" }).min(0, { error: "must be 0 or more" }).max(3650).nullable().default(30),
    })
    .default({ private: true, prefix: "inc", archiveAfterDays: 30 }),
  /** Arts. 5, 6 and 8: the channel both parties share for normal-times cooperation. */
  normalTimes: z
    .object({
      /** An existing channel; when left out, the bot creates one on first use. */
      channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, { error: "must be a Slack channel ID such as C0123ABCD (or leave it out and the bot creates the channel)" }).optional(),
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9_-]{0,79}$/, { error: "must be 1-80 lower-case letters, digits, - or _, e.g. renkei-normal-times" })
        .default("renkei-normal-times"),
      private: z.boolean({ error: "must be true or false" }).default(true),
      /**
       * Parties in separate workspaces (OAuth installs): the party whose installation creates the
       * channel and shares it with the other through Slack Connect (default: the profile's first party).
       */
      host: z.string().optional(),
    })
    .default({ name: "renkei-normal-times", private: true }),
  parties: z.record(z.string(), ZParty, { error: "must map each party id of the profile to its members" }),
  reminders: z
    .object({
      cron: ZCron.default("*/15 * * * *"),
      taskLeadDays: z.number({ error: "must be a number of days" }).int().min(0).max(30).default(2),
      escalateAfterDays: z.number({ error: "must be a number of days" }).int().min(0).max(60).default(2),
      positionAfterHours: z.number({ error: "must be a number of hours" }).int().min(1).max(720).default(24),
      deadlineLeadDays: z.number({ error: "must be a number of days" }).int().min(0).max(30).default(1),
      quietHours: z
        .object({ start: ZClock, end: ZClock })
        .nullable()
        .default({ start: "20:00", end: "08:00" }),
      businessDaysOnly: z.boolean({ error: "must be true or false" }).default(true),
    })
    .default(() => ({ cron: "*/15 * * * *", taskLeadDays: 2, escalateAfterDays: 2, positionAfterHours: 24, deadlineLeadDays: 1, quietHours: { start: "20:00", end: "08:00" }, businessDaysOnly: true })),
  digest: z.object({ time: ZClock.default("08:30") }).default({ time: "08:30" }),
  /** Issue 15: the review both parties are invited to after closing is due this many days later. */
  review: z.object({ dueAfterDays: z.number({ error: "must be a whole number of days" }).int().min(1).max(365).default(14) }).default({ dueAfterDays: 14 }),
  /** Issue 15: the case file's PDF is set in this CJK font (fonts-noto-cjk's by default). */
  caseFile: z.object({ fontPath: z.string().min(1).default(DEFAULT_CJK_FONT) }).default({ fontPath: DEFAULT_CJK_FONT }),
  /** Issue 15: free text of closed incidents is erased this many years after closing; null (default): kept. */
  retention: z.object({ eraseAfterYears: z.number({ error: "must be a whole number of years, or null (keep)" }).int().min(1).max(100).nullable().default(null) }).default({ eraseAfterYears: null }),
});

export type RenkeiConfig = {
  profile: AgreementProfile;
  locale: Locale;
  timezone: string;
  incidentChannels: { private: boolean; prefix: string; archiveAfterDays: number | null };
  /** Arts. 5, 6, 8: the normal-times channel (configured, or created by the bot on first use). */
  normalTimes: { channel?: string; name: string; private: boolean; host: string };
  directory: Directory;
  /** Slack team per party, when the parties use separate workspaces (Slack Connect). */
  partyTeams: Record<string, string | undefined>;
  /** Enterprise Grid organisation per party (parties.<id>.enterpriseId), when its workspace is in one. */
  partyEnterprises: Record<string, string | undefined>;
  reminders: ReminderSettings & { cron: string };
  digest: { time: string };
  review: { dueAfterDays: number };
  caseFile: { fontPath: string };
  retention: { eraseAfterYears: number | null };
  /** Channel per party where its digest is also posted. */
  digestChannels: Record<string, string | undefined>;
};

export function loadRenkeiConfig(filePath: string): RenkeiConfig {
  if (!fs.existsSync(filePath)) {
    throw new ConfigError(filePath, [
      { field: "RENKEI_CONFIG", problem: `file not found; copy renkei.example.yml to ${filePath} and list each party's members` },
    ]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(fs.readFileSync(filePath, "utf8"));
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : "(file)";
    throw new ConfigError(filePath, [{ field: where, problem: `is not valid YAML: ${(e as Error).message.split("\n")[0]}` }]);
  }
  return parseRenkeiConfig(raw ?? {}, filePath);
}

export function parseRenkeiConfig(raw: unknown, source = "renkei.yml"): RenkeiConfig {
  const result = ZRenkeiConfig.safeParse(raw);
  if (!result.success) throw ConfigError.fromZod(source, result.error);
  const cfg = result.data;
  const base = BUILT_IN_PROFILES[cfg.profile]!;
  const problems: Array<{ field: string; problem: string }> = [];
  const partyIds = base.parties.map((p) => p.id);

  for (const id of Object.keys(cfg.parties)) {
    if (!partyIds.includes(id)) {
      problems.push({ field: `parties.${id}`, problem: `is not a party of profile ${base.id}; use ${partyIds.join(" and ")}` });
    }
  }
  const members: Member[] = [];
  const seen = new Map<string, string>();
  for (const partyId of partyIds) {
    const party = cfg.parties[partyId];
    if (!party) {
      problems.push({ field: `parties.${partyId}`, problem: "is missing; list this party's members with their roles" });
      continue;
    }
    party.members.forEach((m, i) => {
      const other = seen.get(m.user);
      if (other) {
        problems.push({
          field: `parties.${partyId}.members[${i}].user`,
          problem: `${m.user} is already a member of ${other}; a person belongs to one party only`,
        });
      }
      seen.set(m.user, partyId);
      members.push({ userId: m.user, party: partyId, roles: [...new Set(m.roles)], locale: m.locale, name: m.name });
    });
    if (!party.members.some((m) => m.roles.includes("liaison"))) {
      problems.push({
        field: `parties.${partyId}.members`,
        problem: "has no liaison officer; give at least one member the role liaison (they are invited to every incident channel)",
      });
    }
  }
  if (cfg.normalTimes.host !== undefined && !partyIds.includes(cfg.normalTimes.host)) {
    problems.push({ field: "normalTimes.host", problem: `must be one of the parties: ${partyIds.join(", ")}` });
  }
  if (problems.length > 0) throw new ConfigError(source, problems);

  const profile: AgreementProfile = {
    ...base,
    parties: base.parties.map((p) => ({
      ...p,
      name: { ...p.name, ...cfg.parties[p.id]?.name },
      short: { ...p.short, ...cfg.parties[p.id]?.short },
    })) as AgreementProfile["parties"],
  };
  return {
    profile,
    locale: cfg.locale,
    timezone: cfg.timezone,
    incidentChannels: cfg.incidentChannels,
    normalTimes: { ...cfg.normalTimes, host: cfg.normalTimes.host ?? partyIds[0]! },
    directory: buildDirectory(members),
    partyTeams: Object.fromEntries(partyIds.map((id) => [id, cfg.parties[id]?.teamId])),
    partyEnterprises: Object.fromEntries(partyIds.map((id) => [id, cfg.parties[id]?.enterpriseId])),
    reminders: cfg.reminders,
    digest: cfg.digest,
    review: cfg.review,
    caseFile: cfg.caseFile,
    retention: cfg.retention,
    digestChannels: Object.fromEntries(partyIds.map((id) => [id, cfg.parties[id]?.digestChannel])),
  };
}

function buildDirectory(members: Member[]): Directory {
  const byUser = new Map(members.map((m) => [m.userId, m]));
  return {
    member: (userId) => byUser.get(userId),
    membersOf: (party) => members.filter((m) => m.party === party),
    all: () => [...members],
  };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
