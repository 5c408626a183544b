import { describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { parseEnv } from "./env";

const http = { SLACK_BOT_TOKEN: "xoxb-123", SLACK_SIGNING_SECRET: "secret" };

function problemOf(env: Record<string, string | undefined>): ConfigError {
  try {
    parseEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseEnv", () => {
  it("HTTP mode with a signing secret, with defaults", () => {
    const env = parseEnv(http);
    expect(env.mode).toBe("http");
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("file:./data/renkei.db");
    expect(env.RENKEI_CONFIG).toBe("./renkei.yml");
    expect(env.LOG_LEVEL).toBe("info");
    expect(env.SLACK_API_URL).toBeUndefined();
  });

  it("HTTP mode without a signing secret names the field and how to fix it", () => {
    const err = problemOf({ SLACK_BOT_TOKEN: "xoxb-123" });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]!.field).toBe("SLACK_SIGNING_SECRET");
    expect(err.message).toContain("SLACK_SIGNING_SECRET");
    expect(err.message).toContain("Signing Secret");
    expect(err.message).toContain("SLACK_APP_TOKEN");
  });

  it("treats empty strings as unset", () => {
    expect(problemOf({ ...http, SLACK_SIGNING_SECRET: "" }).problems[0]!.field).toBe("SLACK_SIGNING_SECRET");
    expect(parseEnv({ ...http, PORT: "" }).PORT).toBe(3000);
    expect(parseEnv({ ...http, PORT: "  " }).PORT).toBe(3000);
  });

  it("Socket Mode with an xapp- token needs no signing secret", () => {
    const env = parseEnv({ SLACK_BOT_TOKEN: "xoxb-123", SLACK_APP_TOKEN: "xapp-1-A" });
    expect(env.mode).toBe("socket");
    expect(env.SLACK_APP_TOKEN).toBe("xapp-1-A");
  });

  it("rejects a bot token with the wrong prefix, and a missing one", () => {
    const err = problemOf({ ...http, SLACK_BOT_TOKEN: "xoxp-123" });
    expect(err.problems[0]!.field).toBe("SLACK_BOT_TOKEN");
    expect(err.message).toContain("xoxb-");
    expect(problemOf({ SLACK_SIGNING_SECRET: "s" }).message).toContain("SLACK_BOT_TOKEN: is required");
  });

  it("rejects an app token with the wrong prefix", () => {
    const err = problemOf({ SLACK_BOT_TOKEN: "xoxb-123", SLACK_APP_TOKEN: "xoxb-456" });
    expect(err.problems[0]!.field).toBe("SLACK_APP_TOKEN");
    expect(err.message).toContain("xapp-");
  });

  it.each([
    ["abc", "must be a whole TCP port number"],
    ["3000.5", "must be a whole TCP port number"],
    ["70000", "between 0 and 65535"],
    ["-1", "must be a whole TCP port number"],
    ["0x50", "must be a whole TCP port number"],
    ["1e3", "must be a whole TCP port number"],
  ])("rejects PORT=%s", (port, text) => {
    const err = problemOf({ ...http, PORT: port });
    expect(err.problems[0]!.field).toBe("PORT");
    expect(err.message).toContain(text);
  });

  it("accepts a numeric PORT", () => {
    expect(parseEnv({ ...http, PORT: "8080" }).PORT).toBe(8080);
  });

  it("accepts SQLite and PostgreSQL URLs and rejects MySQL with a clear message", () => {
    expect(parseEnv({ ...http, DATABASE_URL: "postgres://u@h/db" }).DATABASE_URL).toBe("postgres://u@h/db");
    expect(parseEnv({ ...http, DATABASE_URL: "file:/tmp/x.db" }).DATABASE_URL).toBe("file:/tmp/x.db");
    const err = problemOf({ ...http, DATABASE_URL: "mysql://u@h/db" });
    expect(err.problems[0]!.field).toBe("DATABASE_URL");
    expect(err.message).toContain('"file:"');
    expect(err.message).toContain("postgres://");
    expect(err.message).toContain("mysql");
  });

  it("SLACK_API_URL gets a trailing slash, and keeps one it has", () => {
    expect(parseEnv({ ...http, SLACK_API_URL: "http://localhost:4000/api" }).SLACK_API_URL).toBe("http://localhost:4000/api/");
    expect(parseEnv({ ...http, SLACK_API_URL: "https://slack.com/api/" }).SLACK_API_URL).toBe("https://slack.com/api/");
    expect(problemOf({ ...http, SLACK_API_URL: "not a url" }).problems[0]!.field).toBe("SLACK_API_URL");
    expect(problemOf({ ...http, SLACK_API_URL: "ftp://x.example/api" }).message).toContain("SLACK_API_URL: must be an http(s) URL");
    expect(problemOf({ ...http, SLACK_API_URL: "javascript:alert(1)" }).problems[0]!.field).toBe("SLACK_API_URL");
  });

  it("rejects an unknown LOG_LEVEL", () => {
    expect(problemOf({ ...http, LOG_LEVEL: "verbose" }).message).toContain("LOG_LEVEL: must be one of trace, debug, info, warn, error");
  });

  it("reports every problem at once", () => {
    const err = problemOf({ SLACK_BOT_TOKEN: "bad", PORT: "x", LOG_LEVEL: "loud" });
    expect(err.problems.map((p) => p.field).sort()).toEqual(["LOG_LEVEL", "PORT", "SLACK_BOT_TOKEN"]);
    expect(err.message).toMatch(/^Invalid configuration in the environment:/);
  });

  it("a proxy for Slack traffic: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower case wins), or SLACK_PROXY_URL over both", () => {
    expect(parseEnv(http).proxy).toBeNull();
    expect(parseEnv({ ...http, HTTPS_PROXY: "http://proxy.example:3128", NO_PROXY: "localhost,.internal" }).proxy).toEqual({ httpsProxy: "http://proxy.example:3128", noProxy: "localhost,.internal" });
    expect(parseEnv({ ...http, HTTP_PROXY: "http://a:1", https_proxy: "http://b:2", HTTPS_PROXY: "http://c:3", no_proxy: "x", NO_PROXY: "y" }).proxy).toEqual({ httpProxy: "http://a:1", httpsProxy: "http://b:2", noProxy: "x" });
    expect(parseEnv({ ...http, HTTP_PROXY: "http://a:1" }).proxy).toEqual({ httpProxy: "http://a:1", httpsProxy: "http://a:1", noProxy: "" });
    expect(parseEnv({ ...http, HTTPS_PROXY: "http://c:3", SLACK_PROXY_URL: "http://only-slack:8080" }).proxy).toEqual({ httpProxy: "http://only-slack:8080", httpsProxy: "http://only-slack:8080", noProxy: "" });
    const bad = problemOf({ ...http, HTTPS_PROXY: "proxy.example:3128" });
    expect(bad.problems[0]!.field).toBe("HTTPS_PROXY");
    expect(bad.message).toContain("http://proxy.example.go.jp:3128");
  });

  it("a proxy URL's credentials never appear in an error", () => {
    const bad = problemOf({ ...http, SLACK_PROXY_URL: "ftp://user:s3cret@proxy:21" });
    expect(bad.message).not.toContain("s3cret");
  });
});

describe("OAuth (one installation per organisation)", () => {
  const oauth = {
    SLACK_SIGNING_SECRET: "secret", SLACK_CLIENT_ID: "1234567890.1234567890", SLACK_CLIENT_SECRET: "cs",
    SLACK_STATE_SECRET: "0123456789abcdef", RENKEI_TOKEN_KEY: "ab".repeat(32),
  };

  it("takes the client id, secret, state secret and token key instead of SLACK_BOT_TOKEN", () => {
    const env = parseEnv(oauth);
    expect(env.slackAuth).toBe("oauth");
    expect(env.mode).toBe("http");
    expect(parseEnv(http).slackAuth).toBe("token");
  });

  it("names each missing or wrong field with the fix", () => {
    const err = problemOf({ SLACK_SIGNING_SECRET: "s", SLACK_CLIENT_ID: "1234567890.1234567890" });
    expect(err.problems.map((p) => p.field).sort()).toEqual(["RENKEI_TOKEN_KEY", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"]);
    expect(err.message).toContain("openssl rand -base64 32");
    expect(problemOf({ ...oauth, RENKEI_TOKEN_KEY: "too-short" }).problems.map((p) => p.field)).toEqual(["RENKEI_TOKEN_KEY"]);
    expect(problemOf({ ...oauth, SLACK_BOT_TOKEN: "xoxb-1" }).message).toContain("choose one");
    expect(problemOf({ SLACK_SIGNING_SECRET: "s" }).message).toContain("SLACK_CLIENT_ID");
  });

  it("runs over Socket Mode too: the one app-level token serves every installation, no signing secret needed", () => {
    const { SLACK_SIGNING_SECRET: _s, ...withoutSecret } = oauth;
    const env = parseEnv({ ...withoutSecret, SLACK_APP_TOKEN: "xapp-1-A1-1" });
    expect(env).toMatchObject({ slackAuth: "oauth", mode: "socket" });
  });
});
