// Process environment, parsed once with zod. Cross-field rule: HTTP mode needs the signing
// secret, Socket Mode needs the app-level token.
import { z } from "zod";
import { ConfigError } from "./config-error";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url";
import { parseTokenKey } from "./token-key";

/** Fields the Slack and sandbox start-ups read alike. */
export const ZPort = z
  .string()
  .regex(/^\d{1,5}$/, { error: "must be a whole TCP port number from 0 to 65535, e.g. 3000" })
  .transform(Number)
  .refine((n) => n <= 65535, { error: "must be between 0 and 65535" })
  .default(3000);
export const ZLogLevel = z.enum(["trace", "debug", "info", "warn", "error"], { error: "must be one of trace, debug, info, warn, error" }).default("info");
/** json (one object a line) or pretty (readable); default: pretty at a terminal outside production. */
export const ZLogFormat = z.enum(["json", "pretty"], { error: "must be json or pretty" }).optional();

const ZEnv = z
  .object({
    SLACK_BOT_TOKEN: z
      .string()
      .startsWith("xoxb-", { error: "must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)" })
      .optional(),
    // OAuth v2: each organisation installs renkei in its own workspace (/slack/install); the bot
    // tokens are kept in the database, encrypted with RENKEI_TOKEN_KEY.
    SLACK_CLIENT_ID: z.string().regex(/^\d+\.\d+$/, { error: "must be the app's Client ID (Basic Information → App Credentials), e.g. 1234567890.1234567890" }).optional(),
    SLACK_CLIENT_SECRET: z.string().min(1).optional(),
    SLACK_STATE_SECRET: z.string().min(16, { error: "must be at least 16 random characters (it signs the OAuth state), e.g. openssl rand -hex 16" }).optional(),
    SLACK_REDIRECT_URI: z
      .url({ protocol: /^https?$/, error: "must be the public URL of /slack/oauth_redirect, as listed under OAuth & Permissions → Redirect URLs" })
      .optional(),
    RENKEI_TOKEN_KEY: z
      .string()
      .refine((v) => parseTokenKey(v) !== undefined, { error: "must be 32 random bytes as base64 or 64 hex digits — generate one with: openssl rand -base64 32 (keep it secret; losing it means installing again)" })
      .optional(),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_APP_TOKEN: z
      .string()
      .startsWith("xapp-", { error: "must be an app-level token starting with xapp- (Basic Information → App-Level Tokens, scope connections:write)" })
      .optional(),
    PORT: ZPort,
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((value, ctx) => {
        try {
          parseDatabaseUrl(value);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: (e as Error).message });
        }
      }),
    SLACK_API_URL: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL ending in /api/, e.g. https://slack.com/api/" })
      .transform((u) => (u.endsWith("/") ? u : `${u}/`))
      .optional(),
    // A proxy for all Slack traffic (Web API and the Socket Mode WebSocket): SLACK_PROXY_URL, or the
    // usual HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower case wins, as in curl).
    SLACK_PROXY_URL: proxyUrl("SLACK_PROXY_URL"),
    https_proxy: proxyUrl("https_proxy"),
    HTTPS_PROXY: proxyUrl("HTTPS_PROXY"),
    http_proxy: proxyUrl("http_proxy"),
    HTTP_PROXY: proxyUrl("HTTP_PROXY"),
    no_proxy: z.string().optional(),
    NO_PROXY: z.string().optional(),
    RENKEI_CONFIG: z.string().min(1).default("./renkei.yml"),
    LOG_LEVEL: ZLogLevel,
    LOG_FORMAT: ZLogFormat,
  })
  .superRefine((env, ctx) => {
    const oauth = !!(env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET);
    if (!env.SLACK_BOT_TOKEN && !oauth) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message:
          "is required — the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page (one workspace), or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and RENKEI_TOKEN_KEY to install renkei in each organisation's workspace through OAuth",
      });
    }
    if (env.SLACK_BOT_TOKEN && oauth) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "is set together with SLACK_CLIENT_ID/SLACK_CLIENT_SECRET — choose one: SLACK_BOT_TOKEN for one workspace, or the OAuth settings (without SLACK_BOT_TOKEN) for one installation per organisation",
      });
    }
    if (oauth) {
      const need: Array<[keyof typeof env, string]> = [
        ["SLACK_CLIENT_ID", "is required for OAuth — the app's Client ID (Basic Information → App Credentials)"],
        ["SLACK_CLIENT_SECRET", "is required for OAuth — the app's Client Secret (Basic Information → App Credentials)"],
        ["SLACK_STATE_SECRET", "is required for OAuth — any 16+ random characters that sign the install state, e.g. openssl rand -hex 16"],
        ["RENKEI_TOKEN_KEY", "is required for OAuth — the key that encrypts the stored bot tokens: openssl rand -base64 32"],
      ];
      for (const [field, message] of need) if (!env[field]) ctx.addIssue({ code: "custom", path: [field], message });
    }
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message:
          "is required in HTTP mode — copy it from the app's Basic Information → Signing Secret, or set SLACK_APP_TOKEN (xapp-...) to use Socket Mode",
      });
    }
  });

function proxyUrl(name: string) {
  return z
    .url({ protocol: /^https?$/, error: `must be a proxy URL such as http://proxy.example.go.jp:3128 (${name})` })
    .optional();
}

/** Where Slack traffic goes through: one proxy per scheme and the hosts that bypass it. */
export type ProxySettings = { httpProxy?: string; httpsProxy?: string; noProxy: string };

/**
 * `mode`: how Slack reaches renkei (HTTP or Socket Mode). `slackAuth`: one workspace with
 * SLACK_BOT_TOKEN ("token"), or one installation per organisation through OAuth ("oauth").
 */
export type Env = z.infer<typeof ZEnv> & { mode: "http" | "socket"; slackAuth: "token" | "oauth"; proxy: ProxySettings | null };

export function parseEnv(source: NodeJS.ProcessEnv | Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) throw ConfigError.fromZod("the environment", result.error);
  const e = result.data;
  const httpProxy = e.SLACK_PROXY_URL ?? e.http_proxy ?? e.HTTP_PROXY;
  const httpsProxy = e.SLACK_PROXY_URL ?? e.https_proxy ?? e.HTTPS_PROXY ?? httpProxy;
  const proxy = httpProxy || httpsProxy ? { ...(httpProxy ? { httpProxy } : {}), ...(httpsProxy ? { httpsProxy } : {}), noProxy: e.no_proxy ?? e.NO_PROXY ?? "" } : null;
  return { ...e, mode: e.SLACK_APP_TOKEN ? "socket" : "http", slackAuth: e.SLACK_BOT_TOKEN ? "token" : "oauth", proxy };
}
