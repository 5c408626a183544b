// `npm run demo -- --two-workspaces` (and with --socket-mode) runs to the end and shows what the
// two-workspace set-up promises: the channel hosted by the registering party's installation,
// accepted by the other's, and every DM from the person's own organisation's bot.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

async function demo(...args: string[]): Promise<string> {
  const { stdout } = await exec(TSX, ["scripts/demo.ts", ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" }, timeout: 180_000 });
  return stdout;
}

describe("npm run demo -- --two-workspaces", () => {
  it.each([[[] as string[]], [["--socket-mode"]]])("plays the incident across two workspaces (%j)", async (extra) => {
    const out = await demo("--two-workspaces", "--lang", "en", ...extra);
    expect(out).toContain('"nisc":{"teamId":"T0NISCDEM1","status":"not_installed"');
    expect(out).toContain('"nisc":{"teamId":"T0NISCDEM1","status":"installed"}');
    expect(out).toMatch(/hosted by NISC's workspace, created by NISC's bot; shared with PPC's workspace \(is_ext_shared: true\)/);
    expect(out).toContain("conversations.inviteShared by NISC's workspace (to PPC's bot) → shared_channel_invite_received in PPC's workspace → conversations.acceptSharedInvite by PPC's workspace");
    expect(out).toMatch(/members: .*Ito \(NISC liaison\).*Suzuki \(PPC liaison\)/);
    expect(out).toContain("the pinned card, posted by NISC's bot");
    expect(out).toContain("DM to Tanaka, in NISC's workspace, from NISC's bot");
    expect(out).toContain("DM to Ito (NISC liaison), in NISC's workspace, from NISC's bot");
    expect(out).toContain("is now a *cooperation case*");
    expect(out).toContain("DM to Yamada (PPC manager), in PPC's workspace, from its own organisation's bot");
    expect(out).toContain("DM to Kato (NISC manager), in NISC's workspace, from its own organisation's bot");
    expect(out).not.toContain("THE OTHER ORGANISATION'S BOT");
    expect(out).toContain("calls refused for a wrong token or a channel outside the token's workspace: 0");
    if (extra.includes("--socket-mode")) expect(out).toMatch(/Socket Mode: one app-level token, \d+ connections?, \d+ envelopes \([1-9]\d* for PPC's workspace, [1-9]\d* for NISC's\); acknowledgements missing or later than 3 s: 0/);
    expect(out.trimEnd().split("\n").at(-1)).toContain("Done.");
  }, 200_000);
});
