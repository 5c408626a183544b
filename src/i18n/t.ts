import { MESSAGES, type MessageKey } from "./messages";
import type { Locale } from "./locale";

export type Vars = Record<string, string | number>;

/** Looks up a message and fills its {placeholders}. Unknown placeholders are left visible. */
export function t(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  const template: string = MESSAGES[locale][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export type Translator = (key: MessageKey, vars?: Vars) => string;

export function translator(locale: Locale): Translator {
  return (key, vars) => t(locale, key, vars);
}
