import { describe, expect, it } from "vitest";
import { chooseStartMode } from "./mode";

describe("chooseStartMode", () => {
  it("starts the sandbox when no Slack credential is set, outside production", () => {
    expect(chooseStartMode({}, [])).toEqual({ kind: "sandbox", reason: "no_credentials" });
    expect(chooseStartMode({ SLACK_BOT_TOKEN: "  ", NODE_ENV: "development" }, [])).toEqual({ kind: "sandbox", reason: "no_credentials" });
  });

  it("serves Slack as soon as any credential is set, so a partial set still fails with its field", () => {
    expect(chooseStartMode({ SLACK_BOT_TOKEN: "xoxb-1" }, [])).toEqual({ kind: "slack" });
    expect(chooseStartMode({ SLACK_SIGNING_SECRET: "s" }, [])).toEqual({ kind: "slack" });
    expect(chooseStartMode({ SLACK_APP_TOKEN: "xapp-1" }, [])).toEqual({ kind: "slack" });
  });

  it("never falls into the sandbox in production: missing credentials stop the process there", () => {
    expect(chooseStartMode({ NODE_ENV: "production" }, [])).toEqual({ kind: "slack" });
  });

  it("starts the sandbox when asked, with --sandbox or RENKEI_SANDBOX", () => {
    expect(chooseStartMode({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }, ["--sandbox"])).toEqual({ kind: "sandbox", reason: "asked" });
    expect(chooseStartMode({ RENKEI_SANDBOX: "1", NODE_ENV: "production" }, [])).toEqual({ kind: "sandbox", reason: "asked" });
    expect(chooseStartMode({ RENKEI_SANDBOX: "0" }, [])).toEqual({ kind: "sandbox", reason: "no_credentials" });
    expect(chooseStartMode({ RENKEI_SANDBOX: "0", SLACK_BOT_TOKEN: "xoxb-1" }, [])).toEqual({ kind: "slack" });
  });
});
