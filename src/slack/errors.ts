// What Slack (and, through a handler, the database) answered, in a few words: the code users and
// operators see on a failed step, and whether Slack only asked to slow down.
/** Slack answered 429: the call was fine, only too soon. */
export function isRateLimited(error: unknown): boolean {
  return (error as { code?: string })?.code === "slack_webapi_rate_limited_error";
}

/** A short, user-presentable description: Slack's error code when there is one. */
export function describeError(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; statusCode?: number; message?: string; retryAfter?: number };
  if (e?.data?.error) return e.data.error;
  if (e?.code === "slack_webapi_rate_limited_error") return `ratelimited (retry after ${e.retryAfter ?? "?"} s)`;
  if (e?.code === "slack_webapi_http_error") return `HTTP ${e.statusCode ?? "error"} from Slack`;
  if (e?.code === "slack_webapi_request_error") return "Slack could not be reached";
  // Database errors carry internals (queries, file paths) that users should not see.
  if (typeof e?.code === "string" && /^P\d{4}$/.test(e.code)) return `database error ${e.code}`;
  if (e && typeof e === "object" && "clientVersion" in e) return "database error";
  return e?.message ?? String(error);
}
