// What every view needs to speak the user's language: locale, time zone and the profile's labels.
import type { AgreementProfile } from "../config/profiles";
import type { RenkeiConfig } from "../config/renkei-config";
import type { Locale } from "../i18n/locale";
import { translator, type Translator } from "../i18n/t";
import type { Member } from "../domain/parties";
import type { LocalDate } from "../domain/time";

export type RenderContext = {
  locale: Locale;
  timezone: string;
  profile: AgreementProfile;
  t: Translator;
};

export function renderContext(config: RenkeiConfig, locale: Locale = config.locale): RenderContext {
  return { locale, timezone: config.timezone, profile: config.profile, t: translator(locale) };
}

/** Personal surfaces (modals, ephemerals, DMs) use the member's locale; shared channels the configured one. */
export function personalContext(config: RenkeiConfig, member: Member | undefined): RenderContext {
  return renderContext(config, member?.locale ?? config.locale);
}

export function partyShort(rc: RenderContext, partyId: string): string {
  return rc.profile.parties.find((p) => p.id === partyId)?.short[rc.locale] ?? partyId;
}

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(rc: RenderContext, date: Date): string {
  const key = `${rc.locale}|${rc.timezone}`;
  const cached = DATE_FORMATS.get(key);
  if (cached) return cached.format(date);
  const fmt = new Intl.DateTimeFormat(rc.locale === "ja" ? "ja-JP" : "en-GB", {
    timeZone: rc.timezone,
    year: "numeric",
    month: rc.locale === "ja" ? "2-digit" : "short",
    day: "2-digit",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
  DATE_FORMATS.set(key, fmt);
  return fmt.format(date);
}

/** A Slack user mention for an ID renkei got from Slack or its configuration (never user text). */
export function mentionUser(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : userId;
}

const DAY_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** A calendar day (no time), e.g. 2026/12/19(土) or Sat, 19 Dec 2026. */
export function formatLocalDate(rc: Pick<RenderContext, "locale">, date: LocalDate): string {
  let fmt = DAY_FORMATS.get(rc.locale);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(rc.locale === "ja" ? "ja-JP" : "en-GB", { timeZone: "UTC", year: "numeric", month: rc.locale === "ja" ? "2-digit" : "short", day: "2-digit", weekday: "short" });
    DAY_FORMATS.set(rc.locale, fmt);
  }
  return fmt.format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}
