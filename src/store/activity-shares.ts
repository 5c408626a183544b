// Persistence of Art. 5(2) shares: the information an activity shares is registered as shared
// information (Art. 7) with the scope the provider designated at release; the activity's card
// becomes its registered message once it is posted.
import { randomUUID } from "node:crypto";
import type { SharingScope } from "../domain/sharing-scope";
import type { Db, DbTx } from "./prisma";
import { sharedItemById, type SharedItem } from "./sharing-scopes";

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
