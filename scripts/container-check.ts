// `npm run container:check`: builds the image (Dockerfile) and starts it as compose.yaml does,
// against this machine's PostgreSQL and the Slack emulator. It runs, in order:
// - the release step once (`node dist/cli/migrate.js`) on an empty PostgreSQL database;
// - two replicas on that database;
// - one container on SQLite, with a volume on /data;
// - one container without its Slack settings, which must refuse to start and name them;
// - compose.yaml itself, with Docker Compose (the v2 plugin, or docker-compose 1.29): its own
//   PostgreSQL, the release step once, then the two replicas.
// Every container is hardened as compose runs it: read-only root file system, no capabilities, no
// privilege escalation. It checks each replica's /healthz and /readyz and waits for Docker to
// report it healthy; then it removes everything it started.
//
// Needs a Docker daemon on Linux (the containers of the first part use the host's network to reach
// PostgreSQL; the emulator listens on Docker's bridge gateway, where compose's containers reach
// it too), PostgreSQL (RENKEI_TEST_PG_URL's server, else postgres://postgres@127.0.0.1:5432),
// Docker Compose, the image postgres:17, and 127.0.0.1:3001-3002 free (compose.yaml's ports).
//   npm run container:check                   # build, then check
//   npm run container:check -- --no-build     # check the image already tagged renkei:check
//   npm run container:check -- --no-compose   # without compose.yaml's part
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SlackDriver, SlackEmulator } from "../emulator";
import { freePort } from "./bench/load";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const IMAGE = "renkei:check";
const PREFIX = `renkei-check-${process.pid}`;
/** A member in renkei.example.yml (PPC's staff). */
const MEMBER = "U0PPCSTAF1";
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

/** A replica's /healthz once it answers 200: every check ok, on the database `provider`. */
async function checkHealthz(name: string, port: number, provider: string): Promise<void> {
  const health = await until(name, 60_000, async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return res.status === 200 ? ((await res.json()) as { status: string; checks: Record<string, { status: string; provider?: string }> }) : undefined;
  });
  const checks = Object.entries(health.checks).map(([k, v]) => `${k} ${v.status}`).join(", ");
  check(name, health.status === "ok" && health.checks.database?.provider === provider && Object.values(health.checks).every((v) => v.status === "ok"), checks);
}

/** Docker's health status of a container once its HEALTHCHECK has run (every 30 s). */
function dockerHealth(container: string): Promise<string> {
  return until(`${container} healthy`, 120_000, async () => {
    const s = docker(["inspect", container, "--format", "{{.State.Health.Status}}"]);
    return s === "starting" ? undefined : s;
  });
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
  const gateway = bridgeGateway(); // before anything is created that the end removes

  const adminUrl = new URL(process.env.RENKEI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
  adminUrl.pathname = "/postgres";
  const database = PREFIX.replace(/-/g, "_");
  const dbUrl = new URL(adminUrl.toString());
  dbUrl.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);

  const emu = await SlackEmulator.start({ host: gateway });
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
      await checkHealthz(`${c.name}: /healthz`, c.port, c.provider);
      const ready = await fetch(`http://127.0.0.1:${c.port}/readyz`);
      check(`${c.name}: /readyz`, ready.status === 200, `HTTP ${ready.status}`);
    }
    // Docker's own health check (the image's HEALTHCHECK) runs every 30 s.
    for (const c of started) {
      const status = await dockerHealth(c.name);
      check(`${c.name}: Docker reports it ${status}`, status === "healthy");
    }
    const refused = await dockerRun([...common, "-e", `DATABASE_URL=${dbUrl}`, IMAGE]);
    check("without its Slack settings: refuses to start and names them", refused.code !== 0 && refused.output.includes("SLACK_BOT_TOKEN"), `exit ${refused.code}`);
    for (const c of containers.splice(0)) docker(["rm", "-f", c]); // before compose's replicas: two processes on the same schedules are enough
    if (!process.argv.includes("--no-compose")) await checkCompose(emu, config, dir);
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

/**
 * Docker's bridge gateway (docker0's address): the emulator listens there, an address of this
 * machine that host-network containers and compose's networks reach alike.
 */
function bridgeGateway(): string {
  const fromDocker = docker(["network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}"]);
  // Docker 20.10 does not show the default bridge's gateway; docker0 holds it (Node's own list
  // leaves docker0 out while no container is attached to it).
  const address = fromDocker || /\binet (\d+\.\d+\.\d+\.\d+)\//.exec(execFileSync("ip", ["-4", "-o", "addr", "show", "docker0"], { encoding: "utf8" }))?.[1];
  if (!address) throw new Error("Docker's bridge network has no gateway address (docker0): is the daemon running with its default bridge?");
  return address;
}

/** The Compose command on this machine: the v2 plugin, else docker-compose (1.29 reads compose.yaml too); null if neither. */
function composeCommand(): string[] | null {
  for (const command of [["docker", "compose"], ["docker-compose"]]) {
    try {
      execFileSync(command[0]!, [...command.slice(1), "version"], { stdio: "ignore" });
      return command;
    } catch {
      // not this one
    }
  }
  return null;
}

/**
 * compose.yaml as it is, with an override file giving the replicas the emulator's URL and the
 * check's renkei.yml (no other change), under a project of its own: PostgreSQL (postgres:17),
 * the release step, then the replicas. Removed afterwards with its volume.
 */
async function checkCompose(emu: SlackEmulator, config: string, dir: string): Promise<void> {
  const compose = composeCommand();
  if (!compose) {
    check("compose: Docker Compose found", false, "install the Compose plugin (or Debian's docker-compose), or pass --no-compose");
    return;
  }
  const replicas = { "renkei-1": 3001, "renkei-2": 3002 } as const;
  emu.addUser({ id: MEMBER, name: "ppc-staff" });
  const override = path.join(dir, "compose.check.yaml");
  const replica = { environment: { SLACK_API_URL: emu.apiUrl }, volumes: [`${config}:/config/renkei.yml:ro`] };
  fs.writeFileSync(override, JSON.stringify({ services: Object.fromEntries(Object.keys(replicas).map((name) => [name, replica])) }, null, 2));
  const project = PREFIX;
  const env = { ...process.env, RENKEI_IMAGE: IMAGE, SLACK_BOT_TOKEN: emu.botToken, SLACK_SIGNING_SECRET: "container-check", POSTGRES_PASSWORD: randomBytes(12).toString("hex") };
  const run = (args: string[]) =>
    execFileSync(compose[0]!, [...compose.slice(1), "-p", project, "-f", path.join(ROOT, "compose.yaml"), "-f", override, ...args], { cwd: ROOT, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const version = execFileSync(compose[0]!, [...compose.slice(1), "version", "--short"], { encoding: "utf8" }).trim();
  console.log(`== ${compose.join(" ")} ${version}: compose.yaml as project ${project}`);
  try {
    try {
      run(["up", "-d", "--no-build"]);
      check(`compose ${version}: up -d`, true);
    } catch (e) {
      check(`compose ${version}: up -d`, false, String((e as { stderr?: string }).stderr ?? e).trim().split("\n").slice(-3).join(" | "));
      return;
    }
    const containersOf = (service: string) => run(["ps", "-a", "-q", service]).split("\n").filter(Boolean);
    const id = (service: string) => containersOf(service)[0]!;
    const inspect = (container: string, format: string) => docker(["inspect", container, "--format", format]);
    const migrates = containersOf("migrate");
    const migrate = migrates[0]!;
    const migrateExit = inspect(migrate, "{{.State.ExitCode}}");
    const migrateLog = docker(["logs", migrate]);
    check("compose: the release step ran once and succeeded", migrates.length === 1 && migrateExit === "0" && /: applied \d+_init/.test(migrateLog), `${migrates.length} container(s), exit ${migrateExit}`);
    const migrateEnded = Date.parse(inspect(migrate, "{{.State.FinishedAt}}"));
    for (const [name, port] of Object.entries(replicas)) {
      const container = id(name);
      const started = Date.parse(inspect(container, "{{.State.StartedAt}}"));
      check(`compose: ${name} started after the release step ended`, started >= migrateEnded, `${started - migrateEnded} ms after`);
      const hardening = inspect(container, "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}}");
      check(`compose: ${name} runs hardened`, hardening === "true [ALL] [no-new-privileges:true]", hardening);
      await checkHealthz(`compose: ${name} /healthz on 127.0.0.1:${port}`, port, "postgres");
      // A member's `/renkei list`, signed with the secret compose passed in; the answer goes back
      // to the emulated Slack from compose's network (response_url).
      const answers = emu.calls("response_url").length;
      const command = await new SlackDriver({ emulator: emu, appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: env.SLACK_SIGNING_SECRET }).slashCommand({ user: MEMBER, text: "list" });
      const answered = await until(`${name}'s answer to /renkei list`, 20_000, async () => (emu.calls("response_url").length > answers ? true : undefined)).catch(() => false);
      check(`compose: ${name} answers a member's /renkei list`, command.status === 200 && answered, `HTTP ${command.status}${answered ? ", answer posted" : ", no answer posted"}`);
      const status = await dockerHealth(container);
      check(`compose: Docker reports ${name} ${status}`, status === "healthy");
    }
  } finally {
    try {
      run(["down", "-v", "--remove-orphans"]);
    } catch (e) {
      console.error(`compose down: ${String((e as { stderr?: string }).stderr ?? e).trim()}`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(`container check: ${(e as Error).message ?? String(e)}`);
  process.exitCode = 1;
});
