// `npm run container:check`: builds the image (Dockerfile) and starts it as compose.yaml does,
// against this machine's PostgreSQL and the Slack emulator. It runs, in order:
// - the release step once (`node dist/cli/migrate.js`) on an empty PostgreSQL database;
// - two replicas on that database;
// - one container on SQLite, with a volume on /data;
// - one container without its Slack settings, which must refuse to start and name them.
// Every container is hardened as compose runs it: read-only root file system, no capabilities, no
// privilege escalation. It checks each replica's /healthz and /readyz and waits for Docker to
// report it healthy; then it removes everything it started.
//
// Needs a Docker daemon on Linux (the containers use the host's network to reach PostgreSQL and
// the emulator) and PostgreSQL: RENKEI_TEST_PG_URL's server, else postgres://postgres@127.0.0.1:5432.
//   npm run container:check                 # build, then check
//   npm run container:check -- --no-build   # check the image already tagged renkei:check
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SlackEmulator } from "../emulator";
import { freePort } from "./bench/load";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const IMAGE = "renkei:check";
const PREFIX = `renkei-check-${process.pid}`;
/** As compose.yaml's x-hardened. */
const HARDENED = ["--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges:true"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function docker(args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Runs a container to its end: its exit code and what it wrote. */
function dockerRun(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile("docker", ["run", "--rm", ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

async function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(500);
  }
}

const results: Array<{ check: string; ok: boolean; detail: string }> = [];
function check(name: string, ok: boolean, detail = ""): void {
  results.push({ check: name, ok, detail });
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` — ${detail}` : ""}`);
}

async function main(): Promise<void> {
  if (!process.argv.includes("--no-build")) {
    console.log(`== docker build -t ${IMAGE} .`);
    execFileSync("docker", ["build", "--network", "host", "-t", IMAGE, "."], { cwd: ROOT, stdio: "inherit" });
  }
  const size = Number(docker(["image", "inspect", IMAGE, "--format", "{{.Size}}"]));
  console.log(`== ${IMAGE}: ${(size / 1e6).toFixed(0)} MB`);

  const adminUrl = new URL(process.env.RENKEI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  adminUrl.pathname = "/postgres";
  const database = PREFIX.replace(/-/g, "_");
  const dbUrl = new URL(adminUrl.toString());
  dbUrl.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);

  const emu = await SlackEmulator.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-check-"));
  const config = path.join(dir, "renkei.yml");
  fs.copyFileSync(path.join(ROOT, "renkei.example.yml"), config);
  fs.chmodSync(config, 0o644);
  const containers: string[] = [];
  const volume = `${PREFIX}-data`;
  const slack = ["-e", `SLACK_BOT_TOKEN=${emu.botToken}`, "-e", "SLACK_SIGNING_SECRET=container-check", "-e", `SLACK_API_URL=${emu.apiUrl}`];
  const common = ["--network", "host", ...HARDENED, "-v", `${config}:/config/renkei.yml:ro`];
  try {
    const migrate = await dockerRun([...common, "-e", `DATABASE_URL=${dbUrl}`, IMAGE, "node", "dist/cli/migrate.js"]);
    check("release step: migrations applied to an empty PostgreSQL database", migrate.code === 0 && /: applied \d+_init/.test(migrate.output), migrate.output.trim().split("\n").pop()?.replace(/postgres:\/\/[^@]*@/, "postgres://…@") ?? "");

    const started: Array<{ name: string; port: number; provider: string }> = [];
    for (const [name, provider, extra] of [
      ["replica-1", "postgres", ["-e", `DATABASE_URL=${dbUrl}`]],
      ["replica-2", "postgres", ["-e", `DATABASE_URL=${dbUrl}`]],
      ["sqlite", "sqlite", ["-v", `${volume}:/data`]],
    ] as const) {
      const port = await freePort();
      const container = `${PREFIX}-${name}`;
      docker(["run", "-d", "--name", container, ...common, "-e", `PORT=${port}`, ...slack, ...extra, IMAGE]);
      containers.push(container);
      started.push({ name: container, port, provider });
    }
    for (const c of started) {
      const health = await until(`${c.name} /healthz`, 60_000, async () => {
        const res = await fetch(`http://127.0.0.1:${c.port}/healthz`);
        return res.status === 200 ? ((await res.json()) as { status: string; checks: Record<string, { status: string; provider?: string }> }) : undefined;
      });
      const checks = Object.entries(health.checks).map(([k, v]) => `${k} ${v.status}`).join(", ");
      check(`${c.name}: /healthz`, health.status === "ok" && health.checks.database?.provider === c.provider && Object.values(health.checks).every((v) => v.status === "ok"), checks);
      const ready = await fetch(`http://127.0.0.1:${c.port}/readyz`);
      check(`${c.name}: /readyz`, ready.status === 200, `HTTP ${ready.status}`);
    }
    // Docker's own health check (the image's HEALTHCHECK) runs every 30 s.
    for (const c of started) {
      const status = await until(`${c.name} healthy`, 120_000, async () => {
        const s = docker(["inspect", c.name, "--format", "{{.State.Health.Status}}"]);
        return s === "starting" ? undefined : s;
      });
      check(`${c.name}: Docker reports it ${status}`, status === "healthy");
    }
    const refused = await dockerRun([...common, "-e", `DATABASE_URL=${dbUrl}`, IMAGE]);
    check("without its Slack settings: refuses to start and names them", refused.code !== 0 && refused.output.includes("SLACK_BOT_TOKEN"), `exit ${refused.code}`);
  } finally {
    for (const c of containers) {
      try {
        docker(["rm", "-f", c]);
      } catch {
        // already gone
      }
    }
    try {
      docker(["volume", "rm", volume]);
    } catch {
      // not created
    }
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.ok);
  console.log(failed.length === 0 ? `== container check passed (${results.length} checks)` : `== container check FAILED: ${failed.map((f) => f.check).join("; ")}`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`container check: ${(e as Error).message ?? String(e)}`);
  process.exitCode = 1;
});
