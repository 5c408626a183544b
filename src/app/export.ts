// Export of the cooperation record for a period (issue 6), for the annual review both parties do.
// The record is a list of named sections; each is one entry of EXPORT_SECTIONS below (its name,
// columns and how its rows are read), so a new kind of record (e.g. the normal-times activities of
// Arts. 5, 6 and 8) is one more entry. Each record belongs to the period by its own time: an
// incident by its registration, a consultation by its contact, a task, item record, shared item,
// warning or consent by its creation, an audit entry by its time. Each row names its incident.
import type { AppContext } from "./context";
import { TLP_LABEL } from "../domain/sharing-scope";
import { exportDocument, isoInZone, formatLocalDate, section, type ExportDocument, type ExportPeriod, type ExportRow, type ExportSection } from "../domain/export";
import {
  auditEntriesIn,
  consultationRounds,
  consultationsContactedIn,
  incidentRefs,
  incidentRefsBefore,
  activityRefsBefore,
  activitiesOpenedIn,
  activityRecordsCreatedIn,
  incidentsRegisteredIn,
  itemRecordsCreatedIn,
  scopeConsentsIn,
  scopeWarningsRaisedIn,
  sharedInformationRegisteredIn,
  tasksCreatedIn,
} from "../store/export";

/** What a section's reader gets: the context, the period, and helpers shared by every section. */
export type SectionInput = {
  ctx: AppContext;
  period: ExportPeriod;
  /** An instant as ISO 8601 with the configured offset; null stays null. */
  at: (d: Date | null | undefined) => string | null;
  /** The incident reference of an incident id (looked up once for all sections' ids). */
  refOf: (incidentId: string | null | undefined) => Promise<string | null>;
  /** The reference a record is filed under: its incident's, else its normal-times activity's. */
  refOfRecord: (incidentId: string | null | undefined, activityId: string | null | undefined) => Promise<string | null>;
  /** Reference and article of a normal-times activity (Arts. 5, 6, 8) by id (looked up once for all sections). */
  activityOf: (activityId: string | null | undefined) => { ref: string; article: string } | null;
  /** The party of a configured member, or null. */
  partyOf: (userId: string | null | undefined) => string | null;
  /** Article of a cooperation item of the profile, e.g. 4(2)(ii). */
  articleOf: (itemType: string | null | undefined) => string | null;
};

export type ExportSectionSource = {
  name: string;
  title: string;
  /** Columns, in order; may depend on the configuration (e.g. one set per party). */
  columns: (input: SectionInput) => string[];
  rows: (input: SectionInput) => Promise<ExportRow[]>;
};

const list = (xs: string[]) => xs.join(" ");
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

const incidents: ExportSectionSource = {
  name: "incidents",
  title: "Incidents registered (Arts. 2, 4) / 登録されたインシデント",
  columns: () => [
    "ref", "title", "state", "reporter_name", "reporter_category", "supervising_agency", "personal_data", "appi_regime", "unlawful_purpose_suspected",
    "affected_count", "special_care_data", "financial_risk_data", "aware_at", "preliminary_due_at", "preliminary_due_edited", "final_due_at", "final_due_edited",
    "provided_by_admin_body", "registered_at", "registered_by", "registered_by_party", "channel_id", "channel_name", "channel_status",
  ],
  rows: async ({ ctx, period, at }) =>
    (await incidentsRegisteredIn(ctx.store, period)).map((i) => ({
      ref: i.ref, title: i.title, state: i.state, reporter_name: i.reporterName, reporter_category: i.reporterCategory, supervising_agency: i.supervisingAgency,
      personal_data: i.personalData, appi_regime: i.appiRegime, unlawful_purpose_suspected: i.unlawfulPurposeSuspected, affected_count: i.affectedCount,
      special_care_data: i.specialCareData, financial_risk_data: i.financialRiskData, aware_at: at(i.awareAt), preliminary_due_at: at(i.preliminaryDueAt),
      preliminary_due_edited: i.preliminaryDueEdited, final_due_at: at(i.finalDueAt), final_due_edited: i.finalDueEdited, provided_by_admin_body: i.providedByAdminBody,
      registered_at: at(i.createdAt), registered_by: i.createdByUserId, registered_by_party: i.createdByParty, channel_id: i.channelId, channel_name: i.channelName,
      channel_status: i.channelStatus,
    })),
};

/** One row per proposed item of a round, with each party's position side by side. */
const consultations: ExportSectionSource = {
  name: "consultations",
  title: "Consultations and decisions (Art. 4(2)) / 協議と判断",
  columns: ({ ctx }) => [
    "ref", "round", "proposed_by_party", "proposed_by", "contacted_at", "status", "outcome", "concluded_at", "impact_on_duties", "item_type", "item_article", "need",
    ...ctx.config.profile.parties.flatMap((p) => [`position_${p.id}`, `reason_${p.id}`, `conditions_${p.id}`, `decided_by_${p.id}`, `decided_at_${p.id}`]),
  ],
  rows: async ({ ctx, period, at, refOf, articleOf }) => {
    const rows: ExportRow[] = [];
    for (const c of await consultationsContactedIn(ctx.store, period)) {
      const ref = await refOf(c.incidentId);
      for (const item of c.items) {
        const row: ExportRow = {
          ref, round: c.round, proposed_by_party: c.proposedByParty, proposed_by: c.proposedByUserId, contacted_at: at(c.contactedAt), status: c.status,
          outcome: c.outcome, concluded_at: at(c.concludedAt), impact_on_duties: c.impactOnDuties, item_type: item.itemType, item_article: articleOf(item.itemType), need: item.need,
        };
        for (const p of item.positions) {
          Object.assign(row, { [`position_${p.party}`]: p.position, [`reason_${p.party}`]: p.reason, [`conditions_${p.party}`]: p.conditions, [`decided_by_${p.party}`]: p.decidedByUserId, [`decided_at_${p.party}`]: at(p.decidedAt) });
        }
        rows.push(row);
      }
    }
    return rows;
  },
};

const tasks: ExportSectionSource = {
  name: "tasks",
  title: "Tasks and agreed cooperation items (Art. 4) / タスクと連携項目",
  columns: () => ["ref", "task_id", "kind", "item_type", "item_article", "round", "conditions", "owner_party", "assignee", "due_at", "status", "done_at", "done_by", "created_at"],
  rows: async ({ ctx, period, at, refOfRecord, articleOf, activityOf }) => {
    const found = await tasksCreatedIn(ctx.store, period);
    const articleOfTask = (t: (typeof found)[number]) =>
      t.kind === "cooperation_item" ? articleOf(t.itemType) : t.activityId ? (activityOf(t.activityId)?.article ?? null) : (ctx.config.profile.leakReportIntroduction?.article ?? null);
    const rounds = await consultationRounds(ctx.store, found.map((t) => t.consultationId));
    const rows: ExportRow[] = [];
    for (const t of found) {
      rows.push({
        ref: await refOfRecord(t.incidentId, t.activityId), task_id: t.id, kind: t.kind, item_type: t.itemType, item_article: articleOfTask(t),
        round: t.consultationId ? (rounds.get(t.consultationId) ?? null) : null, conditions: t.conditions, owner_party: t.ownerParty, assignee: t.assigneeUserId,
        due_at: at(t.dueAt), status: t.status, done_at: at(t.doneAt), done_by: t.doneByUserId, created_at: at(t.createdAt),
      });
    }
    return rows;
  },
};

const itemRecords: ExportSectionSource = {
  name: "item_records",
  title: "Records of agreed cooperation items (Art. 4(2)(i)-(vi)) / 連携項目の記録",
  columns: () => ["ref", "task_id", "item_type", "item_article", "record_id", "kind", "party", "by", "status", "version", "data", "created_at", "updated_at"],
  rows: async ({ ctx, period, at, refOf, articleOf }) => {
    const rows: ExportRow[] = [];
    for (const r of await itemRecordsCreatedIn(ctx.store, period)) {
      rows.push({
        ref: await refOf(r.incidentId), task_id: r.taskId, item_type: r.itemType, item_article: articleOf(r.itemType), record_id: r.id, kind: r.kind, party: r.party, by: r.byUserId,
        status: r.status, version: r.version, data: json(r.data), created_at: at(r.createdAt), updated_at: at(r.updatedAt),
      });
    }
    return rows;
  },
};

const sharedInformation: ExportSectionSource = {
  name: "shared_information",
  title: "Shared information and sharing scopes (Arts. 4(2), 5(2), 7) / 共有情報と共有範囲",
  columns: () => [
    "ref", "shared_information_id", "basis", "provider_party", "shared_by", "channel_id", "message_ts", "scope_level", "allowed_users", "allowed_channels", "allowed_organisations",
    "designated_by", "designated_at", "registered_at", "warnings", "warnings_open", "consents",
  ],
  rows: async ({ ctx, period, at, refOfRecord }) => {
    const rows: ExportRow[] = [];
    for (const s of await sharedInformationRegisteredIn(ctx.store, period)) {
      rows.push({
        ref: await refOfRecord(s.incidentId, s.activityId), shared_information_id: s.id, basis: s.basis, provider_party: s.providerParty, shared_by: s.sharedByUserId, channel_id: s.channelId,
        message_ts: s.messageTs, scope_level: s.scope ? TLP_LABEL[s.scope.level] : null, allowed_users: s.scope ? list(s.scope.allow.users) : null,
        allowed_channels: s.scope ? list(s.scope.allow.channels) : null, allowed_organisations: s.scope ? s.scope.allow.organisations.join("; ") : null,
        designated_by: s.designatedByUserId, designated_at: at(s.designatedAt), registered_at: at(s.createdAt), warnings: s.warnings.total, warnings_open: s.warnings.open, consents: s.consents,
      });
    }
    return rows;
  },
};

const scopeWarnings: ExportSectionSource = {
  name: "scope_warnings",
  title: "Shared beyond the sharing scope (Art. 7) / 共有範囲外への共有",
  columns: () => ["ref", "warning_id", "shared_information_id", "provider_party", "scope_level", "destination_channel", "message_ts", "via", "forwarded_by", "forwarder_party", "outsiders_count", "outsiders", "status", "decided_by", "decided_at", "removed_at", "raised_at"],
  rows: async ({ ctx, period, at, refOfRecord, partyOf }) => {
    const rows: ExportRow[] = [];
    for (const w of await scopeWarningsRaisedIn(ctx.store, period)) {
      rows.push({
        ref: await refOfRecord(w.incidentId, w.activityId), warning_id: w.id, shared_information_id: w.sharedInformationId, provider_party: w.providerParty,
        scope_level: w.level ? (TLP_LABEL[w.level as keyof typeof TLP_LABEL] ?? w.level) : null, destination_channel: w.channelId, message_ts: w.messageTs, via: w.via,
        forwarded_by: w.forwardedByUserId, forwarder_party: partyOf(w.forwardedByUserId), outsiders_count: w.outsiders.length, outsiders: list(w.outsiders), status: w.status,
        decided_by: w.decidedByUserId, decided_at: at(w.decidedAt), removed_at: at(w.removedAt), raised_at: at(w.createdAt),
      });
    }
    return rows;
  },
};

const scopeConsents: ExportSectionSource = {
  name: "scope_consents",
  title: "Consents of the providing party (Art. 7) / 提供者の同意",
  columns: () => ["ref", "consent_id", "shared_information_id", "provider_party", "channel_id", "users", "warning_id", "requested_by", "reason", "status", "decided_by", "decided_at", "created_at"],
  rows: async ({ ctx, period, at, refOfRecord }) => {
    const rows: ExportRow[] = [];
    for (const c of await scopeConsentsIn(ctx.store, period)) {
      rows.push({
        ref: await refOfRecord(c.incidentId, c.activityId), reason: c.reason, consent_id: c.id, shared_information_id: c.sharedInformationId, provider_party: c.providerParty, channel_id: c.channelId, users: list(c.users),
        warning_id: c.warningId, requested_by: c.requestedByUserId, status: c.status, decided_by: c.decidedByUserId, decided_at: at(c.decidedAt), created_at: at(c.createdAt),
      });
    }
    return rows;
  },
};

/** Content the export leaves out: shared information keeps its Art. 7 scope, which may be narrower than the review's readers. */
const withoutSharedContent = (kind: string, data: Record<string, unknown>) => {
  if (kind !== "share" || !("content" in data)) return data;
  const { content: _content, ...rest } = data;
  return { ...rest, content: "(not exported: Art. 7 sharing scope)" };
};

const activities: ExportSectionSource = {
  name: "activities",
  title: "Normal-times cooperation (Arts. 5, 6, 8) / 平時の連携",
  columns: () => ["ref", "kind", "article", "title", "owner_party", "status", "scheduled_at", "due_at", "details", "opened_by", "opened_by_party", "opened_at", "updated_at", "channel_id", "message_ts"],
  rows: async ({ ctx, period, at, partyOf }) =>
    (await activitiesOpenedIn(ctx.store, period)).map((a) => ({
      ref: a.ref, kind: a.kind, article: a.article, title: a.title, owner_party: a.ownerParty, status: a.status, scheduled_at: at(a.scheduledAt), due_at: at(a.dueAt),
      details: json(withoutSharedContent(a.kind, a.data)), opened_by: a.createdByUserId, opened_by_party: partyOf(a.createdByUserId), opened_at: at(a.createdAt), updated_at: at(a.updatedAt),
      channel_id: a.channelId, message_ts: a.messageTs,
    })),
};

const activityRecords: ExportSectionSource = {
  name: "activity_records",
  title: "Records of normal-times cooperation: advice, resolutions, confirmations (Arts. 5, 6, 8) / 平時の連携の記録",
  columns: () => ["ref", "kind_of_activity", "article", "record_id", "kind", "party", "by", "data", "created_at"],
  rows: async ({ ctx, period, at }) =>
    (await activityRecordsCreatedIn(ctx.store, period)).map((r) => ({
      ref: r.activityRef, kind_of_activity: r.activityKind, article: r.article, record_id: r.id, kind: r.kind, party: r.party, by: r.byUserId, data: json(r.data), created_at: at(r.createdAt),
    })),
};

/**
 * The sections, in the order they are written. Adding a kind of record is one entry here.
 * The audit log is read separately (it also carries the chain's verdict) and comes last.
 */
export const EXPORT_SECTIONS: ExportSectionSource[] = [incidents, consultations, tasks, itemRecords, sharedInformation, scopeWarnings, scopeConsents, activities, activityRecords];

export const AUDIT_COLUMNS = ["seq", "at", "actor", "party", "article", "action", "entity_type", "entity_id", "before", "after", "hash"];

/** Reads the record of the period and shapes it as the export document. */
export async function buildExport(ctx: AppContext, period: ExportPeriod, sources: ExportSectionSource[] = EXPORT_SECTIONS): Promise<ExportDocument> {
  const tz = ctx.config.timezone;
  const at = (d: Date | null | undefined) => (d ? isoInZone(d, tz) : null);
  // Incident references: looked up in batches as sections ask, cached across sections.
  const refs = new Map<string, string | null>();
  const refOf = async (id: string | null | undefined) => {
    if (!id) return null;
    if (!refs.has(id)) {
      const found = await incidentRefs(ctx.store, [id]);
      refs.set(id, found.get(id) ?? null);
    }
    return refs.get(id) ?? null;
  };
  // Preload every incident of the period and the ones before it that its records name, in one pass.
  for (const [id, ref] of await incidentRefsBefore(ctx.store, period.end)) refs.set(id, ref);
  const items = new Map(ctx.config.profile.cooperationItems.map((i) => [i.id, i.article]));
  const activities = await activityRefsBefore(ctx.store, period.end);
  const input: SectionInput = {
    ctx,
    period,
    at,
    refOf,
    activityOf: (id) => (id ? (activities.get(id) ?? null) : null),
    refOfRecord: async (incidentId, activityId) => (await refOf(incidentId)) ?? (activityId ? (activities.get(activityId)?.ref ?? null) : null),
    partyOf: (u) => (u ? (ctx.config.directory.member(u)?.party ?? null) : null),
    articleOf: (t) => (t ? (items.get(t) ?? null) : null),
  };
  const sections: ExportSection[] = [];
  for (const s of sources) sections.push(section(s.name, s.title, s.columns(input), await s.rows(input)));

  const { entries, verdict } = await auditEntriesIn(ctx.store, period);
  sections.push(
    section(
      "audit_log",
      "Audit log (hash-chained) / 監査ログ",
      AUDIT_COLUMNS,
      entries.map((e) => ({ seq: e.seq, at: at(e.at), actor: e.actorUserId, party: e.actorParty, article: e.article, action: e.action, entity_type: e.entityType, entity_id: e.entityId, before: json(e.before), after: json(e.after), hash: e.hash })),
    ),
  );
  const locale = ctx.config.locale;
  return exportDocument(
    {
      generatedAt: isoInZone(ctx.clock.now(), tz),
      period: {
        from: formatLocalDate(period.from),
        to: formatLocalDate(period.to),
        timezone: tz,
        start: isoInZone(period.start, tz),
        end: isoInZone(period.end, tz),
        note: "Each record belongs to the period by its own time (registration, contact, creation, audit time), from start (included) to end (excluded).",
      },
      profile: { id: ctx.config.profile.id, title: ctx.config.profile.title[locale], signedOn: ctx.config.profile.signedOn },
      parties: ctx.config.profile.parties.map((p) => ({ id: p.id, designation: p.designation[locale], name: p.name[locale], short: p.short[locale] })),
      auditChain: verdict.ok ? { verified: true, entries: verdict.entries, lastHash: verdict.lastHash } : { verified: false, entries: verdict.entries, brokenAt: verdict.brokenAt, reason: verdict.reason },
    },
    sections,
  );
}

/**
 * `/renkei export <from> <to>`: a manager or administrator asks for the record of a period. Asking
 * is audited (the export reads both parties' records); the files are built and sent to the
 * person's DM by the `send_export` effect after the commit. The same request again within the same
 * minute (a double submission) queues nothing more.
 */
export async function requestExport(ctx: AppContext, actor: { userId: string; party: string }, period: ExportPeriod): Promise<{ queued: boolean }> {
  const now = ctx.clock.now();
  const from = formatLocalDate(period.from);
  const to = formatLocalDate(period.to);
  const dedupeKey = `export:${actor.userId}:${from}_${to}:${Math.floor(now.getTime() / 60_000)}`;
  if (await ctx.store.effectByKey(dedupeKey)) return { queued: false };
  await ctx.store.transact(now, async (tx) => {
    await tx.audit({ actorUserId: actor.userId, actorParty: actor.party, article: null, action: "record.export_requested", entityType: "export", entityId: `${from}_${to}`, before: null, after: { from, to, timezone: period.timezone } });
    await tx.enqueue({ kind: "send_export", payload: { userId: actor.userId, from, to }, dedupeKey });
  });
  return { queued: true };
}
