import { describe, expect, it } from "vitest";
import { requestRoute } from "./request-route";

describe("requestRoute", () => {
  it("labels requests by what renkei routes on, never by what people typed", () => {
    expect(requestRoute({ command: "/renkei", text: "new" })).toEqual({ type: "command", route: "/renkei new" });
    expect(requestRoute({ command: "/renkei", text: "status 2026-0001" })).toEqual({ type: "command", route: "/renkei status" });
    expect(requestRoute({ command: "/renkei", text: "My secret words" })).toEqual({ type: "command", route: "/renkei other" });
    expect(requestRoute({ command: "/renkei", text: "" })).toEqual({ type: "command", route: "/renkei (none)" });
    expect(requestRoute({ type: "block_actions", actions: [{ action_id: "task_done", value: "x" }] })).toEqual({ type: "action", route: "task_done" });
    expect(requestRoute({ type: "view_submission", view: { callback_id: "incident_intake" } })).toEqual({ type: "view", route: "incident_intake" });
    expect(requestRoute({ type: "message_action", callback_id: "designate_sharing_scope" })).toEqual({ type: "shortcut", route: "designate_sharing_scope" });
    expect(requestRoute({ type: "event_callback", event: { type: "message", text: "hello" } })).toEqual({ type: "event", route: "message" });
  });
});
