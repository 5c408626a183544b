// The locales are defined in the domain; the catalogue speaks of them from here too.
export { LOCALES, type Locale, type Localized } from "../domain/locale";
