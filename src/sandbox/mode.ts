// Which way `npm start` runs: against Slack, or in the sandbox (the real bot against the local
// Slack emulator, with the web console). The sandbox is chosen when asked for (`--sandbox`,
// RENKEI_SANDBOX=1), or when no Slack credential at all is set outside production. A production
// deployment (NODE_ENV=production) with missing credentials never falls into the sandbox: it goes
// the Slack way, whose start-up check names the missing field and the fix.
export type StartMode = { kind: "slack" } | { kind: "sandbox"; reason: "asked" | "no_credentials" };

const CREDENTIALS = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID"] as const;

export function chooseStartMode(env: Record<string, string | undefined>, argv: readonly string[]): StartMode {
  const set = (name: string) => (env[name] ?? "").trim() !== "";
  if (argv.includes("--sandbox") || ["1", "true", "yes"].includes((env.RENKEI_SANDBOX ?? "").trim().toLowerCase())) {
    return { kind: "sandbox", reason: "asked" };
  }
  if (env.NODE_ENV === "production") return { kind: "slack" };
  if (CREDENTIALS.some(set)) return { kind: "slack" };
  return { kind: "sandbox", reason: "no_credentials" };
}
