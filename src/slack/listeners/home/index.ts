// App Home: what is pending for the person who opens it.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../listener-context";
import { appHomeOpened } from "./app-home-opened";

export function registerHomeListeners(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", appHomeOpened(deps));
}
