// Incident channel names: Slack allows lower-case letters, digits, "-" and "_", at most 80
// characters. Built from the prefix, the reference and a slug of the title; a title with no
// Latin letters or digits (e.g. Japanese only) gives just prefix-reference.
export const MAX_CHANNEL_NAME = 80;

export function slugify(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function channelNameFor(prefix: string, reference: string, title: string, attempt = 1): string {
  const base = `${prefix}-${reference}`;
  const suffix = attempt > 1 ? `-${attempt}` : "";
  const room = MAX_CHANNEL_NAME - base.length - suffix.length - 1;
  const slug = slugify(title).slice(0, Math.max(0, room)).replace(/-+$/, "");
  return `${base}${slug ? `-${slug}` : ""}${suffix}`;
}

export function isValidChannelName(name: string): boolean {
  return /^[a-z0-9_-]{1,80}$/.test(name) && /[a-z0-9]/.test(name);
}
