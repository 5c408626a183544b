// Export of the cooperation record for a period (issue 6), for the annual review both parties do.
// The record is a list of named sections; each is one entry of EXPORT_SECTIONS below (its name,
// columns and how its rows are read), so a new kind of record (e.g. the normal-times activities of
// Arts. 5, 6 and 8) is one more entry. Each record belongs to the period by its own time: an
// incident by its registration, a consultation by its contact, a task, item record, shared item,
// warning or consent by its creation, an audit entry by its time. Each row names its incident.
// Art. 7 (issue 12): content whose sharing scope excludes the person who asked — results, advice,
// overseas results, joint-alert drafts, shared information's links and the audit log's
// before/after of such records — is replaced by "(withheld: Art. 7 scope <level>, provider <party>)".
import type { AppContext } from "./context";
import { TLP_LABEL } from "../domain/sharing-scope";
import { ALERT_DRAFT_SCOPE, auditEntryRefs, requesterInside, withheldOf, type Requester, type ScopedContent, type Withheld } from "../domain/record-scope";
import { ALERT_DRAFT_KIND } from "../domain/items/joint-alert";
import { ADVICE_KIND } from "../domain/items/technical-advice";
import { OVERSEAS_REQUEST_KIND } from "../domain/items/overseas-cooperation";
import { RESULT_KIND } from "../domain/items/sharing-results";
import { t } from "../i18n/t";
import type { Locale } from "../i18n/locale";
import { exportDocument, isoInZone, formatLocalDate, section, type ExportDocument, type ExportPeriod, type ExportRow, type ExportSection } from "../domain/export";
import {
  contentRecordsBefore,
  incidentChannels,
  scopedItemsBefore,
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
  /** Art. 7: what is withheld from this requester, and how it reads. */
  scopes: ScopeCheck;
};

/**
 * Art. 7 answers for one export: each returns null when the content may go to the requester
 * (unscoped, TLP:CLEAR, or they are inside its scope), else what to say instead.
 */
export type ScopeCheck = {
  /** Shared information by id. */
  item: (sharedInformationId: string | null | undefined) => Withheld | null;
  /** An item record (a result, advice, overseas results, an alert draft) by id. */
  record: (recordId: string) => Withheld | null;
  /** The shared information of a normal-times activity (an Art. 5(2) share). */
  activity: (activityId: string) => Withheld | null;
  /** An audit entry about any of those. */
  audit: (entry: { entityType: string; entityId: string; before: unknown; after: unknown }) => Withheld | null;
  /** "(withheld: Art. 7 scope TLP:RED, provider PPC)", in the export's language. */
  text: (w: Withheld) => string;
  /** How many values were withheld so far (for the summary). */
  count: () => number;
};

/** Who asked, and what the export may look up to place them in a scope. */
export type ExportOptions = {
  requester: Requester;
  /** Members of a Slack channel (AMBER+STRICT: the case's joint channel). Without it no one counts as in the channel. */
  channelMembers?: (channelId: string) => Promise<string[]>;
  /** Language of the withheld notes; the configured one by default. */
  locale?: Locale;
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
  rows: async ({ ctx, period, at, refOf, articleOf, scopes }) => {
    const rows: ExportRow[] = [];
    for (const r of await itemRecordsCreatedIn(ctx.store, period)) {
      const withheld = scopes.record(r.id);
      rows.push({
        ref: await refOf(r.incidentId), task_id: r.taskId, item_type: r.itemType, item_article: articleOf(r.itemType), record_id: r.id, kind: r.kind, party: r.party, by: r.byUserId,
        status: r.status, version: r.version, data: withheld ? scopes.text(withheld) : json(r.data), created_at: at(r.createdAt), updated_at: at(r.updatedAt),
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
  rows: async ({ ctx, period, at, refOfRecord, scopes }) => {
    const rows: ExportRow[] = [];
    for (const s of await sharedInformationRegisteredIn(ctx.store, period)) {
      // Its link (channel and message) leads to the content: withheld outside the scope.
      const withheld = scopes.item(s.id);
      rows.push({
        ref: await refOfRecord(s.incidentId, s.activityId), shared_information_id: s.id, basis: s.basis, provider_party: s.providerParty, shared_by: s.sharedByUserId,
        channel_id: withheld ? scopes.text(withheld) : s.channelId, message_ts: withheld ? scopes.text(withheld) : s.messageTs, scope_level: s.scope ? TLP_LABEL[s.scope.level] : null, allowed_users: s.scope ? list(s.scope.allow.users) : null,
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
  rows: async ({ ctx, period, at, refOfRecord, partyOf, scopes }) => {
    const rows: ExportRow[] = [];
    for (const w of await scopeWarningsRaisedIn(ctx.store, period)) {
      // Where it went and who did it stay; the forwarding message (which shows the content) does not.
      const withheld = scopes.item(w.sharedInformationId);
      rows.push({
        ref: await refOfRecord(w.incidentId, w.activityId), warning_id: w.id, shared_information_id: w.sharedInformationId, provider_party: w.providerParty,
        scope_level: w.level ? (TLP_LABEL[w.level as keyof typeof TLP_LABEL] ?? w.level) : null, destination_channel: w.channelId, message_ts: withheld ? scopes.text(withheld) : w.messageTs, via: w.via,
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

/** An Art. 5(2) share's content keeps its Art. 7 scope: withheld unless the requester is inside it. */
const withoutSharedContent = (data: Record<string, unknown>, withheld: string | null) => {
  if (!withheld || !("content" in data)) return data;
  const { content: _content, ...rest } = data;
  return { ...rest, content: withheld };
};

const activities: ExportSectionSource = {
  name: "activities",
  title: "Normal-times cooperation (Arts. 5, 6, 8) / 平時の連携",
  columns: () => ["ref", "kind", "article", "title", "owner_party", "status", "scheduled_at", "due_at", "details", "opened_by", "opened_by_party", "opened_at", "updated_at", "channel_id", "message_ts"],
  rows: async ({ ctx, period, at, partyOf, scopes }) =>
    (await activitiesOpenedIn(ctx.store, period)).map((a) => {
      const w = a.kind === "share" ? scopes.activity(a.id) : null;
      const withheld = w ? scopes.text(w) : null;
      return {
        ref: a.ref, kind: a.kind, article: a.article, title: a.title, owner_party: a.ownerParty, status: a.status, scheduled_at: at(a.scheduledAt), due_at: at(a.dueAt),
        details: json(withoutSharedContent(a.data, withheld)), opened_by: a.createdByUserId, opened_by_party: partyOf(a.createdByUserId), opened_at: at(a.createdAt), updated_at: at(a.updatedAt),
        channel_id: withheld ?? a.channelId, message_ts: withheld ?? a.messageTs,
      };
    }),
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

/**
 * The audit log's columns. `hash` and `prev_hash` chain the entries and `at_utc` is the instant the
 * hash covers (`at` is for people, to the second), so `npm run audit:verify -- --export <dir>`
 * re-checks the chain from the file; entries whose before/after are withheld (`withheld` true)
 * are checked by their links only.
 */
export const AUDIT_COLUMNS = ["seq", "at", "actor", "party", "article", "action", "entity_type", "entity_id", "before", "after", "hash", "prev_hash", "at_utc", "withheld", "content_hash", "erased"];

/** Requester label for the document (who the export was made for). */
const requesterLabel = (r: Requester) => (r.kind === "member" ? r.userId : r.includeScoped ? "operator (scoped content included on request)" : "operator");

/**
 * Art. 7 for one export: every scoped item and record that carries shared content, and whether
 * the requester is inside its scope. Read once, before the sections.
 */
export async function scopeCheck(ctx: AppContext, end: Date, options: ExportOptions): Promise<ScopeCheck> {
  const locale = options.locale ?? ctx.config.locale;
  const directory = ctx.config.directory;
  const members = new Map<string, Promise<string[] | null>>();
  const jointMembers = (channelId: string | null): Promise<string[] | null> => {
    if (!channelId || !options.channelMembers) return Promise.resolve(null);
    if (!members.has(channelId)) members.set(channelId, options.channelMembers(channelId).catch(() => null));
    return members.get(channelId)!;
  };
  const verdictOf = async (content: Omit<ScopedContent, "jointChannelMembers">, jointChannelId: string | null): Promise<Withheld | null> => {
    // Only AMBER+STRICT asks who is in the joint channel (and only for a member asking).
    const needsChannel = content.scope.level === "amber_strict" && options.requester.kind === "member";
    const full: ScopedContent = { ...content, jointChannelMembers: needsChannel ? await jointMembers(jointChannelId) : null };
    return requesterInside(options.requester, full, directory) ? null : withheldOf(full);
  };

  const items = new Map<string, Withheld | null>();
  const byActivity = new Map<string, Withheld | null>();
  const byTaskSummary = new Map<string, Withheld | null>();
  for (const item of await scopedItemsBefore(ctx.store, end)) {
    const v = await verdictOf({ scope: item.scope, providerParty: item.providerParty, consents: item.consents }, item.jointChannelId);
    items.set(item.id, v);
    if (item.activityId) byActivity.set(item.activityId, v);
    if (item.taskId) byTaskSummary.set(`${item.taskId}\u0000${item.summary}`, v);
  }
  // Records that are shared content: a result names its item; advice and overseas results were
  // registered with their text as the item's summary; an alert draft is AMBER+STRICT by nature.
  const records = new Map<string, Withheld | null>();
  const found = await contentRecordsBefore(ctx.store, end, [RESULT_KIND, ADVICE_KIND, OVERSEAS_REQUEST_KIND, ALERT_DRAFT_KIND]);
  const channels = await incidentChannels(ctx.store, found.filter((r) => r.kind === ALERT_DRAFT_KIND).map((r) => r.incidentId));
  for (const r of found) {
    const text = (k: string) => (typeof r.data[k] === "string" ? (r.data[k] as string) : null);
    if (r.kind === RESULT_KIND) records.set(r.id, items.get(text("sharedInformationId") ?? "") ?? null);
    else if (r.kind === ADVICE_KIND && text("advice") !== null) records.set(r.id, byTaskSummary.get(`${r.taskId}\u0000${text("advice")}`) ?? null);
    else if (r.kind === OVERSEAS_REQUEST_KIND && text("results") !== null) records.set(r.id, byTaskSummary.get(`${r.taskId}\u0000${text("results")}`) ?? null);
    else if (r.kind === ALERT_DRAFT_KIND)
      records.set(r.id, await verdictOf({ scope: ALERT_DRAFT_SCOPE, providerParty: r.party, consents: [] }, r.incidentId ? (channels.get(r.incidentId) ?? null) : null));
  }
  // Audit entries name the request record of overseas cooperation from the request on: only the
  // entries that carry the results (they name the shared item) are withheld, not the request's.
  const requests = new Set(found.filter((r) => r.kind === OVERSEAS_REQUEST_KIND).map((r) => r.id));
  const auditRecords = new Map([...records].filter(([id]) => !requests.has(id)));

  let withheldCount = 0;
  const counted = (w: Withheld | null | undefined): Withheld | null => {
    if (w) withheldCount++;
    return w ?? null;
  };
  const shortOf = new Map(ctx.config.profile.parties.map((p) => [p.id, p.short[locale]]));
  return {
    item: (id) => counted(id ? items.get(id) : null),
    record: (id) => counted(records.get(id)),
    activity: (id) => counted(byActivity.get(id)),
    audit: (entry) => {
      const refs = auditEntryRefs(entry);
      for (const id of refs.items) if (items.get(id)) return counted(items.get(id));
      for (const id of refs.records) if (auditRecords.get(id)) return counted(auditRecords.get(id));
      return null;
    },
    text: (w) => t(locale, "export.withheld", { level: w.level, party: shortOf.get(w.providerParty) ?? w.providerParty }),
    count: () => withheldCount,
  };
}

/** Reads the record of the period and shapes it as the export document, for the requester (Art. 7). */
export async function buildExport(ctx: AppContext, period: ExportPeriod, options: ExportOptions, sources: ExportSectionSource[] = EXPORT_SECTIONS): Promise<ExportDocument> {
  const tz = ctx.config.timezone;
  const scopes = await scopeCheck(ctx, period.end, options);
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
    scopes,
  };
  const sections: ExportSection[] = [];
  for (const s of sources) sections.push(section(s.name, s.title, s.columns(input), await s.rows(input)));

  const { entries, verdict } = await auditEntriesIn(ctx.store, period);
  sections.push(
    section(
      "audit_log",
      "Audit log (hash-chained) / 監査ログ",
      AUDIT_COLUMNS,
      entries.map((e) => {
        const w = scopes.audit(e);
        const withheld = w ? scopes.text(w) : null;
        return {
          seq: e.seq, at: at(e.at), actor: e.actorUserId, party: e.actorParty, article: e.article, action: e.action, entity_type: e.entityType, entity_id: e.entityId,
          before: withheld ?? json(e.before), after: withheld ?? json(e.after), hash: e.hash, prev_hash: e.prevHash, at_utc: e.at.toISOString(), withheld: withheld !== null, content_hash: e.contentHash ?? null, erased: e.erased === true,
        };
      }),
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
      access: {
        requester: requesterLabel(options.requester),
        withheld: scopes.count(),
        note: "Art. 7: content whose sharing scope excludes the requester is replaced by a note naming the scope's level and the providing party.",
      },
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

/**
 * `npm run export -- --include-scoped`: an operator (no Slack identity) asks for the content Art. 7
 * scopes would withhold. Audited before anything is read, with who ran it where.
 */
export async function recordScopedExportRequest(ctx: AppContext, period: ExportPeriod, by: { osUser: string; host: string }): Promise<void> {
  const from = formatLocalDate(period.from);
  const to = formatLocalDate(period.to);
  await ctx.store.transact(ctx.clock.now(), async (tx) => {
    await tx.audit({
      actorUserId: "operator",
      actorParty: null,
      article: "7",
      action: "record.export_scoped_included",
      entityType: "export",
      entityId: `${from}_${to}`,
      before: null,
      after: { from, to, timezone: period.timezone, includeScoped: true, osUser: by.osUser, host: by.host },
    });
  });
}
