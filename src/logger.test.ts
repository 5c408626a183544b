import { describe, expect, it } from "vitest";
import { boltLogger, createLogger, defaultLogFormat, libraryMessage, prettyLine, redactFields, REDACTED, scrub } from "./logger";

function captured(level: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  const log = createLogger(level, (l) => lines.push(l));
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("logger", () => {
  it("writes one JSON object a line with level, time and message, honouring the level", () => {
    const { log, entries } = captured("info");
    log.debug("not shown");
    log.info("renkei is running", { port: 3000, mode: "http" });
    log.error("sweep failed", { job: "digest" });
    const [first, second] = entries();
    expect(entries()).toHaveLength(2);
    expect(first).toMatchObject({ level: "info", msg: "renkei is running", port: 3000, mode: "http" });
    expect(typeof first!.time).toBe("string");
    expect(second).toMatchObject({ level: "error", msg: "sweep failed", job: "digest" });
  });

  it("trace shows the Slack libraries' request-level detail; debug does not", () => {
    const t = captured("trace");
    boltLogger(t.log, "trace").debug("apiCall('chat.postMessage') start");
    expect(t.entries()).toEqual([expect.objectContaining({ level: "trace", lib: "slack", msg: "apiCall('chat.postMessage') start" })]);
    const d = captured("debug");
    boltLogger(d.log, "debug").debug("apiCall('chat.postMessage') start");
    boltLogger(d.log, "debug").warn("http request failed");
    expect(d.entries()).toEqual([expect.objectContaining({ level: "warn", msg: "http request failed" })]);
  });

  it("drops the Slack libraries' messages of a level the logger does not write before making them safe", () => {
    // The Web API client's debug messages carry whole request bodies and results: at `info`
    // nothing of them is formatted, scrubbed or handed to the logger.
    const handed: string[] = [];
    const record = (level: string) => (msg: string) => void handed.push(`${level} ${msg}`);
    const log = { trace: record("trace"), debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error"), enabled: (l: string) => l !== "trace" && l !== "debug" };
    const lib = boltLogger(log, "info");
    lib.debug(`http request body: ${JSON.stringify({ blocks: [{ type: "section" }] })}`);
    lib.info("API Call failed due to rate limiting. Will retry in 1 seconds.");
    expect(handed).toEqual(["info API Call failed due to rate limiting. Will retry in 1 seconds."]);
    // A hand-made logger that does not say which levels it writes is handed every message, made safe.
    const all: string[] = [];
    boltLogger({ ...log, trace: (msg: string) => void all.push(msg), enabled: undefined }, "trace").debug("token xoxb-1-2 and a body {\"text\":\"x\"}");
    expect(all).toEqual(["token xx-[redacted] and a body [body redacted]"]);
  });

  it("redacts people's text, names, bodies and secrets at any depth, and never an error's message", () => {
    const out = redactFields({
      kind: "post_task",
      incident: { ref: "2026-0001", title: "Leak at X", summary: "…", reporterName: "Ministry" },
      user: "U0PPCSTAF1",
      payload: { text: "hello" },
      items: [{ need: "why", item: "sharing_results" }],
      SLACK_BOT_TOKEN: "xoxb-1",
      signingSecret: "s",
      error: new Error("Invalid `prisma.incident.create()` invocation: title \"Leak at X\""),
    });
    expect(out).toEqual({
      kind: "post_task",
      incident: { ref: "2026-0001", title: REDACTED, summary: REDACTED, reporterName: REDACTED },
      user: "U0PPCSTAF1",
      payload: REDACTED,
      items: [{ need: REDACTED, item: "sharing_results" }],
      SLACK_BOT_TOKEN: REDACTED,
      signingSecret: REDACTED,
      error: { type: "Error" },
    });
  });

  it("masks tokens, URL passwords and URL queries in every string, messages included", () => {
    expect(scrub("token xoxb-123-abc and xapp-1-A0-9 here")).toBe("token xx-[redacted] and xx-[redacted] here");
    expect(scrub("postgres://renkei:hunter2@db:5432/renkei")).toBe("postgres://renkei:[redacted]@db:5432/renkei");
    expect(scrub("wss://wss.example/link/?ticket=abc&app_id=A1 open")).toBe("wss://wss.example/link/?[redacted] open");
    const { log, lines } = captured("info");
    log.info("connecting with xoxb-999-secret", { database: "postgres://u:pw@h/db" });
    expect(lines.join("")).not.toMatch(/xoxb-999|pw@/);
  });

  it("cuts the Slack libraries' messages where a body starts", () => {
    expect(libraryMessage(['http request body: {"channel":"C1","text":"secret words"}'])).toBe("http request body: [body redacted]");
    expect(libraryMessage(['Received a message on the WebSocket: {"envelope_id":"1","payload":{}}'])).toBe("Received a message on the WebSocket: [body redacted]");
    expect(libraryMessage(["http request failed", { body: "x" }])).toBe("http request failed [object]");
    expect(libraryMessage([Object.assign(new Error("An API error occurred: invalid_auth"), { code: "slack_webapi_platform_error" })])).toBe("Error (slack_webapi_platform_error)");
  });

  it("is readable at a terminal outside production, JSON otherwise or when told", () => {
    expect(defaultLogFormat({}, true)).toBe("pretty");
    expect(defaultLogFormat({}, false)).toBe("json");
    expect(defaultLogFormat({ NODE_ENV: "production" }, true)).toBe("json");
    expect(defaultLogFormat({ NODE_ENV: "production", LOG_FORMAT: "pretty" }, false)).toBe("pretty");
    expect(prettyLine('{"level":"info","time":"2026-12-01T02:03:04.567Z","msg":"renkei is running","port":3000,"database":"sqlite"}')).toBe(
      "02:03:04.567 INFO  renkei is running  port=3000 database=sqlite",
    );
  });
});

describe("errorCode", () => {
  it("gives Slack's, the database's or Node's code, or the class, never the message", async () => {
    const { errorCode } = await import("./logger");
    expect(errorCode(Object.assign(new Error("An API error occurred: invalid_auth"), { data: { error: "invalid_auth" } }))).toBe("invalid_auth");
    expect(errorCode({ original: Object.assign(new Error("x"), { code: "P2002" }) })).toBe("P2002");
    expect(errorCode(Object.assign(new Error("Invalid `prisma.x()` invocation: title \"Leak\""), { clientVersion: "6.19.3" }))).toBe("database_error");
    expect(errorCode(new TypeError("Cannot read properties of undefined (reading 'title')"))).toBe("TypeError");
  });
});
