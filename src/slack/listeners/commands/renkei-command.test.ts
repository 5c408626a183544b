import { describe, expect, it } from "vitest";
import { LOCALES } from "../../../i18n/locale";
import { t } from "../../../i18n/t";
import { SUBCOMMANDS } from "./renkei-command";

describe("/renkei's table of sub-commands", () => {
  it("has one entry per name, and the help has one line per entry that names it", () => {
    const names = SUBCOMMANDS.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const locale of LOCALES) {
      for (const s of SUBCOMMANDS) expect(t(locale, s.help), `${locale} ${s.name}`).toMatch(new RegExp(`^\\*\`/renkei ${s.name}\\b`));
    }
  });
});
