// Bolt runs, for every request, the middleware of every registered listener (each checks whether
// the request is its own: an array copy, a middleware chain and two copies of the arguments per
// listener). renkei registers ~95; in the Done loop's profile that was most of Bolt's share of the
// CPU (issue 14). Listeners registered with a plain action_id or view callback_id (all but a few)
// are looked up in a map instead, behind one Bolt listener per kind; patterns, constraint objects,
// listener middleware, commands, shortcuts and events register with Bolt as they are.
import type { App } from "@slack/bolt";

type Listener = (args: never) => Promise<unknown> | unknown;

/** Runs `register` against `app`, routing plain-id actions and view submissions through maps. */
export function registerRouted(app: App, register: (app: App) => void): void {
  const actions = new Map<string, Listener[]>();
  const views = new Map<string, Listener[]>();
  const route = (map: Map<string, Listener[]>, id: unknown, listeners: unknown[]): boolean => {
    if (typeof id !== "string" || listeners.length !== 1 || typeof listeners[0] !== "function") return false;
    map.set(id, [...(map.get(id) ?? []), listeners[0] as Listener]);
    return true;
  };
  const routed = new Proxy(app, {
    get(target, key) {
      if (key === "action") return (id: unknown, ...listeners: unknown[]) => (route(actions, id, listeners) ? undefined : (target.action as (...a: unknown[]) => unknown)(id, ...listeners));
      // A plain callback_id matches view submissions only, as in Bolt.
      if (key === "view") return (id: unknown, ...listeners: unknown[]) => (route(views, id, listeners) ? undefined : (target.view as (...a: unknown[]) => unknown)(id, ...listeners));
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  register(routed);
  // Every listener of the id runs, as Bolt runs every matching listener.
  const run = async (listeners: Listener[] | undefined, args: unknown) => {
    if (listeners) await Promise.all(listeners.map((l) => l(args as never)));
  };
  if (actions.size > 0) app.action({ type: "block_actions" }, async (args) => run(actions.get(args.action.action_id), args));
  if (views.size > 0) app.view({ type: "view_submission" }, async (args) => run(views.get(args.view.callback_id), args));
}
