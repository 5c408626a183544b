// The command-line entry points as operators run them: start-up refusing bad configuration,
// /healthz, and `npm run audit:verify` naming the first tampered entry.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresSchemaFrom } from "../scripts/sync-postgres-schema";
import { intakeValues, startHarness, submitIntake, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { pgAdminUrl, pgUrlFor } from "./support/database-names";
import { SlackEmulator } from "../emulator";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

async function run(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(TSX, [script], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("start-up configuration errors", () => {
  it("stops with the field and the fix when the signing secret is missing", async () => {
    const r = await run("src/main.ts", { SLACK_BOT_TOKEN: "xoxb-1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SLACK_SIGNING_SECRET");
    expect(r.stderr).toContain("Basic Information → Signing Secret");
    expect(r.stderr).toContain("renkei did not start");
  });

  it("names every broken renkei.yml field", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-cfg-"));
    const file = path.join(dir, "renkei.yml");
    fs.writeFileSync(file, "timezone: Mars/Olympus\nparties:\n  ppc:\n    members:\n      - { user: alice, roles: [chief] }\n  nisc:\n    members: []\n");
    const r = await run("src/main.ts", { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", RENKEI_CONFIG: file });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("timezone: is not an IANA time zone");
    expect(r.stderr).toContain("parties.ppc.members[0].user: must be a Slack member ID");
    expect(r.stderr).toContain("parties.ppc.members[0].roles[0]");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the PostgreSQL schema identical to the SQLite one", () => {
    const sqlite = fs.readFileSync(path.join(ROOT, "prisma/sqlite/schema.prisma"), "utf8");
    const postgres = fs.readFileSync(path.join(ROOT, "prisma/postgres/schema.prisma"), "utf8");
    expect(postgres).toBe(postgresSchemaFrom(sqlite));
  });
});

describe.each(testDatabases())("npm start on %s", (database) => {
  it("applies migrations to an empty database, starts and answers /healthz; a restart skips migrate", async () => {
    const emu = await SlackEmulator.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-start-"));
    let url = `file:${path.join(dir, "fresh.db")}`;
    let dropPg: (() => Promise<void>) | null = null;
    if (database === "postgres") {
      const name = `renkei_t_${process.ppid}_start`;
      const admin = new pg.Client({ connectionString: pgAdminUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      url = pgUrlFor(name);
      dropPg = async () => {
        const c = new pg.Client({ connectionString: pgAdminUrl() });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    }
    const configFile = path.join(dir, "renkei.yml");
    fs.writeFileSync(configFile, fs.readFileSync(path.join(ROOT, "renkei.example.yml")));
    const env = { PATH: process.env.PATH ?? "", SLACK_BOT_TOKEN: emu.botToken, SLACK_SIGNING_SECRET: "s", SLACK_API_URL: emu.apiUrl, DATABASE_URL: url, RENKEI_CONFIG: configFile };
    /** Starts `npm start`'s entry point, waits for /healthz, stops it; returns what it logged. */
    const startOnce = async () => {
      const port = 43000 + Math.floor(Math.random() * 2000);
      const child = spawn(TSX, ["src/main.ts"], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stderr.on("data", (d) => (output += String(d)));
      try {
        let answer: Response | null = null;
        for (let i = 0; i < 300 && !answer; i++) {
          answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
          if (!answer) await new Promise((r) => setTimeout(r, 200));
        }
        expect(answer?.status, output).toBe(200);
        expect(await answer!.json()).toEqual({ ok: true, database, transport: { transport: "http", ok: true } });
        await until(async () => output.includes("renkei is running"), "no start-up log line");
        return output;
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("close", r));
      }
    };
    try {
      expect(await startOnce()).toContain('"migrations":"applied"');
      // A restart with an up-to-date database does not run `prisma migrate deploy` again.
      expect(await startOnce()).toContain('"migrations":"up_to_date"');
    } finally {
      await emu.stop();
      await dropPg?.();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000); // a child process that runs `prisma migrate deploy` first: generous on a loaded machine
});

describe.each(testDatabases())("operations on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
    await submitIntake(h, U.niscStaff, intakeValues());
    await h.settle();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("npm run job -- digest --force delivers the managers' digest once, and again does nothing", async () => {
    const env = { SLACK_BOT_TOKEN: h.emu.botToken, SLACK_SIGNING_SECRET: "s", SLACK_API_URL: h.emu.apiUrl, DATABASE_URL: h.db.url, RENKEI_CONFIG: path.join(ROOT, "renkei.example.yml") };
    const r = await exec(TSX, ["src/cli/job.ts", "digest", "--force"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    expect(r.stdout).toMatch(/digest: 2 queued, \d+ effects run/);
    expect(h.emu.dms(U.ppcManager).filter((m) => m.text.includes("ダイジェスト") || m.text.includes("報告する事項"))).toHaveLength(1);
    await exec(TSX, ["src/cli/job.ts", "digest", "--force"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    expect(h.emu.dms(U.ppcManager).filter((m) => m.text.includes("ダイジェスト") || m.text.includes("報告する事項"))).toHaveLength(1);
    const usage = await run("src/cli/job.ts", env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npm run job -- reminders | digest");
  });

  it("answers GET /healthz after checking the database", async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, database, transport: { transport: "http", ok: true } });
  });

  it("audit:verify passes an intact log and names the first edited entry", async () => {
    const ok = await run("src/cli/audit-verify.ts", { DATABASE_URL: h.db.url });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit log intact: 3 entries/);

    // Someone edits entry #2 directly in the database.
    const tamper = `UPDATE "AuditEntry" SET "after" = '{"channelId":"C0FORGED"}' WHERE "seq" = 2`;
    if (database === "sqlite") {
      const sqlite = new Database(h.db.url.slice("file:".length));
      sqlite.exec(tamper);
      sqlite.close();
    } else {
      const client = new pg.Client({ connectionString: h.db.url });
      await client.connect();
      await client.query(tamper);
      await client.end();
    }
    const broken = await run("src/cli/audit-verify.ts", { DATABASE_URL: h.db.url });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("BROKEN at entry #2 (incident.channel_opened");
    expect(broken.stderr).toContain("edited");
  });
});
