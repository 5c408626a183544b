// Persistence of Art. 7: registered shared information with its designated scope, the warnings
// raised when it left that scope, and the provider's consents.
import { randomUUID } from "node:crypto";
import { parseScope, type ScopeConsentRecord, type ScopeWarningRecord, type SharedItem, type SharingScope, type WarningStatus } from "../domain/sharing-scope";
import type { Db, DbTx } from "./prisma";

export type { SharedItem, WarningStatus, ScopeWarningRecord, ScopeConsentRecord };

type SharedRow = NonNullable<Awaited<ReturnType<Db["sharedInformation"]["findFirst"]>>>;
type WarningRow = NonNullable<Awaited<ReturnType<Db["scopeWarning"]["findFirst"]>>>;
type ConsentRow = NonNullable<Awaited<ReturnType<Db["scopeConsent"]["findFirst"]>>>;

const toShared = (r: SharedRow): SharedItem => ({
  id: r.id,
  incidentId: r.incidentId,
  activityId: r.activityId,
  basis: r.basis,
  providerParty: r.providerParty,
  summary: r.summary,
  sharedByUserId: r.sharedByUserId,
  channelId: r.channelId,
  messageTs: r.messageTs,
  threadTs: r.threadTs,
  scope: parseScope(r.scope),
  designatedByUserId: r.designatedByUserId,
  designatedAt: r.designatedAt,
  labelTs: r.labelTs,
  version: r.version,
  createdAt: r.createdAt,
});

const jsonList = (raw: string): string[] => {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

const toWarning = (r: WarningRow): ScopeWarningRecord => ({
  id: r.id,
  sharedInformationId: r.sharedInformationId,
  channelId: r.channelId,
  messageTs: r.messageTs,
  threadTs: r.threadTs,
  via: r.via === "permalink" ? "permalink" : "forward",
  forwardedByUserId: r.forwardedByUserId,
  outsiders: jsonList(r.outsiders),
  status: r.status as WarningStatus,
  decidedByUserId: r.decidedByUserId,
  decidedAt: r.decidedAt,
  removedAt: r.removedAt,
  warningTs: r.warningTs,
  teamId: r.teamId,
  createdAt: r.createdAt,
});

const toConsent = (r: ConsentRow): ScopeConsentRecord => ({
  id: r.id,
  sharedInformationId: r.sharedInformationId,
  channelId: r.channelId,
  users: jsonList(r.users),
  warningId: r.warningId,
  status: r.status,
  decidedByUserId: r.decidedByUserId,
  decidedAt: r.decidedAt,
  createdAt: r.createdAt,
  requestedByUserId: r.requestedByUserId,
  reason: r.reason,
});

export async function sharedItemById(db: Db | DbTx, id: string): Promise<SharedItem | null> {
  const row = await db.sharedInformation.findFirst({ where: { id } });
  return row ? toShared(row) : null;
}

export async function sharedItemByMessage(db: Db | DbTx, channelId: string, messageTs: string): Promise<SharedItem | null> {
  const row = await db.sharedInformation.findFirst({ where: { channelId, messageTs } });
  return row ? toShared(row) : null;
}

/** Registered items among these messages that carry a scope (one query). */
export async function scopedItemsByMessages(db: Db | DbTx, refs: Array<{ channelId: string; ts: string }>): Promise<SharedItem[]> {
  if (refs.length === 0) return [];
  const rows = await db.sharedInformation.findMany({ where: { OR: refs.map((r) => ({ channelId: r.channelId, messageTs: r.ts })), scope: { not: null } } });
  return rows.map(toShared);
}

export async function sharedItemsOfIncident(db: Db | DbTx, incidentId: string): Promise<SharedItem[]> {
  return (await db.sharedInformation.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map(toShared);
}

/** The information registered for a normal-times activity (an Art. 5(2) share). */
export async function sharedItemsOfActivity(db: Db | DbTx, activityId: string): Promise<SharedItem[]> {
  return (await db.sharedInformation.findMany({ where: { activityId }, orderBy: { createdAt: "asc" } })).map(toShared);
}

export async function incidentIdByChannel(db: Db | DbTx, channelId: string): Promise<string | null> {
  return (await db.incident.findFirst({ where: { channelId }, select: { id: true } }))?.id ?? null;
}

export type Designation = {
  incidentId: string | null;
  channelId: string;
  messageTs: string;
  threadTs: string | null;
  basis: string;
  providerParty: string;
  summary: string;
  authorUserId: string;
  scope: SharingScope;
  designatedByUserId: string;
};

/** Registers the message as shared information with its scope, or changes the scope of a registered one. */
export async function upsertDesignation(db: DbTx, d: Designation, now: Date): Promise<SharedItem> {
  const existing = await db.sharedInformation.findFirst({ where: { channelId: d.channelId, messageTs: d.messageTs } });
  if (existing) {
    return toShared(
      await db.sharedInformation.update({
        where: { id: existing.id },
        data: { basis: d.basis, scope: JSON.stringify(d.scope), designatedByUserId: d.designatedByUserId, designatedAt: now, version: { increment: 1 }, updatedAt: now },
      }),
    );
  }
  return toShared(
    await db.sharedInformation.create({
      data: {
        id: randomUUID(),
        incidentId: d.incidentId,
        taskId: null,
        basis: d.basis,
        providerParty: d.providerParty,
        summary: d.summary,
        sharedByUserId: d.authorUserId,
        channelId: d.channelId,
        messageTs: d.messageTs,
        threadTs: d.threadTs,
        scope: JSON.stringify(d.scope),
        designatedByUserId: d.designatedByUserId,
        designatedAt: now,
        createdAt: now,
        updatedAt: now,
      },
    }),
  );
}

export async function setLabelDelivery(db: Db, id: string, labelTs: string): Promise<void> {
  await db.sharedInformation.update({ where: { id }, data: { labelTs } });
}

export async function findWarning(db: Db | DbTx, id: string): Promise<ScopeWarningRecord | null> {
  const row = await db.scopeWarning.findFirst({ where: { id } });
  return row ? toWarning(row) : null;
}

export async function warningBySource(db: Db | DbTx, sharedInformationId: string, channelId: string, messageTs: string): Promise<ScopeWarningRecord | null> {
  const row = await db.scopeWarning.findFirst({ where: { sharedInformationId, channelId, messageTs } });
  return row ? toWarning(row) : null;
}

export async function warningsOfItems(db: Db | DbTx, ids: string[]): Promise<ScopeWarningRecord[]> {
  if (ids.length === 0) return [];
  return (await db.scopeWarning.findMany({ where: { sharedInformationId: { in: ids } }, orderBy: { createdAt: "asc" } })).map(toWarning);
}

export async function insertWarning(
  db: DbTx,
  w: Pick<ScopeWarningRecord, "sharedInformationId" | "channelId" | "messageTs" | "threadTs" | "via" | "forwardedByUserId" | "outsiders" | "teamId">,
  now: Date,
): Promise<ScopeWarningRecord> {
  return toWarning(
    await db.scopeWarning.create({
      data: { id: randomUUID(), ...w, outsiders: JSON.stringify(w.outsiders), status: "open", createdAt: now, updatedAt: now },
    }),
  );
}

/** Moves a warning on only from the status expected; null when someone else moved it first. */
export async function updateWarningIf(db: DbTx, id: string, expected: WarningStatus, patch: { status: WarningStatus; decidedByUserId?: string; decidedAt?: Date; removedAt?: Date }, now: Date): Promise<ScopeWarningRecord | null> {
  const { count } = await db.scopeWarning.updateMany({ where: { id, status: expected }, data: { ...patch, updatedAt: now } });
  return count === 1 ? findWarning(db, id) : null;
}

export async function setWarningDelivery(db: Db, id: string, warningTs: string): Promise<void> {
  await db.scopeWarning.update({ where: { id }, data: { warningTs } });
}

export async function consentsOfItems(db: Db | DbTx, ids: string[]): Promise<ScopeConsentRecord[]> {
  if (ids.length === 0) return [];
  return (await db.scopeConsent.findMany({ where: { sharedInformationId: { in: ids } }, orderBy: { createdAt: "asc" } })).map(toConsent);
}

export async function insertConsent(db: DbTx, c: Omit<ScopeConsentRecord, "id" | "createdAt">, now: Date): Promise<ScopeConsentRecord> {
  return toConsent(
    await db.scopeConsent.create({
      data: { id: randomUUID(), sharedInformationId: c.sharedInformationId, channelId: c.channelId, users: JSON.stringify(c.users), warningId: c.warningId, status: c.status, decidedByUserId: c.decidedByUserId, decidedAt: c.decidedAt, createdAt: now },
    }),
  );
}

// ---- releases from an internal channel ("Share with <other party>") ----

export type Release = {
  incidentId: string;
  jointChannelId: string;
  basis: string;
  providerParty: string;
  summary: string;
  sharedByUserId: string;
  sourceChannelId: string;
  sourceMessageTs: string;
  scope: SharingScope;
};

export async function releaseBySource(db: Db | DbTx, sourceChannelId: string, sourceMessageTs: string): Promise<SharedItem | null> {
  const row = await db.sharedInformation.findFirst({ where: { sourceChannelId, sourceMessageTs } });
  return row ? toShared(row) : null;
}

/** Registers the released message; its repost in the joint channel fills in messageTs once posted. */
export async function insertRelease(db: DbTx, r: Release, now: Date): Promise<SharedItem> {
  return toShared(
    await db.sharedInformation.create({
      data: {
        id: randomUUID(),
        incidentId: r.incidentId,
        taskId: null,
        basis: r.basis,
        providerParty: r.providerParty,
        summary: r.summary,
        sharedByUserId: r.sharedByUserId,
        channelId: r.jointChannelId,
        messageTs: null,
        threadTs: null,
        scope: JSON.stringify(r.scope),
        designatedByUserId: r.sharedByUserId,
        designatedAt: now,
        sourceChannelId: r.sourceChannelId,
        sourceMessageTs: r.sourceMessageTs,
        createdAt: now,
        updatedAt: now,
      },
    }),
  );
}

/** The repost is in the joint channel: it is the registered message, and carries its own label. */
export async function setReleaseDelivery(db: Db, id: string, messageTs: string): Promise<void> {
  await db.sharedInformation.update({ where: { id }, data: { messageTs, labelTs: messageTs } });
}

/** Where a released item came from (null for any other registered item). */
export async function releaseSourceOf(db: Db | DbTx, id: string): Promise<{ channelId: string; messageTs: string } | null> {
  const row = await db.sharedInformation.findFirst({ where: { id }, select: { sourceChannelId: true, sourceMessageTs: true } });
  return row?.sourceChannelId && row.sourceMessageTs ? { channelId: row.sourceChannelId, messageTs: row.sourceMessageTs } : null;
}

// ---- consent requested in advance ----

export async function findConsent(db: Db | DbTx, id: string): Promise<ScopeConsentRecord | null> {
  const row = await db.scopeConsent.findFirst({ where: { id } });
  return row ? toConsent(row) : null;
}

export async function consentByRequestKey(db: Db | DbTx, requestKey: string): Promise<string | null> {
  return (await db.scopeConsent.findFirst({ where: { requestKey }, select: { id: true } }))?.id ?? null;
}

export async function insertConsentRequest(
  db: DbTx,
  c: { sharedInformationId: string; channelId: string | null; users: string[]; requestedByUserId: string; reason: string; requestKey: string },
  now: Date,
): Promise<ScopeConsentRecord> {
  return toConsent(
    await db.scopeConsent.create({
      data: { id: randomUUID(), sharedInformationId: c.sharedInformationId, channelId: c.channelId, users: JSON.stringify(c.users), requestedByUserId: c.requestedByUserId, reason: c.reason, requestKey: c.requestKey, status: "requested", createdAt: now },
    }),
  );
}

/** Decides a requested consent only while it is still requested; false when someone answered first. */
export async function decideConsentIf(db: DbTx, id: string, status: "granted" | "declined", decidedByUserId: string, now: Date): Promise<boolean> {
  const { count } = await db.scopeConsent.updateMany({ where: { id, status: "requested" }, data: { status, decidedByUserId, decidedAt: now } });
  return count === 1;
}

/** Delivery bookkeeping: the DM that asked this liaison officer (not audited); a retried delivery records it once. */
export async function recordConsentAsk(db: Db | DbTx, consentId: string, userId: string, channelId: string, ts: string): Promise<void> {
  await db.scopeConsentAsk.upsert({ where: { consentId_userId: { consentId, userId } }, create: { consentId, userId, channelId, ts }, update: { channelId, ts } });
}

export async function consentAsks(db: Db | DbTx, consentId: string): Promise<Array<{ userId: string; channelId: string; ts: string }>> {
  return db.scopeConsentAsk.findMany({ where: { consentId }, orderBy: { userId: "asc" }, select: { userId: true, channelId: true, ts: true } });
}

// ---- results the bot posts on a provider's behalf (Art. 4(2)(ii), (iv), (v)) ----

/** Gives a freshly registered result its scope and the channel its post goes to (messageTs follows once posted). */
export async function scopeSharedResult(db: DbTx, id: string, r: { channelId: string | null; scope: SharingScope; designatedByUserId: string }, now: Date): Promise<void> {
  await db.sharedInformation.update({ where: { id }, data: { channelId: r.channelId, scope: JSON.stringify(r.scope), designatedByUserId: r.designatedByUserId, designatedAt: now, updatedAt: now } });
}

// ---- Art. 5(2) shares: the information an activity shares is registered as shared information
// (Art. 7) with the scope the provider designated at release; the activity's card becomes its
// registered message once it is posted. ----

export async function insertShareInformation(
  db: DbTx,
  s: { activityId: string; providerParty: string; summary: string; sharedByUserId: string; scope: SharingScope },
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await db.sharedInformation.create({
    data: {
      id,
      incidentId: null,
      activityId: s.activityId,
      taskId: null,
      basis: "5(2)",
      providerParty: s.providerParty,
      summary: s.summary,
      sharedByUserId: s.sharedByUserId,
      scope: JSON.stringify(s.scope),
      designatedByUserId: s.sharedByUserId,
      designatedAt: now,
      createdAt: now,
      updatedAt: now,
    },
  });
  return id;
}

export async function sharedItemOfActivity(db: Db | DbTx, activityId: string): Promise<SharedItem | null> {
  const row = await db.sharedInformation.findFirst({ where: { activityId }, select: { id: true } });
  return row ? sharedItemById(db, row.id) : null;
}

/** Makes the posted card the item's registered message; false when it already was (a retried effect). */
export async function registerShareMessage(db: DbTx, id: string, channelId: string, messageTs: string, now: Date): Promise<boolean> {
  const { count } = await db.sharedInformation.updateMany({ where: { id, messageTs: null }, data: { channelId, messageTs, updatedAt: now } });
  return count === 1;
}

/**
 * Art. 7 records through one handle each: `store.sharedItems`, `store.scopeWarnings`,
 * `store.scopeConsents` outside a change, the same on `tx` inside one.
 */
export function sharedItemRepository(db: DbTx) {
  return {
    byId: (id: string) => sharedItemById(db, id),
    byMessage: (channelId: string, messageTs: string) => sharedItemByMessage(db, channelId, messageTs),
    scopedByMessages: (refs: Array<{ channelId: string; ts: string }>) => scopedItemsByMessages(db, refs),
    ofIncident: (incidentId: string) => sharedItemsOfIncident(db, incidentId),
    ofActivity: (activityId: string) => sharedItemsOfActivity(db, activityId),
    /** The one item an Art. 5(2) share registered, if any. */
    ofShareActivity: (activityId: string) => sharedItemOfActivity(db, activityId),
    incidentIdByChannel: (channelId: string) => incidentIdByChannel(db, channelId),
    upsertDesignation: (d: Designation, now: Date) => upsertDesignation(db, d, now),
    insertShare: (s: Parameters<typeof insertShareInformation>[1], now: Date) => insertShareInformation(db, s, now),
    registerShareMessage: (id: string, channelId: string, messageTs: string, now: Date) => registerShareMessage(db, id, channelId, messageTs, now),
    scopeResult: (id: string, r: Parameters<typeof scopeSharedResult>[2], now: Date) => scopeSharedResult(db, id, r, now),
    setLabelDelivery: (id: string, labelTs: string) => setLabelDelivery(db as Db, id, labelTs),
    releaseBySource: (sourceChannelId: string, sourceMessageTs: string) => releaseBySource(db, sourceChannelId, sourceMessageTs),
    insertRelease: (r: Release, now: Date) => insertRelease(db, r, now),
    setReleaseDelivery: (id: string, messageTs: string) => setReleaseDelivery(db as Db, id, messageTs),
    releaseSourceOf: (id: string) => releaseSourceOf(db, id),
  };
}
export type SharedItemRepository = ReturnType<typeof sharedItemRepository>;

export function scopeWarningRepository(db: DbTx) {
  return {
    byId: (id: string) => findWarning(db, id),
    bySource: (sharedInformationId: string, channelId: string, messageTs: string) => warningBySource(db, sharedInformationId, channelId, messageTs),
    ofItems: (ids: string[]) => warningsOfItems(db, ids),
    insert: (w: Parameters<typeof insertWarning>[1], now: Date) => insertWarning(db, w, now),
    updateIf: (id: string, expected: WarningStatus, patch: Parameters<typeof updateWarningIf>[3], now: Date) => updateWarningIf(db, id, expected, patch, now),
    setDelivery: (id: string, warningTs: string) => setWarningDelivery(db as Db, id, warningTs),
  };
}
export type ScopeWarningRepository = ReturnType<typeof scopeWarningRepository>;

export function scopeConsentRepository(db: DbTx) {
  return {
    byId: (id: string) => findConsent(db, id),
    ofItems: (ids: string[]) => consentsOfItems(db, ids),
    insert: (c: Omit<ScopeConsentRecord, "id" | "createdAt">, now: Date) => insertConsent(db, c, now),
    idByRequestKey: (requestKey: string) => consentByRequestKey(db, requestKey),
    insertRequest: (c: Parameters<typeof insertConsentRequest>[1], now: Date) => insertConsentRequest(db, c, now),
    decideIf: (id: string, status: "granted" | "declined", decidedByUserId: string, now: Date) => decideConsentIf(db, id, status, decidedByUserId, now),
    recordAsk: (consentId: string, userId: string, channelId: string, ts: string) => recordConsentAsk(db, consentId, userId, channelId, ts),
    asks: (consentId: string) => consentAsks(db, consentId),
  };
}
export type ScopeConsentRepository = ReturnType<typeof scopeConsentRepository>;
