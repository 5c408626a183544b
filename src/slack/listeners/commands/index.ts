// `/renkei`: one command, its sub-commands a table (./renkei-command.ts) that also renders the help.
import type { App } from "@slack/bolt";
import { COMMAND } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { renkeiCommand } from "./renkei-command";

export function registerCommandListeners(app: App, deps: SlackDeps): void {
  app.command(COMMAND, renkeiCommand(deps));
}
