// Persistence of the app's Slack installations (OAuth v2). The bot token is encrypted before it
// reaches the database and decrypted only for the caller that needs it; nothing else sees it.
import type { SlackInstallationRecord } from "../domain/installations";
import type { Db, DbTx } from "./prisma";
import type { TokenCipher } from "./token-cipher";

export type { SlackInstallationRecord };

type Row = NonNullable<Awaited<ReturnType<Db["slackInstallation"]["findFirst"]>>>;

const toRecord = (r: Row): SlackInstallationRecord => ({
  id: r.id,
  teamId: r.teamId,
  teamName: r.teamName,
  enterpriseId: r.enterpriseId,
  isEnterpriseInstall: r.isEnterpriseInstall,
  botUserId: r.botUserId,
  botId: r.botId,
  botScopes: r.botScopes ? r.botScopes.split(",").filter(Boolean) : [],
  installerUserId: r.installerUserId,
  revokedAt: r.revokedAt,
  revokedReason: r.revokedReason,
  installedAt: r.installedAt,
});

/** What an OAuth install hands over, the token still in clear (it is encrypted here). */
export type NewSlackInstallation = Omit<SlackInstallationRecord, "revokedAt" | "revokedReason" | "installedAt"> & {
  enterpriseName: string | null;
  appId: string | null;
  botToken: string;
};

export type InstallationRepository = ReturnType<typeof installationRepository>;

export function installationRepository(db: Db | DbTx) {
  return {
    async find(id: string): Promise<SlackInstallationRecord | null> {
      const row = await db.slackInstallation.findFirst({ where: { id } });
      return row ? toRecord(row) : null;
    },

    async list(): Promise<SlackInstallationRecord[]> {
      return (await db.slackInstallation.findMany({ orderBy: { installedAt: "asc" } })).map(toRecord);
    },

    /** The installation with its bot token decrypted, for authorizing a request or an effect. */
    async withToken(id: string, cipher: TokenCipher): Promise<(SlackInstallationRecord & { botToken: string; appId: string | null; enterpriseName: string | null }) | null> {
      const row = await db.slackInstallation.findFirst({ where: { id } });
      if (!row) return null;
      return { ...toRecord(row), botToken: cipher.decrypt(row.botTokenCipher, row.id), appId: row.appId, enterpriseName: row.enterpriseName };
    },

    /** Stores (or replaces, on a re-install) an installation; a re-install clears a revocation. Returns the one it replaced. */
    async save(i: NewSlackInstallation, cipher: TokenCipher, now: Date): Promise<SlackInstallationRecord | null> {
      const before = await db.slackInstallation.findFirst({ where: { id: i.id } });
      const data = {
        teamId: i.teamId, teamName: i.teamName, enterpriseId: i.enterpriseId, enterpriseName: i.enterpriseName,
        isEnterpriseInstall: i.isEnterpriseInstall, appId: i.appId, botUserId: i.botUserId, botId: i.botId,
        botScopes: i.botScopes.join(","), botTokenCipher: cipher.encrypt(i.botToken, i.id), installerUserId: i.installerUserId,
        revokedAt: null, revokedReason: null, updatedAt: now,
      };
      await db.slackInstallation.upsert({ where: { id: i.id }, create: { id: i.id, ...data, installedAt: now }, update: { ...data, installedAt: now } });
      return before ? toRecord(before) : null;
    },

    /** Marks an installation revoked (kept, with when and why); false when unknown or already revoked. */
    async markRevoked(id: string, reason: string, now: Date): Promise<boolean> {
      const res = await db.slackInstallation.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now, revokedReason: reason, updatedAt: now } });
      return res.count > 0;
    },
  };
}
