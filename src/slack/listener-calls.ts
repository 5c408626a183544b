// Slack calls made on the request side (a listener's views.open, chat.postEphemeral,
// chat.postMessage, its posts to the response_url; the health check's auth.test), counted like
// the effect runner's deliveries: by method and outcome. Bolt's Web API client and its respond()
// both send through the fetch function of the app's client options: this wraps it.
import type { FetchFunction } from "@slack/web-api";
import type { SlackCallObserver } from "./effects/client";

/** The Web API method of a request URL (…/api/chat.update), or "response_url" for anything else. */
export function slackMethodOf(url: string | URL): string {
  const path = new URL(String(url)).pathname;
  const i = path.lastIndexOf("/api/");
  return i >= 0 ? path.slice(i + "/api/".length) : "response_url";
}

export function observedFetch(base: FetchFunction | undefined, observe: SlackCallObserver): FetchFunction {
  const send = base ?? ((url: string | URL, init?: Parameters<FetchFunction>[1]) => globalThis.fetch(url, init as RequestInit) as ReturnType<FetchFunction>);
  return (async (url: string | URL, init?: Parameters<FetchFunction>[1]) => {
    const method = slackMethodOf(url);
    let res: Awaited<ReturnType<FetchFunction>>;
    try {
      res = await send(url, init);
    } catch (e) {
      observe(method, "error");
      throw e;
    }
    if (res.status === 429) observe(method, "ratelimited");
    else if (!res.ok) observe(method, "error");
    else if (method === "response_url") observe(method, "ok");
    // A Web API answer says ok: false with HTTP 200: read a copy, without holding the caller up.
    else if (typeof (res as { clone?: unknown }).clone !== "function") observe(method, "ok");
    else void (res as unknown as Response).clone().json().then((body: unknown) => observe(method, (body as { ok?: boolean })?.ok === false ? "error" : "ok"), () => observe(method, "error"));
    return res;
  }) as FetchFunction;
}
