import { describe, expect, it } from "vitest";
import { MAX_EFFECT_ATTEMPTS, retryDelayMs } from "./runner";
import { describeError, isRateLimited } from "../slack/errors";

describe("retryDelayMs", () => {
  it("follows the backoff schedule by attempt, staying at the last step", () => {
    expect(retryDelayMs(new Error("x"), 1)).toBe(10_000);
    expect(retryDelayMs(new Error("x"), 2)).toBe(60_000);
    expect(retryDelayMs(new Error("x"), 3)).toBe(5 * 60_000);
    expect(retryDelayMs(new Error("x"), 4)).toBe(15 * 60_000);
    expect(retryDelayMs(new Error("x"), 5)).toBe(60 * 60_000);
    expect(retryDelayMs(new Error("x"), 6)).toBe(60 * 60_000);
    expect(retryDelayMs(new Error("x"), 50)).toBe(60 * 60_000);
  });

  it("allows one attempt more than there are backoff steps", () => {
    expect(MAX_EFFECT_ATTEMPTS).toBe(6);
  });

  it("honours a retryAfter in seconds (Slack's rate-limited error)", () => {
    const rateLimited = Object.assign(new Error("A rate limit was exceeded"), { code: "slack_webapi_rate_limited_error", retryAfter: 30 });
    expect(retryDelayMs(rateLimited, 1)).toBe(30_000);
    expect(retryDelayMs(rateLimited, 5)).toBe(30_000);
  });

  it("ignores a zero, negative or non-numeric retryAfter", () => {
    expect(retryDelayMs({ retryAfter: 0 }, 2)).toBe(60_000);
    expect(retryDelayMs({ retryAfter: -5 }, 2)).toBe(60_000);
    expect(retryDelayMs({ retryAfter: "30" }, 2)).toBe(60_000);
  });

  it("copes with non-object errors", () => {
    expect(retryDelayMs(undefined, 1)).toBe(10_000);
    expect(retryDelayMs(null, 1)).toBe(10_000);
    expect(retryDelayMs("boom", 3)).toBe(5 * 60_000);
  });
});

describe("describeError", () => {
  it("gives Slack's platform error code", () => {
    const err = Object.assign(new Error("An API error occurred: name_taken"), { code: "slack_webapi_platform_error", data: { ok: false, error: "name_taken" } });
    expect(describeError(err)).toBe("name_taken");
    expect(describeError({ data: { error: "channel_not_found" } })).toBe("channel_not_found");
  });

  it("describes rate limits, HTTP errors and unreachable Slack", () => {
    expect(describeError({ code: "slack_webapi_rate_limited_error", retryAfter: 12 })).toBe("ratelimited (retry after 12 s)");
    expect(describeError({ code: "slack_webapi_rate_limited_error" })).toBe("ratelimited (retry after ? s)");
    expect(describeError({ code: "slack_webapi_http_error", statusCode: 503 })).toBe("HTTP 503 from Slack");
    expect(describeError({ code: "slack_webapi_request_error", message: "getaddrinfo ENOTFOUND slack.com" })).toBe("Slack could not be reached");
  });

  it("never leaks a database error's message", () => {
    const secret = "Unique constraint failed on the fields: (`dedupeKey`) in /srv/renkei/data/renkei.db SELECT * FROM Effect";
    const p2002 = Object.assign(new Error(secret), { code: "P2002", clientVersion: "6.19.3", meta: { target: ["dedupeKey"] } });
    expect(describeError(p2002)).toBe("database error P2002");
    const init = Object.assign(new Error(`Can't reach database server at db.internal:5432 ${secret}`), { clientVersion: "6.19.3", errorCode: "P1001" });
    expect(describeError(init)).toBe("database error");
    expect(describeError(p2002)).not.toContain("renkei.db");
  });

  it("falls back to the message, or the value as text", () => {
    expect(describeError(new Error("incident not found"))).toBe("incident not found");
    expect(describeError("plain string")).toBe("plain string");
    expect(describeError(undefined)).toBe("undefined");
    expect(describeError(null)).toBe("null");
    expect(describeError(42)).toBe("42");
  });
});

describe("isRateLimited", () => {
  it("is true only for Slack's rate-limited error", () => {
    expect(isRateLimited({ code: "slack_webapi_rate_limited_error", retryAfter: 3 })).toBe(true);
    expect(isRateLimited({ code: "slack_webapi_http_error", statusCode: 500 })).toBe(false);
    expect(isRateLimited({ data: { error: "ratelimited" } })).toBe(false);
    expect(isRateLimited(undefined)).toBe(false);
  });
});
