// Article references are kept as the memorandum numbers them ("4(2)(i)") and shown in each
// language's legal style: 第4条第2項第1号 in Japanese, Art. 4(2)(i) in English. Catalogue
// messages put "第" / "Art. " in front of {article}; this gives the rest.
import type { Locale } from "./locale";

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 };

/** "4(2)(i)" → ja "4条第2項第1号", en "4(2)(i)". */
export function articleNumber(locale: Locale, ref: string): string {
  if (locale === "en") return ref;
  const m = /^(\d+)(?:\((\d+)\))?(?:\(([ivx]+)\))?$/.exec(ref);
  if (!m) return ref;
  return `${m[1]}条${m[2] ? `第${m[2]}項` : ""}${m[3] ? `第${ROMAN[m[3]] ?? m[3]}号` : ""}`;
}

/** A whole reference: 第4条第2項第1号 / Art. 4(2)(i). */
export function articleLabel(locale: Locale, ref: string): string {
  return locale === "ja" ? `第${articleNumber(locale, ref)}` : `Art. ${ref}`;
}
