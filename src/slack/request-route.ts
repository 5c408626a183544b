// Which route a request from Slack took, as a metric label: few values, none of them people's
// input. Slash commands by sub-command (an unknown one is `other`), actions by action_id, views and
// shortcuts by callback_id, events by event type.
import { SUBCOMMANDS } from "./listeners/commands/renkei-command";

const KNOWN = new Set(SUBCOMMANDS.map((s) => s.name));

export function requestRoute(body: unknown): { type: string; route: string } {
  const b = (body ?? {}) as Record<string, any>;
  if (typeof b.command === "string") {
    const sub = String(b.text ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    return { type: "command", route: `${b.command} ${sub === "" ? "(none)" : KNOWN.has(sub) ? sub : "other"}` };
  }
  switch (b.type) {
    case "block_actions":
      return { type: "action", route: String(b.actions?.[0]?.action_id ?? "unknown") };
    case "view_submission":
    case "view_closed":
      return { type: b.type === "view_submission" ? "view" : "view_closed", route: String(b.view?.callback_id ?? "unknown") };
    case "shortcut":
    case "message_action":
      return { type: "shortcut", route: String(b.callback_id ?? "unknown") };
    case "block_suggestion":
      return { type: "options", route: String(b.action_id ?? "unknown") };
    case "event_callback":
      return { type: "event", route: String(b.event?.type ?? "unknown") };
    default:
      return { type: "other", route: String(b.type ?? "unknown") };
  }
}
