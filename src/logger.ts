// Structured logs with pino: one JSON object a line on stderr in production, a readable line at a
// terminal in development. Callers use the small Logger interface below; Bolt, the Web API client
// and Socket Mode log through boltLogger().
//
// Redaction policy (any level, trace included): renkei logs what happened and to which record —
// kinds, ids, counts, codes — never what people wrote or who they are. So:
// - fields whose name says they hold people's text, names, request bodies or secrets (title,
//   summary, text, name, body, payload, blocks, values, token, secret, ...) are replaced by
//   "[redacted]", at any depth;
// - Slack tokens (xoxb-, xoxp-, xapp-, ...), passwords in URLs and URL query strings are masked in
//   every string, messages included;
// - an Error given as a field is logged as its class and code, never its message;
// - what the Slack libraries log is cut where a JSON body starts (requests, results, Socket Mode
//   envelopes), and their request-level chatter is logged at `trace`.
import pino from "pino";
import type { Logger as BoltLogger, LogLevel } from "@slack/bolt";

export type Level = "trace" | "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "pretty";

type LogMethod = (msg: string, fields?: Record<string, unknown>) => void;
export type Logger = {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
  /** Request-level detail (the Slack libraries' debug output); optional for hand-made loggers. */
  trace?: LogMethod;
  /** Whether entries of `level` are written (optional: a logger without it writes every level). */
  enabled?: (level: Level) => boolean;
};

/**
 * JSON unless told otherwise or a person is watching: pretty at a terminal outside production.
 * (LOG_FORMAT overrides both ways.)
 */
export function defaultLogFormat(env: { NODE_ENV?: string | undefined; LOG_FORMAT?: string | undefined } = process.env, isTTY = !!process.stderr.isTTY): LogFormat {
  if (env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty") return env.LOG_FORMAT;
  return env.NODE_ENV !== "production" && isTTY ? "pretty" : "json";
}

/**
 * A logger at `level`. With a `sink` (tests), each entry is handed over as one JSON line;
 * otherwise entries go to stderr, as JSON or pretty (see defaultLogFormat).
 */
export function createLogger(level: Level, sink?: (line: string) => void, opts: { format?: LogFormat } = {}): Logger {
  const format = opts.format ?? (sink ? "json" : defaultLogFormat());
  const out = sink ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const write = format === "pretty" ? (line: string) => out(prettyLine(line)) : out;
  const destination = { write: (chunk: string) => write(chunk.endsWith("\n") ? chunk.slice(0, -1) : chunk) };
  const p = pino(
    {
      level,
      base: undefined,
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields) as Record<string, unknown>,
      },
    },
    destination,
  );
  const method = (at: Level): LogMethod => (msg, fields) => {
    if (!p.isLevelEnabled(at)) return;
    if (fields) p[at](fields, scrub(msg));
    else p[at](scrub(msg));
  };
  return { trace: method("trace"), debug: method("debug"), info: method("info"), warn: method("warn"), error: method("error"), enabled: (at) => p.isLevelEnabled(at) };
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

// -------------------------------------------------------------------------------------------------
// Redaction
// -------------------------------------------------------------------------------------------------

export const REDACTED = "[redacted]";

/** Field names whose values are people's text, names, request bodies or secrets. */
const SENSITIVE_KEY =
  /^(text|title|summary|description|details?|comment|note|notes|impact|need|reason_?text|conditions|draft|content|message_?text|name|real_?name|display_?name|user_?name|full_?name|reporter.*|agency|supervising_?agency|email|phone|body|raw_?body|payload|blocks|attachments|view|values|state|headers?|authorization|cookie|password|passphrase|.*token|.*secret)$/i;

const TOKEN = /\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+/g;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi;
const URL_QUERY = /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"']+)\?[^\s#"']+/gi;

/** Masks tokens, passwords in URLs and URL query strings in a string. */
export function scrub(s: string): string {
  return s.replace(TOKEN, "xx-[redacted]").replace(URL_PASSWORD, `$1:${REDACTED}@`).replace(URL_QUERY, `$1?${REDACTED}`);
}

/** The fields of a log entry under the redaction policy (see the top of this file). */
export function redactFields(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrub(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, ...(typeof code === "string" || typeof code === "number" ? { code } : {}) };
  }
  if (depth >= 4) return "[object]";
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => redactFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEY.test(k) ? REDACTED : redactFields(v, depth + 1);
  return out;
}

/**
 * What an operator may read of an error: Slack's error code, a database error code, a Node error
 * code, or the error's class — never its message (Prisma's carry query arguments, i.e. people's text).
 */
export function errorCode(error: unknown): string {
  const e = error as { original?: unknown; data?: { error?: unknown }; code?: unknown; name?: unknown } | null;
  if (e && typeof e === "object" && e.original && e.original !== error) return errorCode(e.original);
  if (typeof e?.data?.error === "string" && /^[a-z_]{1,64}$/.test(e.data.error)) return e.data.error;
  if (typeof e?.code === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(e.code)) return e.code;
  if (e && typeof e === "object" && "clientVersion" in e) return "database_error";
  return typeof e?.name === "string" ? e.name : typeof error;
}

/**
 * A message of the Slack libraries, made safe: cut where a JSON body starts (their debug output
 * includes request bodies, API results and Socket Mode envelopes), tokens and URL queries masked,
 * at most 300 characters.
 */
export function libraryMessage(args: unknown[]): string {
  const parts = args.map((a) => {
    if (typeof a === "string") return a;
    if (a instanceof Error) {
      const code = (a as { code?: unknown }).code;
      return `${a.name}${typeof code === "string" ? ` (${code})` : ""}`;
    }
    return typeof a === "number" || typeof a === "boolean" ? String(a) : "[object]";
  });
  let text = parts.join(" ");
  const body = /\{"|\[\{|\["|\{\s*\n/.exec(text);
  if (body) text = `${text.slice(0, body.index).trimEnd()} [body redacted]`;
  text = scrub(text);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Adapts our logger to Bolt's interface (also used by the Web API and Socket Mode clients). Their
 * debug output is request-level detail: it is logged at `trace`. A message of a level the logger
 * does not write is dropped before it is made safe: the Web API client's debug messages carry
 * whole request bodies and results, and one Slack call brings several.
 */
export function boltLogger(log: Logger, level: Level): BoltLogger {
  let current = level;
  const fields = { lib: "slack" };
  const writes = (at: Level) => log.enabled?.(at) ?? true;
  const debugLevel: Level = log.trace ? "trace" : "debug";
  const debug = log.trace ?? log.debug;
  return {
    debug: (...a) => {
      if (writes(debugLevel)) debug(libraryMessage(a), fields);
    },
    info: (...a) => {
      if (writes("info")) log.info(libraryMessage(a), fields);
    },
    warn: (...a) => {
      if (writes("warn")) log.warn(libraryMessage(a), fields);
    },
    error: (...a) => {
      if (writes("error")) log.error(libraryMessage(a), fields);
    },
    setLevel: (l) => {
      current = l as unknown as Level;
    },
    getLevel: () => current as unknown as LogLevel,
    setName: () => {},
  };
}

// -------------------------------------------------------------------------------------------------
// Pretty output (development)
// -------------------------------------------------------------------------------------------------

/** `12:34:56.789 INFO  renkei is running mode=http port=3000` from a JSON log line. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, ...rest } = entry;
  const clock = typeof time === "string" ? time.slice(11, 23) : "";
  const tail = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "string" && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${clock} ${String(level).toUpperCase().padEnd(5)} ${String(msg ?? "")}${tail ? `  ${tail}` : ""}`;
}
