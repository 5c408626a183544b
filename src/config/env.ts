// Process environment, parsed once with zod. Cross-field rule: HTTP mode needs the signing
// secret, Socket Mode needs the app-level token.
import { z } from "zod";
import { ConfigError } from "./config-error";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./database-url";

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
    PORT: z
      .string()
      .regex(/^\d{1,5}$/, { error: "must be a whole TCP port number from 0 to 65535, e.g. 3000" })
      .transform(Number)
      .refine((n) => n <= 65535, { error: "must be between 0 and 65535" })
      .default(3000),
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
    RENKEI_CONFIG: z.string().min(1).default("./renkei.yml"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], { error: "must be one of debug, info, warn, error" }).default("info"),
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

export type Env = z.infer<typeof ZEnv> & { mode: "http" | "socket" };

export function parseEnv(source: NodeJS.ProcessEnv | Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) throw ConfigError.fromZod("the environment", result.error);
  return { ...result.data, mode: result.data.SLACK_APP_TOKEN ? "socket" : "http" };
}
