// manifest.yml must declare what the code uses: the slash command, interactivity, App Home,
// and a bot scope for every Web API method renkei calls.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const manifest = parse(fs.readFileSync(path.join(ROOT, "manifest.yml"), "utf8"));

// Scopes that allow each method (any one of them suffices), from Slack's method reference.
const SCOPES: Record<string, string[]> = {
  "auth.test": [],
  "views.open": [],
  "views.update": [],
  "views.publish": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "chat.getPermalink": [],
  "conversations.create": ["channels:manage", "groups:write"],
  "conversations.invite": ["channels:write.invites", "groups:write.invites", "groups:write"],
  "conversations.inviteShared": ["conversations.connect:write"],
  "conversations.acceptSharedInvite": ["conversations.connect:write"],
  "conversations.setTopic": ["channels:manage", "groups:write"],
  "conversations.archive": ["channels:manage", "groups:write"],
  "conversations.setPurpose": ["channels:manage", "groups:write"],
  "conversations.members": ["channels:read", "groups:read"],
  "pins.add": ["pins:write"],
  "conversations.history": ["channels:history", "groups:history", "im:history"],
  "conversations.replies": ["channels:history", "groups:history", "im:history"],
  "conversations.open": ["im:write"],
  // files.uploadV2 (the SDK's wrapper) calls these two.
  "files.getUploadURLExternal": ["files:write"],
  "files.completeUploadExternal": ["files:write"],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(p);
    return p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

describe("manifest.yml", () => {
  it("declares the slash command, interactivity, App Home and the bot user", () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual(["/renkei"]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
  });

  it("declares the Art. 7 shortcut and the message events it listens to, with their scopes", () => {
    expect(manifest.features.shortcuts).toEqual(expect.arrayContaining([expect.objectContaining({ type: "message", callback_id: "designate_sharing_scope" })]));
    const events: string[] = manifest.settings.event_subscriptions.bot_events;
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    const needs: Record<string, string> = { "message.channels": "channels:history", "message.groups": "groups:history", "message.im": "im:history" };
    for (const [event, scope] of Object.entries(needs)) {
      expect(events).toContain(event);
      expect(scopes).toContain(scope);
    }
  });

  it("grants a scope for every Web API method the code calls", () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    const called = new Set<string>();
    for (const file of sourceFiles(path.join(ROOT, "src"))) {
      const source = fs.readFileSync(file, "utf8");
      for (const m of source.matchAll(/client\.(\w+)\.(\w+)\(/g)) called.add(`${m[1]}.${m[2]}`);
      if (/client\.filesUploadV2\(/.test(source)) ["files.getUploadURLExternal", "files.completeUploadExternal"].forEach((m) => called.add(m));
    }
    expect(called.size).toBeGreaterThan(5);
    for (const method of called) {
      expect(SCOPES, `add ${method} to this test's table`).toHaveProperty([method]);
      const allowed = SCOPES[method]!;
      if (allowed.length > 0) expect(allowed.some((s) => scopes.includes(s)), `${method} needs one of ${allowed.join(", ")}`).toBe(true);
    }
  });
});
