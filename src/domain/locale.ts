// The languages of the UI: a domain notion (people and profiles carry texts in each); the
// message catalogue in src/i18n builds on it.
export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
/** A text given in every supported locale. */
export type Localized = Record<Locale, string>;
