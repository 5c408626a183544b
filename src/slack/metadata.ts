// Typed context carried in button values and modal private_metadata: JSON, parsed with zod on
// the way in (never a CSV string), so a malformed or stale payload is rejected, not guessed at.
import { z } from "zod";

export const ZItemRef = z.object({ c: z.string().min(1), i: z.string().min(1) });
export type ItemRef = z.infer<typeof ZItemRef>;

export const ZIncidentRef = z.object({ incidentId: z.string().min(1) });
/** A closing round of an incident (the closing card's and the review invitation's buttons, their modals). */
export const ZClosureRef = z.object({ closureId: z.string().min(1) });
/** The message a scope is designated on (modal private_metadata). */
export const ZScopeMessage = z.object({ c: z.string().min(1), ts: z.string().min(1), th: z.string().nullable(), a: z.string().nullable(), s: z.string() });
export const ZWarningRef = z.object({ w: z.string().min(1) });
export const ZTaskRef = z.object({ taskId: z.string().min(1) });

export function encode<T>(value: T): string {
  return JSON.stringify(value);
}

export function decode<T>(schema: z.ZodType<T>, raw: string | undefined | null): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A normal-times activity (button values of its card). */
export const ZActivityRef = z.object({ a: z.string().min(1) });
/** A resolution's version and the party a Confirm button is for (Arts. 6, 8). */
export const ZResolutionConfirm = z.object({ a: z.string().min(1), v: z.number().int().min(1), p: z.string().min(1) });
/** The resolution modal: the activity and the version it was opened on. */
export const ZResolutionMeta = z.object({ a: z.string().min(1), b: z.number().int().min(0) });
/** The internal-channel message being released and its text as the provider saw it (modal private_metadata). */
export const ZReleaseSource = z.object({ c: z.string().min(1), ts: z.string().min(1), x: z.string() });
/** The registered item a consent is asked for (modal private_metadata). */
export const ZConsentRequestTarget = z.object({ i: z.string().min(1) });
export const ZConsentRef = z.object({ k: z.string().min(1) });
