// SQLite write-ahead-log checkpoints off the event loop (issue 14).
//
// In WAL mode a commit appends to the log; the log is copied into the database file by a
// checkpoint, which SQLite runs by default on the commit that takes the log past 1,000 pages — on
// the committing connection, and better-sqlite3 is synchronous: under a burst of clicks about one
// change in 80 held the one event loop for 17–20 ms (writing the pages and syncing the file)
// while every other request waited. Under sustained writes this starts a worker thread with a
// connection of its own that checkpoints every `intervalMs` (PASSIVE: it never waits for or blocks
// a reader or a writer), and turns the automatic checkpoints off on renkei's connection. After
// `idleMs` without a change the worker checkpoints once more and stops (a running worker holds
// ~10 MB, which an idle bot should not), and the automatic checkpoints come back. If the worker
// fails, SQLite's automatic checkpoints come back for good: slower commits, nothing lost.
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";

/** SQLite's default `wal_autocheckpoint` (pages). */
export const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/** The result of one `PRAGMA wal_checkpoint(PASSIVE)`: frames in the log and frames copied into the database. */
export type CheckpointResult = { busy: number; log: number; checkpointed: number };

export type WalCheckpointerOptions = {
  /** The database file (a file: the worker opens its own connection to it). */
  filePath: string;
  /** Sets `PRAGMA wal_autocheckpoint` on renkei's own connection (0 = off). */
  setAutoCheckpoint: (pages: number) => void;
  /** Sustained writes: this many changes within `startWithinMs` start the worker. */
  startAfterCommits?: number;
  startWithinMs?: number;
  /** How often the worker checkpoints while it runs. */
  intervalMs?: number;
  /** The worker stops after this long without a change. */
  idleMs?: number;
  /** Told once when the worker failed and SQLite's automatic checkpoints took over again. */
  onError?: (error: Error) => void;
  /** better-sqlite3 as the worker loads it (tests give another to see a failure). */
  driverPath?: string;
};

// The worker: CommonJS, evaluated (the build has no file for it). Checkpoints on a timer and when
// asked to stop; reports each result.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driverPath);
const db = new Database(workerData.filePath, { timeout: 5000, fileMustExist: true });
const checkpoint = () => parentPort.postMessage({ checkpoint: db.pragma("wal_checkpoint(PASSIVE)")[0] });
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  try { checkpoint(); } finally { db.close(); parentPort.close(); }
});
`;

type State = "idle" | "starting" | "running" | "stopping" | "failed" | "closed";

export class WalCheckpointer {
  private readonly o: Required<Omit<WalCheckpointerOptions, "onError">> & Pick<WalCheckpointerOptions, "onError">;
  private state: State = "idle";
  private worker: Worker | null = null;
  private windowStart = 0;
  private windowCommits = 0;
  private lastCommit = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private stopped: Promise<void> | null = null;
  /** Checkpoints the worker ran, and the latest result (for tests and diagnosis). */
  checkpoints = 0;
  lastCheckpoint: CheckpointResult | null = null;

  constructor(options: WalCheckpointerOptions) {
    this.o = {
      startAfterCommits: 25,
      startWithinMs: 5_000,
      intervalMs: 200,
      idleMs: 60_000,
      ...options,
      driverPath: options.driverPath ?? createRequire(import.meta.url).resolve("better-sqlite3"),
    };
  }

  /** Whether the worker is checkpointing (automatic checkpoints off). */
  get running(): boolean {
    return this.state === "starting" || this.state === "running";
  }

  /** A change was committed on renkei's connection. */
  noteCommit(now = Date.now()): void {
    this.lastCommit = now;
    if (this.state !== "idle") return;
    if (now - this.windowStart > this.o.startWithinMs) {
      this.windowStart = now;
      this.windowCommits = 0;
    }
    if (++this.windowCommits >= this.o.startAfterCommits) this.start();
  }

  private start(): void {
    this.state = "starting";
    // Off first: from now on no commit on the event loop copies the log, even while the worker loads.
    this.o.setAutoCheckpoint(0);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { filePath: this.o.filePath, driverPath: this.o.driverPath, intervalMs: this.o.intervalMs } });
    this.worker = worker;
    worker.unref(); // never what keeps the process alive
    worker.on("message", (m: { checkpoint?: CheckpointResult }) => {
      if (!m.checkpoint) return;
      if (this.state === "starting") this.state = "running";
      this.checkpoints++;
      this.lastCheckpoint = m.checkpoint;
    });
    worker.on("error", (e) => this.fail(e));
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      if (this.state === "starting" || this.state === "running") this.fail(new Error(`the WAL checkpoint worker exited (${code})`));
    });
    this.idleTimer = setInterval(() => {
      if (Date.now() - this.lastCommit >= this.o.idleMs) void this.stop("idle");
    }, Math.min(this.o.idleMs, 15_000));
    this.idleTimer.unref();
  }

  private fail(error: Error): void {
    if (this.state === "failed" || this.state === "closed") return;
    this.clearIdleTimer();
    const worker = this.worker;
    this.worker = null;
    this.state = "failed";
    this.restoreAutoCheckpoint();
    void worker?.terminate();
    this.o.onError?.(error);
  }

  /** Stops the worker after a last checkpoint; automatic checkpoints come back. */
  private stop(next: "idle" | "closed"): Promise<void> {
    this.clearIdleTimer();
    if (this.stopped) return this.stopped.then(() => this.settle(next));
    const worker = this.worker;
    if (!worker) {
      this.settle(next);
      return Promise.resolve();
    }
    this.state = "stopping";
    this.stopped = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(force);
        if (this.worker === worker) this.worker = null;
        this.restoreAutoCheckpoint();
        this.stopped = null;
        this.settle(next);
        this.windowCommits = 0;
        resolve();
      };
      // A worker that does not finish its last checkpoint in time is ended: SQLite keeps the log consistent.
      const force = setTimeout(() => void worker.terminate(), 5_000);
      worker.once("exit", done);
      worker.postMessage("stop");
    });
    return this.stopped;
  }

  async close(): Promise<void> {
    if (this.state === "closed") return;
    await this.stop("closed");
    this.state = "closed";
  }

  /** The state after a stop: closed wins; a failure stays one (no restart). */
  private settle(next: "idle" | "closed"): void {
    if (next === "closed" || this.state !== "failed") this.state = next;
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
  }

  private restoreAutoCheckpoint(): void {
    try {
      this.o.setAutoCheckpoint(SQLITE_AUTOCHECKPOINT_PAGES);
    } catch {
      /* the connection is closing: nothing to restore */
    }
  }
}
