// Socket Mode for the Slack emulator: `apps.connections.open` (app-level token) hands out a
// single-use `ws://.../link/?ticket=...` URL; on that WebSocket the emulator says `hello`, sends
// envelopes (`slash_commands`, `interactive`, `events_api`) and waits for the app's
// acknowledgement `{envelope_id, payload}`, and can send `disconnect` (`warning`,
// `refresh_requested`, `link_disabled`). An acknowledgement that is missing or later than
// `ackTimeoutMs` (3 s, like Slack) is recorded as a violation, as is a response payload sent for an
// envelope that does not accept one (Slack drops it, so the user would never see it).
//
// Stricter than Slack on purpose: a connection URL works once; acks for unknown envelopes and
// malformed frames are violations too.

import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";
export type DisconnectReason = "warning" | "refresh_requested" | "link_disabled";

export interface SocketModeOptions {
  /** The app-level token apps.connections.open accepts (default "xapp-1-A0RENKEI01-emulator"). */
  appToken?: string;
  /** Scopes of that token (default ["connections:write"]); without connections:write the call fails with missing_scope. */
  appTokenScopes?: string[];
  /** How long an envelope may wait for its acknowledgement (default 3000 ms, like Slack). */
  ackTimeoutMs?: number;
}

export interface SocketViolation {
  kind: "missing_ack" | "late_ack" | "payload_not_accepted" | "unknown_envelope" | "malformed_frame";
  envelopeId?: string;
  type?: EnvelopeType;
  /** Payload type (block_actions, view_submission, ...), command or event type, for messages. */
  what?: string;
  /** For late_ack: how long the ack took. */
  ackMs?: number;
  detail?: string;
  at: number;
}

export interface SocketEnvelopeRecord {
  envelopeId: string;
  type: EnvelopeType;
  what: string;
  connectionId: number;
  /** The workspace the envelope is for (team_id, or the interaction's team.id): one connection serves every installation. */
  teamId?: string;
  /** events_api: the installation Slack authorized it for (authorizations[0].team_id). */
  authorizedTeamId?: string;
  acceptsResponsePayload: boolean;
  retryAttempt?: number;
  sentAt: number;
  /** Set when acknowledged (even late). */
  ackedAt?: number;
  ackPayload?: Record<string, unknown>;
}

/** What a delivery came to: the acknowledgement (in time) or why there was none. */
export type SocketDelivery =
  | { acked: true; envelopeId: string; payload: Record<string, unknown>; ackMs: number }
  | { acked: false; envelopeId: string | null; reason: "timeout" | "connection_closed" | "no_connection" };

interface Connection {
  id: number;
  ws: WebSocket;
  openedAt: number;
  /** A disconnect was sent: Slack stops routing new envelopes to it. */
  draining: boolean;
}

interface Pending {
  record: SocketEnvelopeRecord;
  resolve: (d: SocketDelivery) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
}

/** Which payloads Slack lets an app answer in the ack (response_action, options, a command's reply). */
function acceptsResponsePayload(type: EnvelopeType, payload: Record<string, unknown>): boolean {
  if (type === "slash_commands") return true;
  if (type === "interactive") return payload.type === "view_submission" || payload.type === "block_suggestion";
  return false;
}

function teamsOf(payload: Record<string, any>): { teamId?: string; authorizedTeamId?: string } {
  const teamId = typeof payload.team_id === "string" ? payload.team_id : typeof payload.team?.id === "string" ? payload.team.id : undefined;
  const authorizedTeamId = Array.isArray(payload.authorizations) ? payload.authorizations[0]?.team_id : undefined;
  return { ...(teamId ? { teamId } : {}), ...(typeof authorizedTeamId === "string" ? { authorizedTeamId } : {}) };
}

function describe(type: EnvelopeType, payload: Record<string, any>): string {
  if (type === "slash_commands") return `${String(payload.command ?? "")} ${String(payload.text ?? "")}`.trim();
  if (type === "events_api") return String(payload.event?.type ?? payload.type ?? "");
  return String(payload.type ?? "");
}

export class SocketModeServer {
  readonly appToken: string;
  readonly appTokenScopes: string[];
  readonly ackTimeoutMs: number;

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly open = new Map<number, Connection>();
  private readonly pending = new Map<string, Pending>();
  private readonly violationList: SocketViolation[] = [];
  private readonly envelopeLog: SocketEnvelopeRecord[] = [];
  private readonly connectionLog: Array<{ id: number; openedAt: number; closedAt?: number; closedBy?: "app" | "emulator"; disconnectReason?: DisconnectReason }> = [];
  private nextConnectionId = 1;
  private dropNext = false;
  private refusals = 0;
  private roundRobin = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly appId: string,
    opts: SocketModeOptions = {},
  ) {
    this.appToken = opts.appToken ?? `xapp-1-${appId}-emulator`;
    this.appTokenScopes = opts.appTokenScopes ?? ["connections:write"];
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
  }

  // ---------------------------------------------------------------------------------------------
  // apps.connections.open and the WebSocket upgrade
  // ---------------------------------------------------------------------------------------------

  /**
   * The Slack error for `token` calling apps.connections.open, or undefined when allowed: a bot or
   * user token is `not_allowed_token_type`, an unknown one `invalid_auth`, an app-level token without
   * connections:write `missing_scope`.
   */
  checkToken(token: string, botToken: string): { error: string; extra?: Record<string, unknown> } | undefined {
    if (token === botToken || /^xox[bpe]-/.test(token)) return { error: "not_allowed_token_type" };
    if (token !== this.appToken) return { error: "invalid_auth" };
    if (!this.appTokenScopes.includes("connections:write")) {
      return { error: "missing_scope", extra: { needed: "connections:write", provided: this.appTokenScopes.join(",") } };
    }
    return undefined;
  }

  /** apps.connections.open: a fresh single-use WebSocket URL. */
  openUrl(): { url: string } {
    const ticket = randomBytes(12).toString("hex");
    this.tickets.set(ticket, Date.now());
    const ws = this.baseUrl().replace(/^http/, "ws");
    return { url: `${ws}/link/?ticket=${ticket}&app_id=${this.appId}` };
  }

  /** Node's `upgrade` event of the emulator's HTTP server. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://emulator");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (url.pathname !== "/link/" || !this.tickets.has(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    this.tickets.delete(ticket);
    if (this.refusals > 0) {
      this.refusals -= 1;
      socket.end("HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    const conn: Connection = { id: this.nextConnectionId++, ws, openedAt: Date.now(), draining: false };
    this.open.set(conn.id, conn);
    this.connectionLog.push({ id: conn.id, openedAt: conn.openedAt });
    ws.on("message", (data, isBinary) => this.onFrame(conn, isBinary ? null : data.toString()));
    ws.on("close", () => this.onClose(conn));
    ws.on("error", () => ws.terminate());
    ws.send(
      JSON.stringify({
        type: "hello", num_connections: this.open.size,
        debug_info: { host: "applink-emulator", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
    for (const wake of [...this.waiters]) wake();
  }

  private onFrame(conn: Connection, text: string | null): void {
    type Frame = { envelope_id?: unknown; payload?: unknown };
    let frame: Frame | null;
    try {
      frame = text === null ? null : (JSON.parse(text) as Frame);
    } catch {
      frame = null;
    }
    if (!frame || typeof frame.envelope_id !== "string") {
      this.violation({ kind: "malformed_frame", detail: (text ?? "<binary>").slice(0, 200) });
      return;
    }
    const envelopeId = frame.envelope_id;
    const payload = frame.payload && typeof frame.payload === "object" ? (frame.payload as Record<string, unknown>) : {};
    const record = this.envelopeLog.find((e) => e.envelopeId === envelopeId);
    if (!record || record.connectionId !== conn.id) {
      this.violation({ kind: "unknown_envelope", envelopeId, detail: record ? "acknowledged on another connection" : "never sent" });
      return;
    }
    if (record.ackedAt !== undefined) {
      this.violation({ kind: "unknown_envelope", envelopeId, type: record.type, what: record.what, detail: "acknowledged twice" });
      return;
    }
    record.ackedAt = Date.now();
    record.ackPayload = payload;
    const ackMs = record.ackedAt - record.sentAt;
    if (!record.acceptsResponsePayload && Object.keys(payload).length > 0) {
      this.violation({ kind: "payload_not_accepted", envelopeId, type: record.type, what: record.what, detail: JSON.stringify(payload).slice(0, 200) });
    }
    const p = this.pending.get(envelopeId);
    if (p && !p.settled) {
      p.settled = true;
      clearTimeout(p.timer);
      this.pending.delete(envelopeId);
      p.resolve({ acked: true, envelopeId, payload, ackMs });
      return;
    }
    // Acknowledged after the deadline: the missing_ack recorded then becomes a late_ack.
    const missing = this.violationList.find((v) => v.kind === "missing_ack" && v.envelopeId === envelopeId);
    if (missing) {
      missing.kind = "late_ack";
      missing.ackMs = ackMs;
    } else {
      this.violation({ kind: "late_ack", envelopeId, type: record.type, what: record.what, ackMs });
    }
  }

  private onClose(conn: Connection): void {
    this.open.delete(conn.id);
    const log = this.connectionLog.find((c) => c.id === conn.id);
    if (log && log.closedAt === undefined) {
      log.closedAt = Date.now();
      log.closedBy ??= "app";
    }
    for (const p of [...this.pending.values()]) {
      if (p.record.connectionId !== conn.id || p.settled) continue;
      p.settled = true;
      clearTimeout(p.timer);
      this.pending.delete(p.record.envelopeId);
      this.violation({ kind: "missing_ack", envelopeId: p.record.envelopeId, type: p.record.type, what: p.record.what, detail: "connection closed before the acknowledgement" });
      p.resolve({ acked: false, envelopeId: p.record.envelopeId, reason: "connection_closed" });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Delivery
  // ---------------------------------------------------------------------------------------------

  /**
   * Sends an envelope to one open connection (round-robin, skipping connections told to
   * disconnect) and resolves with its acknowledgement, or when `ackTimeoutMs` passes without one.
   * With no open connection it waits up to `waitForConnectionMs` (default 15 s: the app may be
   * reconnecting, and Slack retries events) before giving up with `no_connection`.
   */
  async deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts: { retryAttempt?: number; retryReason?: string; waitForConnectionMs?: number } = {},
  ): Promise<SocketDelivery> {
    const conn = await this.pickConnection(opts.waitForConnectionMs ?? 15_000);
    if (!conn) return { acked: false, envelopeId: null, reason: "no_connection" };
    const envelopeId = randomUUID();
    const accepts = acceptsResponsePayload(type, payload);
    const record: SocketEnvelopeRecord = {
      envelopeId, type, what: describe(type, payload), connectionId: conn.id, acceptsResponsePayload: accepts, sentAt: Date.now(),
      ...teamsOf(payload),
      ...(type === "events_api" ? { retryAttempt: opts.retryAttempt ?? 0 } : {}),
    };
    const envelope: Record<string, unknown> = { envelope_id: envelopeId, payload, type, accepts_response_payload: accepts };
    if (type === "events_api") {
      envelope.retry_attempt = opts.retryAttempt ?? 0;
      envelope.retry_reason = opts.retryReason ?? "";
    }
    this.envelopeLog.push(record);
    return new Promise<SocketDelivery>((resolve) => {
      const p: Pending = {
        record, resolve, settled: false,
        timer: setTimeout(() => {
          if (p.settled) return;
          p.settled = true;
          this.pending.delete(envelopeId);
          this.violation({ kind: "missing_ack", envelopeId, type, what: record.what, detail: `no acknowledgement within ${this.ackTimeoutMs} ms` });
          resolve({ acked: false, envelopeId, reason: "timeout" });
        }, this.ackTimeoutMs),
      };
      this.pending.set(envelopeId, p);
      const drop = this.dropNext;
      this.dropNext = false;
      conn.ws.send(JSON.stringify(envelope), () => {
        if (drop) this.terminate(conn);
      });
    });
  }

  private async pickConnection(waitMs: number): Promise<Connection | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const live = [...this.open.values()].filter((c) => c.ws.readyState === WebSocket.OPEN);
      const usable = live.filter((c) => !c.draining);
      const choices = usable.length ? usable : [];
      if (choices.length) return choices[this.roundRobin++ % choices.length];
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 50));
        this.waiters.add(wake);
      });
    }
  }

  /**
   * Sends `{"type":"disconnect","reason":...}` to every open connection (or one). Slack then
   * closes the connection: after `warning` about 10 s later (`closeAfterMs`, default 10 000), after
   * `refresh_requested` and `link_disabled` right away unless the app closed it first. No new
   * envelope is routed to a connection told to disconnect.
   */
  disconnect(reason: DisconnectReason, opts: { connectionId?: number; closeAfterMs?: number } = {}): number[] {
    const targets = [...this.open.values()].filter((c) => opts.connectionId === undefined || c.id === opts.connectionId);
    const closeAfter = opts.closeAfterMs ?? (reason === "warning" ? 10_000 : 1_000);
    for (const c of targets) {
      c.draining = true;
      const log = this.connectionLog.find((l) => l.id === c.id);
      if (log) log.disconnectReason = reason;
      c.ws.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "applink-emulator" } }));
      const timer = setTimeout(() => this.terminate(c), closeAfter);
      timer.unref();
    }
    return targets.map((c) => c.id);
  }

  /** The next `n` WebSocket handshakes fail (503), as behind a proxy that blocks the WebSocket host. */
  refuseNextConnections(n = 1): void {
    this.refusals = n;
  }

  /**
   * The connection that carries the next envelope breaks right after sending it (the app gets the
   * envelope, its acknowledgement has nowhere to go): what a network failure mid-request looks like.
   */
  dropAfterNextEnvelope(): void {
    this.dropNext = true;
  }

  /** Drops a connection without a disconnect message (a network failure, from the app's side). */
  drop(connectionId?: number): void {
    for (const c of [...this.open.values()]) if (connectionId === undefined || c.id === connectionId) this.terminate(c);
  }

  private terminate(c: Connection): void {
    const log = this.connectionLog.find((l) => l.id === c.id);
    if (log && log.closedAt === undefined) log.closedBy = "emulator";
    if (c.ws.readyState === WebSocket.OPEN || c.ws.readyState === WebSocket.CONNECTING) c.ws.terminate();
  }

  // ---------------------------------------------------------------------------------------------
  // State reading
  // ---------------------------------------------------------------------------------------------

  /** Open connections, oldest first. */
  connections(): Array<{ id: number; openedAt: number; draining: boolean }> {
    return [...this.open.values()].map((c) => ({ id: c.id, openedAt: c.openedAt, draining: c.draining }));
  }

  /** Every connection ever opened, with when and how it ended. */
  connectionHistory() {
    return this.connectionLog.map((c) => ({ ...c }));
  }

  envelopes(): SocketEnvelopeRecord[] {
    return [...this.envelopeLog];
  }

  violations(): SocketViolation[] {
    return this.violationList.map((v) => ({ ...v }));
  }

  /** Resolves once `n` connections are open (e.g. after a reconnect). */
  async waitForConnections(n = 1, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.open.values()].filter((c) => !c.draining && c.ws.readyState === WebSocket.OPEN).length < n) {
      if (Date.now() > deadline) throw new Error(`socket mode: fewer than ${n} open connection(s) after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  reset(): void {
    this.violationList.length = 0;
    this.envelopeLog.length = 0;
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const c of this.open.values()) c.ws.terminate();
    this.open.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private violation(v: Omit<SocketViolation, "at">): void {
    this.violationList.push({ ...v, at: Date.now() });
  }
}
