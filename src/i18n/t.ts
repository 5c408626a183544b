import { MESSAGES, type MessageKey } from "./messages";
import type { Locale } from "./locale";

export type Vars = Record<string, string | number>;

/**
 * Looks up a message and fills its {placeholders}. Unknown placeholders are left visible.
 * A word that depends on a number is written `{count:one|other}` ("{count} {count:person|people}"):
 * the first form when the number is 1, the second otherwise. Japanese needs none ("{count}名").
 */
export function t(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  const template: string = MESSAGES[locale][key];
  return template.replace(/\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in vars)) return whole;
    if (one === undefined) return String(vars[name]);
    return Number(vars[name]) === 1 ? one : (other ?? "");
  });
}

export type Translator = (key: MessageKey, vars?: Vars) => string;

export function translator(locale: Locale): Translator {
  return (key, vars) => t(locale, key, vars);
}
