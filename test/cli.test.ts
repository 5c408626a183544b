// The command-line entry points as operators run them, compiled (`npm run build`) and run with
// node: start-up refusing bad configuration, /healthz, `npm run job`, and `npm run audit:verify`
// naming the first tampered entry.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import { builtinModules } from "node:module";
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
import { shippedMigrations } from "../src/store/migrate";
import YAML from "yaml";
import { copyRuntimeModules } from "../scripts/runtime-modules.mjs";
import { DEFAULT_CJK_FONT } from "../src/config/renkei-config";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const NODE = process.execPath;
/** Time allowed a child process (start-up, a CLI run): generous, the machine may be loaded. */
const CHILD_MS = 120_000;
/** Where `npm run build` puts an entry point: src/cli/job.ts → dist/cli/job.js. */
const built = (entry: string) => path.join("dist", entry.replace(/^src\//, "").replace(/\.ts$/, ".js"));

/** The port in the "renkei is running" log line (JSON lines on stderr), once it is there. */
function startedOn(output: string): number | undefined {
  const line = output.split("\n").find((l) => l.includes('"renkei is running"'));
  return line ? (JSON.parse(line) as { port: number }).port : undefined;
}

beforeAll(async () => {
  await exec(NODE, ["scripts/build.mjs"], { cwd: ROOT, timeout: 120_000 });
}, 120_000);

async function run(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(NODE, [built(script)], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env }, timeout: CHILD_MS });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The files of dist/ that dist/<entry> loads before it runs (static imports, through our chunks), and the packages they import. */
function staticallyLoaded(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = fs.readFileSync(file, "utf8");
    // Static imports and re-exports, minified or not: import{a as b}from"./x.js" / import "x" / export * from "x"
    for (const m of code.matchAll(/(?:^|[;\n])\s*(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?"([^"]+)"/g)) {
      const spec = m[1]!;
      if (spec.startsWith(".")) visit(path.resolve(path.dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(path.join(ROOT, "dist", entry));
  return { files, packages };
}

describe("the build", () => {
  it("runs with node, bundles the packages, and loads one database provider's client only when it is used", () => {
    const { files, packages } = staticallyLoaded("main.js");
    // Everything is in the bundle but Node's own modules (native addons and pdfkit are loaded lazily).
    expect([...packages].filter((p) => !p.startsWith("node:") && !builtinModules.includes(p))).toEqual([]);
    const loaded = [...files].map((f) => fs.readFileSync(f, "utf8")).join("\n");
    expect(loaded).toContain("@slack/bolt"); // Bolt is in the bundle (its own name, in its user agent)
    for (const lazy of ["@prisma/adapter-pg", "@prisma/adapter-better-sqlite3", "getPrismaClientClass"]) expect(loaded).not.toContain(lazy);
    const chunks = fs.readdirSync(path.join(ROOT, "dist", "chunks")).filter((f) => f.endsWith(".js"));
    const text = (f: string) => fs.readFileSync(path.join(ROOT, "dist", "chunks", f), "utf8");
    expect(chunks.filter((f) => text(f).includes("getPrismaClientClass"))).toHaveLength(2); // each provider's client is a chunk of its own
    // The query compiler is read from a binary file beside the chunks, not from Prisma's base64 module.
    expect(chunks.filter((f) => /"[^"]*query_compiler_bg\.\w+\.wasm-base64\.mjs"/.test(text(f).replace(/\/\/.*$/gm, "")))).toEqual([]);
    for (const provider of ["sqlite", "postgresql"]) {
      expect(fs.readFileSync(path.join(ROOT, "dist", "chunks", `query_compiler_bg.${provider}.wasm`)).subarray(0, 4)).toEqual(Buffer.from("\0asm", "latin1"));
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain("tsx");
    expect(pkg.scripts.start).toMatch(/^node .*dist\/main\.js$/);
  });
});

describe("the container image, without Docker: what each stage holds, built and run", () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));

  it("builds in stages and runs the compiled bot as a non-root user, with a health check", () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(lastStage).toMatch(/^USER node$/m);
    expect(lastStage).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(lastStage)![1]!) as string[];
    expect(cmd[0]).toBe("node");
    expect(fs.existsSync(path.join(ROOT, cmd.at(-1)!))).toBe(true); // the build made it
    // The image runs the bot as `npm start` does, with the same Node options (memory settings).
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(cmd.join(" ")).toBe(pkg.scripts.start);
    expect(dockerfile).toMatch(/RUN npm run build/);
    // Everything the image copies from the context exists (and is not ignored).
    const ignored = fs.readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n").filter(Boolean);
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of m[1]!.split(/\s+/)) {
        expect(fs.existsSync(path.join(ROOT, source)), source).toBe(true);
        expect(ignored, source).not.toContain(source);
      }
    }
    expect(ignored).toEqual(expect.arrayContaining(["node_modules", "dist", "renkei.yml", ".env"]));
  });

  const buildStage = dockerfile.slice(0, dockerfile.indexOf("\nFROM ", dockerfile.indexOf("FROM ") + 1));
  /**
   * What `docker build` puts in a stage's working directory (here `dir`): each COPY's sources from
   * the context, at the same place, the .dockerignore'd paths left out; a COPY from the build
   * stage is handed to `fromBuild` (its source path in that stage, where it goes).
   */
  const copyAsDockerDoes = (stage: string, dir: string, fromBuild: (source: string, dest: string) => void) => {
    const ignored = fs.readFileSync(path.join(ROOT, ".dockerignore"), "utf8").split("\n").filter(Boolean);
    const isIgnored = (rel: string) => ignored.some((p) => (p.startsWith("*") ? rel.endsWith(p.slice(1)) : rel === p || rel.startsWith(`${p}/`)));
    for (const m of stage.matchAll(/^COPY (--from=build )?(.+) (\S+)$/gm)) {
      const sources = m[2]!.split(/\s+/);
      const dest = m[3]!;
      for (const source of sources) {
        const target = sources.length > 1 || dest.endsWith("/") ? path.join(dest, path.basename(source)) : dest;
        if (m[1]) fromBuild(source, path.join(dir, target));
        else fs.cpSync(path.join(ROOT, source), path.join(dir, target), { recursive: true, filter: (from) => !isIgnored(path.relative(ROOT, from)) });
      }
    }
  };

  it("its build stage compiles the bot from only what that stage copies in", async () => {
    // `npm ci` in the image generates the Prisma clients: copied here instead.
    const context = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-image-build-"));
    try {
      copyAsDockerDoes(buildStage, context, () => {
        throw new Error("the build stage copies from itself");
      });
      fs.cpSync(path.join(ROOT, "src/generated"), path.join(context, "src/generated"), { recursive: true });
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(context, "node_modules"));
      const result = await exec(NODE, ["scripts/build.mjs"], { cwd: context, timeout: CHILD_MS }).then(
        () => "built",
        (e: { stderr?: string }) => e.stderr ?? String(e),
      );
      expect(result).toBe("built");
      for (const entry of ["dist/main.js", "dist/cli/migrate.js"]) expect(fs.existsSync(path.join(context, entry)), entry).toBe(true);
    } finally {
      fs.rmSync(context, { recursive: true, force: true });
    }
  });

  it("runs from what its last stage holds: the build, the migrations and only the packages loaded at run time", async () => {
    // The image's /app, outside this checkout (so that Node finds no other node_modules above it).
    const app = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-image-app-"));
    const emu = await SlackEmulator.start();
    try {
      copyAsDockerDoes(lastStage, app, (source, dest) => {
        if (source === "/runtime/node_modules") copyRuntimeModules(path.dirname(dest));
        else if (source === "/app/dist") fs.cpSync(path.join(ROOT, "dist"), dest, { recursive: true });
        else throw new Error(`a COPY from the build stage this test does not know: ${source}`);
      });
      const packages = fs.readdirSync(path.join(app, "node_modules")).filter((p) => !p.startsWith("."));
      expect(packages).toEqual(expect.arrayContaining(["better-sqlite3", "pdfkit"]));
      expect(packages).not.toContain("@slack"); // compiled into dist/
      expect(fs.existsSync(path.join(app, "node_modules/better-sqlite3/deps")), "an addon's C sources").toBe(false);
      // The release step, then the bot, as compose runs them (SQLite here; the steps are the same).
      const db = `file:${path.join(app, "renkei.db")}`;
      const configFile = path.join(app, "renkei.yml");
      fs.copyFileSync(path.join(ROOT, "renkei.example.yml"), configFile);
      const env = { PATH: process.env.PATH ?? "", DATABASE_URL: db };
      const migrated = await exec(NODE, ["dist/cli/migrate.js"], { cwd: app, env, timeout: CHILD_MS });
      expect(migrated.stdout).toMatch(/: applied \d+_init, /);
      const child = spawn(NODE, ["dist/main.js"], { cwd: app, env: { ...env, NODE_ENV: "production", PORT: "0", SLACK_BOT_TOKEN: emu.botToken, SLACK_SIGNING_SECRET: "s", SLACK_API_URL: emu.apiUrl, RENKEI_CONFIG: configFile }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stderr.on("data", (d) => (output += String(d)));
      try {
        const port = await until(async () => startedOn(output), `no start-up log line: ${output}`, CHILD_MS);
        expect(output).toContain('"migrations":"up_to_date"');
        const health = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(health.status, output).toBe(200);
        expect(await health.json()).toMatchObject({ ok: true, checks: { database: { status: "ok", provider: "sqlite" }, slack_auth: { status: "ok" } } });
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("close", r));
      }
      // The case file's PDF library (loaded only for a case file) finds what it needs there too.
      const pdf = await exec(NODE, ["--input-type=module", "-e", 'const { default: PDF } = await import("pdfkit"); const doc = new PDF(); let bytes = 0; doc.on("data", (c) => (bytes += c.length)); doc.on("end", () => console.log(bytes)); doc.text("renkei"); doc.end();'], { cwd: app, env, timeout: CHILD_MS });
      expect(Number(pdf.stdout.trim())).toBeGreaterThan(500);
    } finally {
      await emu.stop();
      fs.rmSync(app, { recursive: true, force: true });
    }
  }, 2 * CHILD_MS);

  it("has the font of the case file's PDF at the configured default path", () => {
    expect(DEFAULT_CJK_FONT).toMatch(/^\/usr\/share\/fonts\/opentype\/noto\//);
    expect(lastStage).toMatch(/apt-get install[^\n]*fonts-noto-cjk/);
    expect(lastStage).toContain(path.basename(DEFAULT_CJK_FONT)); // the face kept when the others are removed
  });

  it("compose starts PostgreSQL, runs migrations once, then two replicas", () => {
    const compose = YAML.parse(fs.readFileSync(path.join(ROOT, "compose.yaml"), "utf8"), { merge: true }) as {
      name?: string;
      services: Record<string, { image?: string; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown; read_only?: boolean; cap_drop?: string[]; security_opt?: string[] }>;
    };
    const { postgres, migrate, ...rest } = compose.services;
    // Debian 12's docker-compose 1.29 reads it too: it rejects a top-level name (README, "Deploying").
    expect(compose.name).toBeUndefined();
    expect(migrate?.image).toBe("${RENKEI_IMAGE:-renkei:latest}");
    expect(postgres?.healthcheck).toBeDefined();
    expect(migrate?.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(migrate?.command).toEqual(["node", "dist/cli/migrate.js"]);
    expect(fs.existsSync(path.join(ROOT, migrate!.command![1]!))).toBe(true);
    const replicas = Object.entries(rest);
    expect(replicas.map(([name]) => name)).toEqual(["renkei-1", "renkei-2"]);
    // renkei's containers run hardened (the image was started so: README, "Deploying").
    for (const service of [migrate!, ...replicas.map(([, r]) => r)]) {
      expect(service).toMatchObject({ read_only: true, cap_drop: ["ALL"], security_opt: ["no-new-privileges:true"] });
    }
    for (const [, replica] of replicas) {
      expect(replica.image).toBe(migrate?.image);
      expect(replica.depends_on).toEqual({ migrate: { condition: "service_completed_successfully" } });
      expect(replica.environment?.DATABASE_URL).toMatch(/^postgres:\/\/renkei:.*@postgres:5432\/renkei$/);
      expect(replica.environment?.DATABASE_URL).toBe(migrate?.environment?.DATABASE_URL);
    }
  });
});

describe("start-up configuration errors", () => {
  it("stops with the field and the fix when the signing secret is missing", async () => {
    const r = await run("src/main.ts", { SLACK_BOT_TOKEN: "xoxb-1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SLACK_SIGNING_SECRET");
    expect(r.stderr).toContain("Basic Information → Signing Secret");
    expect(r.stderr).toContain("renkei did not start");
  }, CHILD_MS);

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
  }, CHILD_MS);

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
    /** Starts `npm start`'s entry point on a free port, waits for /healthz, stops it; returns what it logged. */
    const startOnce = async () => {
      const child = spawn(NODE, [built("src/main.ts")], { cwd: ROOT, env: { ...env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stderr.on("data", (d) => (output += String(d)));
      try {
        // The port the system gave it, from the start-up log line.
        const port = await until(async () => startedOn(output), `no start-up log line: ${output}`, 180_000);
        const answer = await fetch(`http://127.0.0.1:${port}/healthz`);
        expect(answer.status, output).toBe(200);
        expect(await answer.json()).toMatchObject({ ok: true, status: "ok", checks: { database: { status: "ok", provider: database }, slack_auth: { status: "ok" }, outbox: { status: "ok" }, transport: { status: "ok", transport: "http" } } });
        return output;
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("close", r));
      }
    };
    try {
      expect(await startOnce()).toContain('"migrations":"applied"');
      // A restart with an up-to-date database applies nothing again.
      expect(await startOnce()).toContain('"migrations":"up_to_date"');
      if (database === "sqlite") {
        // The bot runs SQLite in WAL mode, which stays with the file. An upgrade that brings
        // migrations finds such a file: applying them must not wait on the bot's own connection.
        const file = url.slice("file:".length);
        const db = new Database(file);
        expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
        db.close();
        fs.rmSync(file);
        const empty = new Database(file);
        empty.pragma("journal_mode = WAL");
        empty.close();
        expect(await startOnce()).toContain('"migrations":"applied"');
      }
    } finally {
      await emu.stop();
      await dropPg?.();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 400_000); // child processes of the built bot: generous on a loaded machine
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
    const r = await exec(NODE, [built("src/cli/job.ts"), "digest", "--force"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    expect(r.stdout).toMatch(/digest: 2 queued in \d+\.\d\d s, \d+ effects run in \d+\.\d\d s/); // timed, as the schedules are
    expect(h.emu.dms(U.ppcManager).filter((m) => m.text.includes("ダイジェスト") || m.text.includes("報告する事項"))).toHaveLength(1);
    await exec(NODE, [built("src/cli/job.ts"), "digest", "--force"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } });
    expect(h.emu.dms(U.ppcManager).filter((m) => m.text.includes("ダイジェスト") || m.text.includes("報告する事項"))).toHaveLength(1);
    const usage = await run("src/cli/job.ts", env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage: npm run job -- reminders | digest");
  }, 3 * CHILD_MS);

  it("the release step (node dist/cli/migrate.js) says what it applied, and never prints a password", async () => {
    let url = h.db.url;
    if (database === "postgres") {
      const u = new URL(url);
      u.password = "s3cret-for-the-test"; // trust authentication here: the server does not ask for it
      url = u.toString();
    }
    const again = await run("src/cli/migrate.ts", { DATABASE_URL: url });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(": up to date, nothing to apply");
    expect(again.stdout + again.stderr).not.toContain("s3cret");
    if (database === "sqlite") {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-release-"));
      try {
        const url = `file:${path.join(dir, "new.db")}`;
        const first = await run("src/cli/migrate.ts", { DATABASE_URL: url });
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toContain(`: applied ${shippedMigrations(url).map((m) => m.name).join(", ")}\n`);
        expect(first.stdout).toMatch(/: applied \d+_init, /); // oldest first
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }, 2 * CHILD_MS);

  it("answers GET /healthz (the container's health check) after checking the database", async () => {
    const healthPath = /HEALTHCHECK[\s\S]*?127\.0\.0\.1:\$\{[^}]*\}(\/\w+)/.exec(fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8"))![1];
    expect(healthPath).toBe("/healthz");
    const res = await fetch(`${h.baseUrl}${healthPath}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, status: "ok", checks: { database: { status: "ok", provider: database } } });
    expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
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
  }, 2 * CHILD_MS);
});
