// A small structured logger (one line of JSON per entry on stderr), also handed to Bolt.
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";

export type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

export function createLogger(level: Level, sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const emit = (at: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    sink(JSON.stringify({ at: new Date().toISOString(), level: at, msg, ...fields }));
  };
  return { debug: emit("debug"), info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Adapts our logger to Bolt's interface. */
export function boltLogger(log: Logger, level: Level): BoltLogger {
  let current = level;
  const join = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
  return {
    debug: (...a) => log.debug(join(a)),
    info: (...a) => log.info(join(a)),
    warn: (...a) => log.warn(join(a)),
    error: (...a) => log.error(join(a)),
    setLevel: (l) => {
      current = l as unknown as Level;
    },
    getLevel: () => (current as unknown as LogLevel),
    setName: () => {},
  };
}
