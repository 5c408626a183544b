// Slack Connect invitations of incident channels between two organisations' workspaces. Pure: the
// invitations come from the store.

/** Slack lets an invitation to a Slack Connect channel be accepted for 14 days. */
export const SHARED_INVITE_VALID_DAYS = 14;

/**
 * The invitations no one accepted within Slack's validity: sent (or being accepted) for longer
 * than SHARED_INVITE_VALID_DAYS. Slack says nothing when one runs out; renkei notices it here (or
 * when the invited installation's acceptance is refused).
 */
export function runOutInvites<T extends { status: string; createdAt: Date }>(invites: readonly T[], now: Date, validDays = SHARED_INVITE_VALID_DAYS): T[] {
  const cutoff = now.getTime() - validDays * 24 * 60 * 60 * 1000;
  return invites.filter((i) => (i.status === "invited" || i.status === "accepting") && i.createdAt.getTime() <= cutoff);
}
