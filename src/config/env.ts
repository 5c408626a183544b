// Process environment, parsed once with zod. Cross-field rule: HTTP mode needs the signing
// secret, Socket Mode needs the app-level token.
import { z } from "zod";
import { ConfigError } from "./config-error";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url";

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
      .string({ error: "is required — the Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page" })
      .startsWith("xoxb-", { error: "must be a bot token starting with xoxb- (OAuth & Permissions → Bot User OAuth Token)" }),
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

export type Env = z.infer<typeof ZEnv> & { mode: "http" | "socket"; proxy: ProxySettings | null };

export function parseEnv(source: NodeJS.ProcessEnv | Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) throw ConfigError.fromZod("the environment", result.error);
  const e = result.data;
  const httpProxy = e.SLACK_PROXY_URL ?? e.http_proxy ?? e.HTTP_PROXY;
  const httpsProxy = e.SLACK_PROXY_URL ?? e.https_proxy ?? e.HTTPS_PROXY ?? httpProxy;
  const proxy = httpProxy || httpsProxy ? { ...(httpProxy ? { httpProxy } : {}), ...(httpsProxy ? { httpsProxy } : {}), noProxy: e.no_proxy ?? e.NO_PROXY ?? "" } : null;
  return { ...e, mode: e.SLACK_APP_TOKEN ? "socket" : "http", proxy };
}
