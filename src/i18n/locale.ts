export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
/** A text given in every supported locale. */
export type Localized = Record<Locale, string>;
