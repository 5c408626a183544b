// `npm run demo`: plays a scripted serious incident through the real renkei app against the
// local Slack emulator, on a temporary SQLite database, and prints what each person sees.
// No Slack account needed. `npm run demo -- --lang en` shows the English UI; `-- --socket-mode`
// runs it over Socket Mode (a WebSocket the app opens; no inbound HTTP) instead of HTTP;
// `-- --two-workspaces` plays PPC and NISC in separate workspaces (OAuth installs, Slack Connect).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { blocksToText, indent } from "../emulator";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { startEmulatedStack } from "../src/dev/emulated-stack";
import { verifyChain } from "../src/domain/audit";
import { applyMigrations } from "../src/store/migrate";
import { runDigestSweep } from "../src/app/sweeps";
import { buildAnnualReport } from "../src/app/annual-report";
import { fiscalQuarter } from "../src/domain/annual-report";
import { parsePeriod } from "../src/domain/export";
import { localDateOf } from "../src/domain/time";
import { runTwoWorkspacesDemo } from "./demo-two-workspaces";

const lang = process.argv.includes("--lang") ? process.argv[process.argv.indexOf("--lang") + 1] : "ja";
const socketMode = process.argv.includes("--socket-mode");
const twoWorkspaces = process.argv.includes("--two-workspaces");
if (lang !== "ja" && lang !== "en") {
  console.error("usage: npm run demo [-- --lang ja|en] [--socket-mode] [--two-workspaces]");
  process.exit(2);
}

const PEOPLE = {
  sato: { id: "U0PPCSATO1", name: "sato", realName: "Sato (PPC staff)" },
  suzuki: { id: "U0PPCSUZK1", name: "suzuki", realName: "Suzuki (PPC liaison)" },
  tanaka: { id: "U0NISCTNK1", name: "tanaka", realName: "Tanaka (NISC staff)" },
  ito: { id: "U0NISCITO1", name: "ito", realName: "Ito (NISC liaison)" },
  yamada: { id: "U0PPCYMD01", name: "yamada", realName: "Yamada (PPC manager)" },
  kato: { id: "U0NISCKTO1", name: "kato", realName: "Kato (NISC manager)" },
};
const who = (id: string) => Object.values(PEOPLE).find((p) => p.id === id)?.realName ?? id;
const nameMentions = (text: string) => text.replace(/<@([A-Z0-9]+)>/g, (_m, id: string) => `@${who(id)}`);

const out: string[] = [];
const say = (line = "") => {
  out.push(line);
  console.log(line);
};
const step = (n: number | string, title: string) => {
  say();
  say(`━━ ${n}. ${title} ${"━".repeat(Math.max(0, 70 - title.length))}`);
};
const show = (label: string, text: string) => {
  say(`  ${label}`);
  say(nameMentions(indent(text)));
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-demo-"));
  const databaseUrl = `file:${path.join(dir, "renkei.db")}`;
  say("renkei demo — a serious incident played against the local Slack emulator (no Slack account needed)");
  say(`database: temporary SQLite (${databaseUrl}); UI language: ${lang}`);
  await applyMigrations(databaseUrl);
  if (twoWorkspaces) {
    try {
      say("two workspaces: PPC and NISC each run their own Slack workspace; renkei is installed in each");
      await runTwoWorkspacesDemo({ databaseUrl, lang: lang as "ja" | "en", socketMode, say });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return;
  }

  const config = parseRenkeiConfig({
    profile: "ppc-nisc-2023",
    locale: lang,
    parties: {
      ppc: { members: [{ user: PEOPLE.sato.id, roles: ["staff"] }, { user: PEOPLE.suzuki.id, roles: ["liaison"] }, { user: PEOPLE.yamada.id, roles: ["manager"] }] },
      nisc: { members: [{ user: PEOPLE.tanaka.id, roles: ["staff"] }, { user: PEOPLE.ito.id, roles: ["liaison"] }, { user: PEOPLE.kato.id, roles: ["manager"] }] },
    },
  }, "demo config");
  const stack = await startEmulatedStack({ databaseUrl, config, users: Object.values(PEOPLE), transport: socketMode ? "socket" : "http" });
  const { emu, driver } = stack;
  const healthz = async () => {
    const res = await fetch(`${stack.baseUrl}/healthz`);
    return `${res.status} ${await res.text()}`;
  };
  try {
    if (socketMode) {
      say("transport: Socket Mode — renkei called apps.connections.open with its app-level token at the emulator's");
      say("  Web API URL (SLACK_API_URL) and opened a WebSocket; every command, click and event below arrives on it");
      say("  as an envelope that renkei acknowledges within 3 s. Nothing connects to renkei from outside.");
      say(`  GET /healthz → ${await healthz()}`);
    }
    step(1, "Tanaka (NISC) asks for help: /renkei help");
    await driver.slashCommand({ user: PEOPLE.tanaka.id, text: "help" });
    const help = await emu.waitFor(() => emu.ephemerals(PEOPLE.tanaka.id).at(-1));
    show("only Tanaka sees:", blocksToText(help.blocks, help.text));

    step(2, "Tanaka registers the incident a ministry reported: /renkei new");
    await driver.slashCommand({ user: PEOPLE.tanaka.id, text: "new" });
    const modal = await emu.waitFor(() => emu.openViews(PEOPLE.tanaka.id).at(-1));
    show(`modal "${modal.view.title.text}" opens with these fields (* = required):`, blocksToText(modal.view.blocks));
    const values = {
      "intake_title.value": "Unauthorised access to the staff portal",
      "intake_reporter_name.value": "Ministry of Examples",
      "intake_reporter_category.value": "1",
      "intake_appi_regime.value": "art68",
      "intake_supervising_agency.value": "Ministry of Examples",
      "intake_personal_data.value": "yes",
      "intake_aware_at.value": Math.floor(Date.now() / 1000) - 6 * 3600,
      "intake_flags.value": ["unlawful_purpose"],
      "intake_affected_count.value": "-5",
      "intake_summary.value": "Staff records (names, e-mail addresses) were read by an unknown party. <!channel> please look",
    };
    const bad = await driver.submitView({ user: PEOPLE.tanaka.id, viewId: modal.id, values });
    show("Tanaka typed -5 persons; the modal stays open with the error inline:", JSON.stringify(bad.errors));
    const ok = await driver.submitView({ user: PEOPLE.tanaka.id, viewId: modal.id, values: { ...values, "intake_affected_count.value": "1200" } });
    show("fixed and submitted; the modal now shows:", blocksToText(ok.body.view?.blocks));

    step(3, "renkei opens a channel shared by both parties and pins the summary card");
    await stack.settle();
    const incident = (await stack.store.openIncidents(1)).incidents[0]!;
    const channel = emu.channel(incident.channelId!)!;
    say(`  #${channel.name} (${channel.isPrivate ? "private" : "public"}) members: ${channel.members.filter((m) => m !== emu.botUserId).map(who).join(", ")}`);
    say(`  topic: ${channel.topic}`);
    const [card, taskMessage] = emu.messages(channel.id);
    show(`pinned card (pins: ${emu.pins(channel.id).length}):`, blocksToText(card!.blocks, card!.text));
    say(`  live mentions in the card: ${card!.mentions.length ? card!.mentions.join(", ") : "none"} — the summary's <!channel> was escaped`);

    step(4, "Art. 4(1): NISC received it from an administrative body, so NISC gets a task");
    show("task card in the channel:", blocksToText(taskMessage!.blocks, taskMessage!.text));
    const dm = emu.dms(PEOPLE.tanaka.id).at(-1);
    if (dm) show("DM to Tanaka:", dm.text);

    step(5, "Sato (PPC) checks the incidents being handled: /renkei list, /renkei status");
    await driver.slashCommand({ user: PEOPLE.sato.id, text: "list" });
    const list = await emu.waitFor(() => emu.ephemerals(PEOPLE.sato.id).at(-1));
    show("only Sato sees:", blocksToText(list.blocks, list.text));

    step(6, "Suzuki (PPC liaison) tries to complete NISC's task; then Tanaka does");
    await driver.clickButton({ user: PEOPLE.suzuki.id, channel: channel.id, ts: taskMessage!.ts, actionId: "task_done" });
    const refusal = await emu.waitFor(() => emu.ephemerals(PEOPLE.suzuki.id).at(-1));
    show("only Suzuki sees:", refusal.text);
    await driver.clickButton({ user: PEOPLE.tanaka.id, channel: channel.id, ts: taskMessage!.ts, actionId: "task_done" });
    const updated = await emu.waitFor(() => {
      const m = emu.message(channel.id, taskMessage!.ts);
      return m?.edited ? m : undefined;
    });
    show("the task card, updated in place:", blocksToText(updated.blocks, updated.text));

    if (socketMode) {
      step("6a", "Slack recycles the WebSocket (disconnect: refresh_requested), as it does every few hours");
      const [old] = emu.socketMode.connections();
      emu.socketMode.disconnect("refresh_requested");
      await emu.waitFor(() => (emu.socketMode.connections().length === 0 ? true : undefined));
      say(`  while renkei reconnects: GET /healthz → ${await healthz()}`);
      await emu.socketMode.waitForConnections(1);
      await new Promise((r) => setTimeout(r, 50));
      say(`  connection #${old!.id} closed, #${emu.socketMode.connections()[0]!.id} open: GET /healthz → ${await healthz()}`);
      say("  the consultation below runs on the new connection; nothing is lost or sent twice.");
    }

    step(7, "Art. 4(2): Sato (PPC) contacts NISC and proposes cooperation from the card");
    await driver.clickButton({ user: PEOPLE.sato.id, channel: channel.id, ts: card!.ts, actionId: "consult_propose" });
    const proposal = await emu.waitFor(() => emu.openViews(PEOPLE.sato.id).find((v) => v.view.callback_id === "consult_proposal"));
    // Each tick redraws the form with that item's reason field.
    for (const ticked of [["joint_investigation"], ["joint_investigation", "technical_advice"]]) {
      await driver.clickInView({ user: PEOPLE.sato.id, viewId: proposal.id, blockId: "consult_items", actionId: "value", value: ticked });
      await emu.waitFor(() => (JSON.stringify(emu.view(proposal.id)?.view.blocks ?? []).includes(`consult_need_${ticked.at(-1)}`) ? true : undefined));
    }
    show("the proposal modal:", blocksToText(emu.view(proposal.id)!.view.blocks.slice(0, 4)));
    await driver.submitView({
      user: PEOPLE.sato.id,
      viewId: proposal.id,
      values: {
        "consult_items.value": ["joint_investigation", "technical_advice"],
        "consult_need_joint_investigation.value": "The hearings need NISC's forensic expertise.",
        "consult_need_technical_advice.value": "Advice on containment for the ministry.",
        "consult_impact.value": "Two investigators for about a week.",
      },
    });
    await stack.settle();
    const decision = await emu.waitFor(() => emu.messages(channel.id).find((m) => m.text.includes(lang === "ja" ? "第1回" : "round 1")));
    show("the decision card in the channel:", blocksToText(decision.blocks, decision.text));
    const invite = await emu.waitFor(() => emu.dms(PEOPLE.ito.id).find((m) => m.text.includes(incident.ref)));
    show("DM to Ito (NISC liaison):", invite.text);
    for (const [user, item, action] of [
      [PEOPLE.suzuki.id, "joint_investigation", "consult_agree"],
      [PEOPLE.suzuki.id, "technical_advice", "consult_agree"],
      [PEOPLE.ito.id, "technical_advice", "consult_agree"],
    ] as const) {
      await driver.clickButton({ user, channel: channel.id, ts: decision.ts, actionId: action, blockId: `consult_actions_${item}` });
    }
    await driver.clickButton({ user: PEOPLE.ito.id, channel: channel.id, ts: decision.ts, actionId: "consult_agree_conditions", blockId: "consult_actions_joint_investigation" });
    const conditions = await emu.waitFor(() => emu.openViews(PEOPLE.ito.id).find((v) => v.view.callback_id === "consult_conditions"));
    await driver.submitView({ user: PEOPLE.ito.id, viewId: conditions.id, values: { "consult_conditions.value": "Only after the ministry consents in writing." } });
    const conclusion = await emu.waitFor(() => emu.messages(channel.id).find((m) => m.text.includes(lang === "ja" ? "連携事案" : "cooperation case")));
    await stack.settle();
    show("Suzuki and Ito decide; the round concludes:", conclusion.text);
    const itemCards = emu.messages(channel.id).filter((m) => m.ts > conclusion.ts);
    for (const m of itemCards) show("agreed item, tracked as a task:", blocksToText(m.blocks, m.text));

    // ---- normal-times cooperation (Art. 5(1)) ----
    step("7a", "Normal times, Art. 5(1): Suzuki (PPC) registers a joint training: /renkei activity event");
    await driver.slashCommand({ user: PEOPLE.suzuki.id, text: "activity event" });
    const eventModal = await emu.waitFor(() => emu.openViews(PEOPLE.suzuki.id).find((v) => v.view.callback_id === "activity_event_open"));
    show(`modal "${eventModal.view.title.text}" opens with these fields (* = required):`, blocksToText(eventModal.view.blocks));
    await driver.submitView({
      user: PEOPLE.suzuki.id,
      viewId: eventModal.id,
      values: {
        "event_sub_kind.value": "training",
        "event_title.value": "Joint leak-response training for ministries",
        "event_when.value": (Math.floor(Date.now() / 86_400_000) + 7) * 86_400 + 5 * 3600, // a week ahead, 14:00 JST
        "event_format.value": "joint",
        "event_participants.value": [PEOPLE.ito.id, PEOPLE.sato.id],
        "event_description.value": "A tabletop exercise on a leak from a ministry portal.",
        "event_preparation.value": "Prepare the scenario",
      },
    });
    await stack.settle();
    const activity = (await stack.store.db.activity.findFirst({ where: { kind: "event" } }))!;
    const normalTimes = emu.channel(activity.channelId!)!;
    say(`  #${normalTimes.name} (${normalTimes.isPrivate ? "private" : "public"}), opened on first use; members: ${normalTimes.members.filter((m) => m !== emu.botUserId).map(who).join(", ")}`);
    const eventCard = emu.message(normalTimes.id, activity.messageTs!)!;
    show("the activity card:", blocksToText(eventCard.blocks, eventCard.text));
    const [prepTask] = emu.messages(normalTimes.id, { threadTs: activity.messageTs! });
    show("its preparation task, in the card's thread (reminded like any task):", blocksToText(prepTask!.blocks, prepTask!.text));
    await driver.clickButton({ user: PEOPLE.suzuki.id, channel: normalTimes.id, ts: prepTask!.ts, actionId: "task_done" });
    await driver.clickButton({ user: PEOPLE.ito.id, channel: normalTimes.id, ts: eventCard.ts, actionId: "event_done" });
    const notOrganiser = await emu.waitFor(() => emu.ephemerals(PEOPLE.ito.id).at(-1));
    show("Suzuki completes the task; Ito (NISC) tries to mark PPC's event as held, and only Ito sees:", notOrganiser.text);
    const seen = emu.ephemerals(PEOPLE.sato.id).length;
    await driver.slashCommand({ user: PEOPLE.sato.id, text: "activities" });
    const activities = await emu.waitFor(() => emu.ephemerals(PEOPLE.sato.id)[seen]);
    show("Sato asks what is open in normal times: /renkei activities (only Sato sees):", blocksToText(activities.blocks, activities.text));
    await driver.clickButton({ user: PEOPLE.yamada.id, channel: normalTimes.id, ts: eventCard.ts, actionId: "event_done" });
    await stack.settle();
    const held = emu.message(normalTimes.id, eventCard.ts)!;
    show("Yamada (PPC manager) marks it as held; the card, updated in place:", blocksToText(held.blocks, held.text));
    // ---- end of normal-times cooperation ----

    step(8, "The managers' daily digest (npm run job -- digest)");
    await runDigestSweep(stack, { force: true });
    await stack.settle();
    const digest = await emu.waitFor(() => emu.dms(PEOPLE.kato.id).at(-1));
    show("DM to Kato (NISC manager):", blocksToText(digest.blocks, digest.text));

    // ---- the end of the case (issue 15) ----
    step("8a", "Suzuki (PPC liaison) proposes closing the case with a summary; Ito (NISC liaison) confirms");
    const open = (await stack.store.tasksOfIncident(incident.id)).filter((t) => t.kind === "cooperation_item");
    const current = (await stack.store.incidentByRef(incident.ref))!;
    await driver.clickButton({ user: PEOPLE.suzuki.id, channel: channel.id, ts: current.summaryTs!, actionId: "incident_close" });
    const closingForm = await emu.waitFor(() => emu.openViews(PEOPLE.suzuki.id).find((v) => v.view.callback_id === "incident_closing"));
    await driver.submitView({
      user: PEOPLE.suzuki.id,
      viewId: closingForm.id,
      values: {
        "closing_what.value": "The portal breach was contained; the ministry notified the persons affected.",
        "closing_reports.value": "速報 and 確報 received.",
        "closing_open_tasks.value": "They end with the case.",
        ...Object.fromEntries(open.map((t) => [`closing_item_${t.id}.value`, "done"])),
      },
    });
    await stack.settle();
    const proposed = await emu.waitFor(() => emu.messages(channel.id).find((m) => JSON.stringify(m.blocks ?? []).includes("incident_closing_confirm")));
    await driver.clickButton({ user: PEOPLE.ito.id, channel: channel.id, ts: proposed.ts, actionId: "incident_closing_confirm" });
    await stack.settle();
    const closed = emu.messages(channel.id).at(-1)!;
    show("both parties confirmed (a cooperation case needs both); closed, and both are invited to a review:", blocksToText(closed.blocks, closed.text));
    say(`  topic: ${emu.channel(channel.id)!.topic ?? ""}`);

    step("8b", "Ito asks for the case file: /renkei casefile <ref> (Markdown and PDF, in Ito's DM)");
    await driver.slashCommand({ user: PEOPLE.ito.id, text: `casefile ${incident.ref}` });
    await stack.settle();
    const caseFileDm = await emu.waitFor(() => emu.dms(PEOPLE.ito.id).find((m) => (m.files ?? []).some((f) => f.name.endsWith(".md"))));
    say(`  files: ${caseFileDm.files!.map((f) => f.name).join(", ")}`);
    const md = emu.files().find((f) => f.filename.endsWith(".md"))!.content!.toString("utf8");
    show("the first lines of the case file:", md.split("\n").slice(0, 12).join("\n"));

    step("8c", "The annual review in numbers (npm run report, or /renkei report for managers)");
    const today = localDateOf(new Date(), config.timezone);
    const fy = today.month >= 4 ? today.year : today.year - 1;
    const period = parsePeriod(`${fy}-04-01`, `${fy + 1}-03-31`, config.timezone);
    if (!period.ok) throw new Error("the fiscal year");
    const annual = await buildAnnualReport(stack, period.period, config.locale);
    const quarter = fiscalQuarter(today);
    const all = annual.report.rows.find((r) => r.quarter === quarter && r.party === "all")!.figures;
    say(`  ${quarter}: ${all.incidentsRegistered} registered, ${all.cooperationCases} cooperation case, contact → decision ${all.contactToDecision.medianHours ?? "–"} h, items agreed ${all.itemsAgreed}`);
    const chart = annual.charts.find((c) => c.filename.endsWith("-items.svg"))!;
    const chartPath = path.join(os.tmpdir(), chart.filename);
    fs.writeFileSync(chartPath, chart.content);
    say(`  chart "${chart.title}" written to ${chartPath} (open it in a browser)`);

    step(9, "The audit log: every change, hash-chained (npm run audit:verify checks it)");
    const entries = [];
    for await (const e of stack.store.auditEntries()) entries.push(e);
    for (const e of entries) say(`  #${e.seq} ${e.at.toISOString()} ${e.action} by ${e.actorUserId === "renkei" ? "renkei" : who(e.actorUserId)}${e.article ? ` (Art. ${e.article})` : ""} ${e.hash.slice(0, 12)}…`);
    const verdict = verifyChain(entries);
    say(`  chain: ${verdict.ok ? `intact (${verdict.entries} entries)` : `BROKEN at #${verdict.brokenAt}`}`);

    step(10, "What renkei called on Slack's Web API");
    const counts = new Map<string, number>();
    for (const c of emu.calls()) counts.set(c.method, (counts.get(c.method) ?? 0) + 1);
    say(`  ${[...counts].map(([m, n]) => `${m} ×${n}`).join(", ")}`);
    if (socketMode) {
      const envelopes = emu.socketMode.envelopes();
      const byType = new Map<string, number>();
      for (const e of envelopes) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
      const acks = envelopes.filter((e) => e.ackedAt !== undefined).map((e) => e.ackedAt! - e.sentAt).sort((a, b) => a - b);
      say(`  Socket Mode: ${envelopes.length} envelopes (${[...byType].map(([t, n]) => `${t} ×${n}`).join(", ")}), acknowledged in ${acks[0]}–${acks.at(-1)} ms (median ${acks[Math.floor(acks.length / 2)]} ms);`);
      say(`  ${emu.socketMode.connectionHistory().length} connections over the run; acknowledgements missing or later than 3 s: ${emu.socketMode.violations().length}`);
    }
    say();
    say("Done. Run `npm test` for the test suite; see README.md to connect a real workspace.");
  } finally {
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`demo failed: ${(e as Error)?.stack ?? String(e)}`);
    process.exit(1);
  },
);
