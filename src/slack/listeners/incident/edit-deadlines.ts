// The card's "Edit deadlines" button: opens the editor for members allowed to edit.
import { refusalFor } from "../../../domain/permissions";
import type { SlackDeps } from "../../listener-context";
import { deadlinesModal } from "../../views/deadlines-modal";
import { openIncidentForm } from "./open-incident-form";

export function openDeadlineEditor(deps: SlackDeps) {
  return openIncidentForm(deps, (member) => ({ refusal: refusalFor(member, "incident.edit"), details: { roles: ["staff", "liaison", "admin"] } }), deadlinesModal);
}
