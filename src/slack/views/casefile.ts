// The case file (issue 15) as Markdown, in the reader's language and the configured time zone.
// Withheld content (Art. 7) arrives already replaced by its note; user text is put on one line.
import type { CaseFileData } from "../../app/casefile";
import { TLP_LABEL } from "../../domain/sharing-scope";
import { formatDateTime, partyShort, type RenderContext } from "../render-context";
import { itemName } from "./consultation";
import { actionText } from "./digest";
import { taskTitle } from "./task-card";
import { plainText } from "./kit";

const oneLine = (s: string, max = 2000) => Array.from(s.replace(/\s*\r?\n\s*/g, " / ").trim()).slice(0, max).join("");

/** `nameOf`: a person's configured name (their user ID when none). */
export function caseFileMarkdown(rc: RenderContext, d: CaseFileData, readerUserId: string, nameOf: (userId: string) => string): string {
  const { t } = rc;
  const who = (_rc: RenderContext, userId: string) => nameOf(userId);
  const i = d.incident;
  const date = (x: Date | null) => (x ? formatDateTime(rc, x) : t("casefile.none"));
  const party = (p: string | null) => (p ? partyShort(rc, p) : "—");
  const out: string[] = [];
  const h2 = (title: string) => out.push("", `## ${title}`, "");
  const li = (line: string) => out.push(`- ${line}`);

  out.push(`# ${oneLine(t("casefile.title", { ref: i.ref, title: i.title }), 300)}`, "");
  out.push(t("casefile.generated", { date: date(d.generatedAt), user: who(rc, readerUserId), count: d.withheldCount }));

  h2(t("casefile.facts"));
  li(t("casefile.fact.state", { state: t(`card.state.${i.state}`) }));
  li(t("casefile.fact.registered", { date: date(i.createdAt), user: who(rc, i.createdByUserId), party: party(i.createdByParty) }));
  li(t("casefile.fact.reporter", { reporter: oneLine(i.reporterName, 200), agency: oneLine(i.supervisingAgency, 200) }));
  li(t("casefile.fact.aware", { date: date(i.awareAt) }));
  li(t("casefile.fact.summary", { summary: oneLine(i.summary) }));

  h2(t("casefile.deadlines"));
  const received = (on: string | null, no: string | null) => (on ? `${on}${no ? ` (${no})` : ""}` : t("closing.reports.none"));
  li(t("casefile.deadline.preliminary", { due: date(i.preliminaryDueAt), received: received(i.preliminaryReceivedOn, i.preliminaryReceiptNo) }));
  li(t("casefile.deadline.final", { due: date(i.finalDueAt), received: received(i.finalReceivedOn, i.finalReceiptNo) }));

  h2(t("casefile.timeline"));
  for (const e of d.timeline) {
    const line = t("casefile.timeline.line", { date: date(e.at), action: actionText(rc, e.action), article: e.article ?? "—", user: who(rc, e.actorUserId), party: party(e.actorParty) });
    li(e.withheld ? `${line} ${e.withheld}` : line);
  }

  h2(t("casefile.consultations"));
  if (d.consultations.length === 0) li(t("casefile.none"));
  for (const c of d.consultations) {
    li(t("casefile.round", { round: c.round, party: party(c.proposedByParty), date: date(c.contactedAt), status: c.outcome ? c.outcome : c.status }));
    for (const item of c.items) {
      for (const p of rc.profile.parties.map((x) => x.id)) {
        const pos = item.positions.find((x) => x.party === p);
        const name = itemName(rc, item.itemType);
        out.push(
          `  - ${pos ? t("casefile.position", { item: name, party: party(p), position: t(pos.position === "decline" ? "consult.position.decline" : "consult.position.agree"), note: pos.reason || pos.conditions ? ` — ${oneLine(pos.reason ?? pos.conditions ?? "", 500)}` : "" }) : t("casefile.position.none", { item: name, party: party(p) })}`,
        );
      }
    }
  }

  h2(t("casefile.items"));
  if (d.tasks.length === 0) li(t("casefile.none"));
  for (const { task, records } of d.tasks) {
    const status = task.status === "done" ? t("common.done") : task.status === "ended" ? t("task.state.ended") : t("common.open");
    li(t("casefile.item", { title: plainText(taskTitle(rc, task)), party: party(task.ownerParty), status }));
    for (const r of records) out.push(`  - ${t("casefile.record", { date: date(r.createdAt), kind: r.kind, party: party(r.party), data: r.withheld ?? oneLine(JSON.stringify(r.data), 800) })}`);
  }

  h2(t("casefile.shared"));
  if (d.shared.length === 0) li(t("casefile.none"));
  for (const { item, withheld, warnings } of d.shared) {
    li(t("casefile.shared.item", { date: date(item.createdAt), party: party(item.providerParty), basis: item.basis, level: item.scope ? TLP_LABEL[item.scope.level] : "—", summary: withheld ?? oneLine(item.summary) }));
    for (const w of warnings) out.push(`  - ${t("casefile.shared.warning", { date: date(w.createdAt), via: w.via, status: w.status })}`);
  }

  h2(t("casefile.closing"));
  if (d.closures.length === 0) li(t("casefile.none"));
  for (const c of d.closures) {
    li(`${t(`closing.card.header.${c.status}`, { ref: i.ref })} — ${t("closing.card.proposed_by", { user: who(rc, c.proposedByUserId), party: party(c.proposedByParty), date: date(c.createdAt) })}`);
    out.push(`  - ${t("closing.card.what")}: ${oneLine(c.summary.whatHappened)}`);
    for (const it of c.summary.items) out.push(`  - ${itemName(rc, it.itemType)}: ${t(`closing.outcome.${it.outcome}`)}${it.why ? ` — ${oneLine(it.why, 500)}` : ""}`);
    if (c.summary.reports) out.push(`  - ${t("closing.card.reports")}: ${oneLine(c.summary.reports)}`);
    if (c.summary.openTasks) out.push(`  - ${t("closing.card.open_tasks")}: ${oneLine(c.summary.openTasks)}`);
    if (c.closedAt) out.push(`  - ${t("closing.card.closed_at", { date: date(c.closedAt) })}`);
    if (c.withdrawnAt && (c.status === "withdrawn" || c.status === "declined")) {
      const by = { user: who(rc, c.withdrawnByUserId ?? ""), party: party(c.withdrawnByParty ?? ""), date: date(c.withdrawnAt) };
      const reason = oneLine(c.withdrawReason ?? "", 500);
      out.push(`  - ${c.status === "declined" ? t("closing.card.declined", { ...by, reason }) : t("closing.card.withdrawn", { ...by, reason: reason ? t("closing.card.withdrawn_reason", { reason }) : "" }).trim()}`);
    }
    if (c.reopenedAt) out.push(`  - ${t("closing.card.reopened", { user: who(rc, c.reopenedByUserId ?? ""), date: date(c.reopenedAt), reason: oneLine(c.reopenReason ?? "", 500) })}`);
  }

  h2(t("casefile.review"));
  if (d.reviews.length === 0) li(t("casefile.none"));
  for (const r of d.reviews) {
    li(`${t("review.card.header", { ref: i.ref, party: party(r.party) })} — ${t("review.card.by", { user: who(rc, r.byUserId), date: date(r.createdAt) })}`);
    out.push(`  - ${t("review.field.worked")}: ${oneLine(r.worked)}`, `  - ${t("review.field.did_not")}: ${oneLine(r.didNot)}`);
    for (const l of r.lessons) out.push(`  - ${t("review.card.lessons")}: ${oneLine(l, 500)}`);
  }
  return `${out.join("\n")}\n`;
}
