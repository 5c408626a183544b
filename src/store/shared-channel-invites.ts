// Slack Connect invitations of incident channels between two organisations' installations.
import type { Db, DbTx } from "./prisma";

export type SharedInviteStatus = "invited" | "accepting" | "waiting_approval" | "shared" | "declined" | "expired" | "resent";

export type SharedChannelInviteRecord = {
  id: string;
  incidentId: string;
  channelId: string;
  hostTeamId: string;
  targetTeamId: string;
  party: string;
  status: SharedInviteStatus;
  createdAt: Date;
  updatedAt: Date;
};

type Row = NonNullable<Awaited<ReturnType<Db["sharedChannelInvite"]["findFirst"]>>>;
const toRecord = (r: Row): SharedChannelInviteRecord => ({ ...r, status: r.status as SharedInviteStatus });

export type SharedInviteRepository = ReturnType<typeof sharedInviteRepository>;

export function sharedInviteRepository(db: Db | DbTx) {
  return {
    async find(id: string): Promise<SharedChannelInviteRecord | null> {
      const row = await db.sharedChannelInvite.findFirst({ where: { id } });
      return row ? toRecord(row) : null;
    },
    async ofIncident(incidentId: string): Promise<SharedChannelInviteRecord[]> {
      return (await db.sharedChannelInvite.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map(toRecord);
    },
    async ofChannel(channelId: string): Promise<SharedChannelInviteRecord[]> {
      return (await db.sharedChannelInvite.findMany({ where: { channelId }, orderBy: { createdAt: "asc" } })).map(toRecord);
    },
    /** Invitations still waiting to be accepted (sent, or being accepted), oldest first, for the expiry sweep. */
    async unanswered(limit = 100): Promise<SharedChannelInviteRecord[]> {
      return (await db.sharedChannelInvite.findMany({ where: { status: { in: ["invited", "accepting"] } }, orderBy: { createdAt: "asc" }, take: limit })).map(toRecord);
    },
    async insert(r: Omit<SharedChannelInviteRecord, "createdAt" | "updatedAt">, now: Date): Promise<SharedChannelInviteRecord> {
      return toRecord(await db.sharedChannelInvite.create({ data: { ...r, createdAt: now, updatedAt: now } }));
    },
    /** Moves an invitation on, only from one of `from`; false when it was elsewhere (another event got there first). */
    async setStatus(id: string, from: SharedInviteStatus[], to: SharedInviteStatus, now: Date): Promise<boolean> {
      const res = await db.sharedChannelInvite.updateMany({ where: { id, status: { in: from } }, data: { status: to, updatedAt: now } });
      return res.count > 0;
    },
  };
}
