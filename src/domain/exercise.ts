// Art. 5(1) tabletop exercises: the file a trainer writes (YAML), who plays whom, when each inject
// is delivered, and how the run is scored against the expected responses. Pure: no Slack, no
// database. The app (src/app/exercise.ts) schedules the plan and gathers the observations.
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import type { Directory, Member, Role } from "./parties";
import { ROLES } from "./parties";

/** What marks everything an exercise creates, in both languages (titles, channel names, messages). */
export const EXERCISE_MARK = "【訓練】EXERCISE";
export const EXERCISE_CHANNEL_PREFIX = "exercise";
export const MAX_SPEED = 3600;
export const MAX_INJECTS = 100;

// ---- offsets: "T+0", "T+10m", "T+1h30m", "T+90s" ----

const OFFSET = /^T\s*\+\s*(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?\s*(?:(\d+)s)?$/i;

/** Scenario milliseconds after T+0; null when the text is not an offset. */
export function parseOffset(text: string): number | null {
  const trimmed = text.trim();
  if (/^T\s*\+\s*0$/i.test(trimmed)) return 0;
  const m = OFFSET.exec(trimmed);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

/** "T+1h05m" style, for reports. */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (total === 0) return "T+0";
  return `T+${h ? `${h}h` : ""}${m ? `${String(m).padStart(h ? 2 : 1, "0")}m` : ""}${s ? `${s}s` : ""}`;
}

// ---- the file ----

const offsetText = (what: string) =>
  z.string({ error: `${what} must be an offset such as "T+0", "T+10m" or "T+1h30m"` }).refine((s) => parseOffset(s) !== null, { message: `${what} must be an offset such as "T+0", "T+10m" or "T+1h30m" (h, m, s after "T+")` });

/** A cast role: "<party>.<role>", e.g. "nisc.liaison". */
const castRole = z.string().regex(/^[a-z0-9_-]+\.(staff|liaison|manager|admin)$/, { message: `must be "<party>.<role>" with a role among ${ROLES.join(", ")}, e.g. "nisc.liaison"` });

const localised = z.union([z.string().min(1), z.object({ ja: z.string().min(1), en: z.string().min(1).optional() }).strict()], { error: 'must be a text, or { ja: "…", en: "…" }' });

const INTAKE_FLAGS = ["unlawful_purpose", "special_care", "financial", "ordinance_special_care", "protective_measures"] as const;

/** The intake a scripted `register_incident` submits (the same validation as the modal). */
const ZScriptedIncident = z
  .object({
    title: z.string().min(1, { message: "the incident needs a title" }),
    reporter: z.string().min(1),
    category: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: "category must be the Art. 4(1) item: 1, 2, 3 or 4" }),
    supervising_agency: z.string().min(1),
    personal_data: z.enum(["yes", "maybe", "no"]).default("yes"),
    regime: z.enum(["art68", "art68_local", "art26"], { error: 'regime must be "art68", "art68_local" or "art26" (asked, never defaulted)' }),
    aware: offsetText("aware").default("T+0"),
    affected: z.number().int().min(0, { message: "affected must be a number of persons (0 or more)" }),
    summary: z.string().min(1),
    flags: z.array(z.enum(INTAKE_FLAGS, { error: `flags may be ${INTAKE_FLAGS.join(", ")}` })).default([]),
  })
  .strict();
export type ScriptedIncident = z.infer<typeof ZScriptedIncident>;

const ZInject = z
  .object({
    at: offsetText("at"),
    /** Who receives it: cast roles (DM each), or "channel" for the exercise channel. */
    to: z.union([z.literal("channel"), z.array(z.union([castRole, z.literal("channel")])).min(1)], { error: 'to must be "channel" or a list of cast roles such as [nisc.liaison, ppc.liaison]' }).default("channel"),
    /** Who speaks in the scenario ("報告者（○○省）", "記者"): shown with the message. */
    from: localised.optional(),
    text: localised.optional(),
    /** A scripted action renkei performs instead of (or with) a message. */
    action: z.enum(["register_incident"], { error: 'action may be "register_incident"' }).optional(),
    as: castRole.optional(),
    incident: ZScriptedIncident.optional(),
  })
  .strict()
  .superRefine((inj, ctx) => {
    if (!inj.text && !inj.action) ctx.addIssue({ code: "custom", message: "an inject needs a text (the message) or an action", path: ["text"] });
    if (inj.action === "register_incident") {
      if (!inj.incident) ctx.addIssue({ code: "custom", message: "action register_incident needs incident: { title, reporter, category, supervising_agency, regime, affected, summary }", path: ["incident"] });
      if (!inj.as) ctx.addIssue({ code: "custom", message: 'action register_incident needs as: the cast role who registers it, e.g. "nisc.liaison"', path: ["as"] });
    }
  });

export const EXPECTATION_KINDS = [
  "register_incident", // an exercise incident is registered
  "contact_other_party", // a consultation is proposed (Art. 4(2): contacting the other party)
  "decide_consultation", // the consultation concluded (both parties decided every item)
  "compute_deadlines", // the 速報/確報 deadlines are on the incident (optionally the expected 確報 date)
  "designate_scope", // an Art. 7 sharing scope designated on shared information
  "scope_before_forwarding", // no shared information forwarded outside its scope
] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];

const ZExpectation = z
  .object({
    expect: z.enum(EXPECTATION_KINDS, { error: `expect must be one of ${EXPECTATION_KINDS.join(", ")}` }),
    /** Target, in scenario time from T+0. */
    within: offsetText("within").optional(),
    /** The party expected to do it (e.g. nisc registers, ppc contacts). */
    by: z.string().regex(/^[a-z0-9_-]+$/).optional(),
    /** compute_deadlines: the expected 確報 date (YYYY-MM-DD, in the configured time zone). */
    final_due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "final_due must be a date YYYY-MM-DD" }).optional(),
    note: localised.optional(),
  })
  .strict();

export const ZExerciseFile = z
  .object({
    title: localised,
    notes: localised.optional(),
    /** Default playing speed (1 = real time; 60 = one scenario minute a second). `--speed` overrides it. */
    speed: z.number({ error: "speed must be a number (1 = real time, 60 = a scenario minute each second)" }).positive().max(MAX_SPEED).default(1),
    /** Cast role → the person who plays it: a Slack user ID, a configured name, or "auto" (the first member with that role). */
    cast: z.record(castRole, z.string().min(1), { error: 'cast must map roles written "<party>.<role>" (roles: staff, liaison, manager, admin) to people, e.g. { "nisc.liaison": auto, "ppc.liaison": U0PPCLIAI1 }' }),
    injects: z.array(ZInject).min(1, { message: "an exercise needs at least one inject (T+0 …)" }).max(MAX_INJECTS),
    expectations: z.array(ZExpectation).default([]),
  })
  .strict();

export type ExerciseFile = z.infer<typeof ZExerciseFile>;
export type Inject = ExerciseFile["injects"][number];
export type Expectation = ExerciseFile["expectations"][number];
export type Localised = z.infer<typeof localised>;

export type ExerciseProblem = { field: string; problem: string };
export type ParsedExercise = { ok: true; exercise: ExerciseFile } | { ok: false; problems: ExerciseProblem[] };

function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("") || "(top level)";
}

/** Parses and checks an exercise file; every problem names its field and the fix. */
export function parseExerciseFile(text: string): ParsedExercise {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : "";
    return { ok: false, problems: [{ field: "(file)", problem: `not valid YAML${where}: ${(e as Error).message.split("\n")[0]}` }] };
  }
  const result = ZExerciseFile.safeParse(raw ?? {});
  if (!result.success) return { ok: false, problems: result.error.issues.map((i) => ({ field: fieldPath(i.path), problem: i.message })) };
  const exercise = result.data;
  const problems: ExerciseProblem[] = [];
  // Roles an inject addresses must be cast.
  exercise.injects.forEach((inj, i) => {
    const roles = [...(Array.isArray(inj.to) ? inj.to : []), ...(inj.as ? [inj.as] : [])].filter((r) => r !== "channel");
    for (const r of roles) if (!(r in exercise.cast)) problems.push({ field: `injects[${i}]`, problem: `role ${r} is not in the cast: add "${r}: auto" (or a person) under cast` });
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, exercise };
}

/** The text of a localised field in a locale (ja is the original; en falls back to it). */
export function textIn(value: Localised | undefined, locale: "ja" | "en"): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return (locale === "en" ? value.en : undefined) ?? value.ja;
}

// ---- the cast ----

export type CastProblem = { role: string; problem: "unknown_person" | "wrong_party" | "missing_role" | "nobody" };
export type Cast = Record<string, string>; // role → user ID

/** Resolves who plays each role among the configured people (or the sandbox's built-in cast). */
export function resolveCast(exercise: Pick<ExerciseFile, "cast">, directory: Directory, parties: readonly string[]): { ok: true; cast: Cast } | { ok: false; problems: CastProblem[] } {
  const cast: Cast = {};
  const problems: CastProblem[] = [];
  for (const [roleKey, who] of Object.entries(exercise.cast)) {
    const [party, role] = roleKey.split(".") as [string, Role];
    if (!parties.includes(party)) {
      problems.push({ role: roleKey, problem: "wrong_party" });
      continue;
    }
    let member: Member | undefined;
    if (who === "auto") member = directory.membersOf(party).find((m) => m.roles.includes(role));
    else member = directory.member(who) ?? directory.all().find((m) => m.name?.toLowerCase() === who.toLowerCase() || m.name?.toLowerCase().split(/\s+/).includes(who.toLowerCase()));
    if (!member) problems.push({ role: roleKey, problem: who === "auto" ? "nobody" : "unknown_person" });
    else if (member.party !== party) problems.push({ role: roleKey, problem: "wrong_party" });
    else if (!member.roles.includes(role)) problems.push({ role: roleKey, problem: "missing_role" });
    else cast[roleKey] = member.userId;
  }
  return problems.length ? { ok: false, problems } : { ok: true, cast };
}

// ---- the record of a run ----

export type ExerciseStatus = "running" | "ended";

/** An exercise as stored (one runs at a time). */
export type ExerciseRecord = {
  id: string;
  name: string;
  title: string;
  status: ExerciseStatus;
  speed: number;
  /** The parsed exercise file (src/domain/exercise.ts ExerciseFile). */
  definition: unknown;
  /** Cast role → Slack user ID. */
  cast: Record<string, string>;
  startedAt: Date;
  startedByUserId: string;
  startedByParty: string;
  endedAt: Date | null;
  endedByUserId: string | null;
  channelId: string | null;
  channelName: string | null;
  score: unknown;
  activityId: string | null;
  version: number;
};

/** Whether an intake belongs to the running exercise: made in its channel, or in a DM by one of its cast. */
export function belongsToExercise(exercise: Pick<ExerciseRecord, "status" | "channelId" | "cast"> | null, channelId: string | null | undefined, userId: string): boolean {
  if (!exercise || exercise.status !== "running" || !channelId) return false;
  if (channelId === exercise.channelId) return true;
  return channelId.startsWith("D") && Object.values(exercise.cast).includes(userId);
}

// ---- the timeline ----

/** One delivery: an inject to one person (a DM), to the exercise channel, or a scripted action. */
export type PlannedDelivery = { index: number; offsetMs: number; runAfter: Date; target: { kind: "dm"; role: string; userId: string } | { kind: "channel" } | { kind: "action"; role: string; userId: string } };

/** When each inject goes out at `speed` (scenario time runs `speed` times faster than the clock). */
export function planTimeline(exercise: Pick<ExerciseFile, "injects">, cast: Cast, startedAt: Date, speed: number): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  exercise.injects.forEach((inj, index) => {
    const offsetMs = parseOffset(inj.at)!;
    const runAfter = new Date(startedAt.getTime() + Math.round(offsetMs / speed));
    if (inj.action) out.push({ index, offsetMs, runAfter, target: { kind: "action", role: inj.as!, userId: cast[inj.as!]! } });
    if (inj.text) {
      const to = inj.to === "channel" ? ["channel"] : inj.to;
      for (const r of to) out.push({ index, offsetMs, runAfter, target: r === "channel" ? { kind: "channel" } : { kind: "dm", role: r, userId: cast[r]! } });
    }
  });
  return out.sort((a, b) => a.offsetMs - b.offsetMs || a.index - b.index);
}

/** Scenario time elapsed at `at` for an exercise started at `startedAt` playing at `speed`. */
export function scenarioOffset(startedAt: Date, speed: number, at: Date): number {
  return Math.max(0, (at.getTime() - startedAt.getTime()) * speed);
}

/** Parses `--speed N` out of the command's arguments. */
export function parseStartArgs(args: readonly string[]): { name: string | null; speed: number | null; error: "bad_speed" | null } {
  let name: string | null = null;
  let speed: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const inline = /^--speed=(.*)$/.exec(a);
    if (a === "--speed" || inline) {
      const v = inline ? inline[1]! : args[++i];
      const n = Number(v);
      if (!v || !Number.isFinite(n) || n <= 0 || n > MAX_SPEED) return { name, speed, error: "bad_speed" };
      speed = n;
    } else if (!name) name = a;
  }
  return { name, speed, error: null };
}

// ---- scoring ----

/** What happened during the run, as the store saw it (times are wall-clock instants). */
export type ExerciseObservations = {
  registered: Array<{ at: Date; party: string }>;
  contacted: Array<{ at: Date; party: string }>;
  decided: Array<{ at: Date }>;
  deadlines: Array<{ preliminaryDueAt: Date | null; finalDueAt: Date | null; finalDueDay: string | null }>;
  scopes: Array<{ at: Date; party: string }>;
  /** Shared information forwarded or linked outside its scope (Art. 7 warnings). */
  scopeWarnings: number;
  /** Shared information registered in the exercise, and how many carry a scope. */
  shared: number;
};

export type ExpectationResult = {
  index: number;
  expect: ExpectationKind;
  by: string | null;
  targetMs: number | null;
  /** Scenario time it happened at (null: did not happen, or not a timed expectation). */
  actualMs: number | null;
  met: boolean;
  /** Why, in a few words for the report: e.g. "final_due 2027-01-29 = 2027-01-29". */
  detail: string;
};

export type ExerciseScore = { results: ExpectationResult[]; met: number; total: number; percent: number };

/** Scores a run: each expectation met or not, with when it happened in scenario time. */
export function scoreExercise(expectations: readonly Expectation[], obs: ExerciseObservations, startedAt: Date, speed: number): ExerciseScore {
  const first = <T extends { at: Date; party?: string }>(xs: readonly T[], by: string | undefined) =>
    xs.filter((x) => !by || x.party === by).reduce<T | null>((best, x) => (!best || x.at < best.at ? x : best), null);
  const results = expectations.map((e, index): ExpectationResult => {
    const targetMs = e.within ? parseOffset(e.within) : null;
    const base = { index, expect: e.expect, by: e.by ?? null, targetMs };
    const timed = (hit: { at: Date } | null): ExpectationResult => {
      const actualMs = hit ? scenarioOffset(startedAt, speed, hit.at) : null;
      const met = actualMs !== null && (targetMs === null || actualMs <= targetMs);
      return { ...base, actualMs, met, detail: actualMs === null ? "not done" : `${formatOffset(actualMs)}${targetMs !== null ? ` / ${formatOffset(targetMs)}` : ""}` };
    };
    switch (e.expect) {
      case "register_incident":
        return timed(first(obs.registered, e.by));
      case "contact_other_party":
        return timed(first(obs.contacted, e.by));
      case "decide_consultation":
        return timed(first(obs.decided, undefined));
      case "designate_scope":
        return timed(first(obs.scopes, e.by));
      case "compute_deadlines": {
        const d = obs.deadlines.find((x) => x.preliminaryDueAt && x.finalDueAt);
        if (!d) return { ...base, actualMs: null, met: false, detail: "no deadlines" };
        const met = !e.final_due || d.finalDueDay === e.final_due;
        return { ...base, actualMs: null, met, detail: e.final_due ? `${d.finalDueDay ?? "-"} ${met ? "=" : "≠"} ${e.final_due}` : (d.finalDueDay ?? "") };
      }
      case "scope_before_forwarding": {
        const met = obs.scopeWarnings === 0;
        return { ...base, actualMs: null, met, detail: `${obs.scopeWarnings} warning(s), ${obs.shared} shared` };
      }
    }
  });
  const met = results.filter((r) => r.met).length;
  return { results, met, total: results.length, percent: results.length ? Math.round((met / results.length) * 100) : 100 };
}
