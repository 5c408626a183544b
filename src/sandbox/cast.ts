// Who can be played in the sandbox: the people of renkei.yml when there is one, else a built-in
// cast of three people per party (the same as `npm run demo`).
import fs from "node:fs";
import { loadRenkeiConfig, parseRenkeiConfig, type RenkeiConfig } from "../config/renkei-config";

export type SandboxPerson = { id: string; name: string; realName: string; teamId?: string };

/** Ito reads renkei in English (a per-person locale), the others in the configured language. */
export const BUILT_IN_CAST: Array<SandboxPerson & { party: "ppc" | "nisc"; roles: Array<"staff" | "liaison" | "manager" | "admin">; locale?: "ja" | "en" }> = [
  { id: "U0PPCSATO1", name: "sato", realName: "佐藤 Sato", party: "ppc", roles: ["staff"] },
  { id: "U0PPCSUZK1", name: "suzuki", realName: "鈴木 Suzuki", party: "ppc", roles: ["liaison"] },
  { id: "U0PPCYMD01", name: "yamada", realName: "山田 Yamada", party: "ppc", roles: ["manager"] },
  { id: "U0NISCTNK1", name: "tanaka", realName: "田中 Tanaka", party: "nisc", roles: ["staff"] },
  { id: "U0NISCITO1", name: "ito", realName: "伊藤 Ito", party: "nisc", roles: ["liaison"], locale: "en" },
  { id: "U0NISCKTO1", name: "kato", realName: "加藤 Kato", party: "nisc", roles: ["manager", "admin"] },
];

export function builtInCastConfig(locale: "ja" | "en" = "ja"): RenkeiConfig {
  const members = (party: string) => BUILT_IN_CAST.filter((p) => p.party === party).map((p) => ({ user: p.id, roles: p.roles, name: p.realName, ...(p.locale ? { locale: p.locale } : {}) }));
  return parseRenkeiConfig({ profile: "ppc-nisc-2023", locale, parties: { ppc: { members: members("ppc") }, nisc: { members: members("nisc") } } }, "built-in sandbox cast");
}

/** The configuration and the people to put in the emulated workspace. */
export function sandboxCast(configPath: string, locale?: "ja" | "en"): { config: RenkeiConfig; people: SandboxPerson[]; source: "renkei.yml" | "built-in" } {
  if (!fs.existsSync(configPath)) {
    const config = builtInCastConfig(locale);
    return { config, people: BUILT_IN_CAST.map(({ id, name, realName }) => ({ id, name, realName })), source: "built-in" };
  }
  const config = loadRenkeiConfig(configPath);
  const people = config.directory.all().map((m) => {
    const teamId = config.partyTeams[m.party];
    return { id: m.userId, name: (m.name ?? m.userId).toLowerCase().replace(/\s+/g, "."), realName: m.name ?? m.userId, ...(teamId ? { teamId } : {}) };
  });
  return { config, people, source: "renkei.yml" };
}
