import { describe, expect, it } from "vitest";
import { ideaListEntry } from "~/services/idea-list.server";
import {
  dateFormat,
  formatDate,
  formatInteger,
  formatNumber,
  integerSymbols,
  numberFormat,
} from "~/components/format";
import { LANGUAGES } from "~/utils/i18n";

describe("formatters", () => {
  it("writes numbers and dates the way the language does, in Borås's time zone", () => {
    expect(formatNumber(1234, "sv")).toBe("1\u00a0234");
    expect(formatNumber(1234, "en")).toBe("1,234");
    // 23:30 UTC on 1 December is already 2 December in Borås.
    expect(formatDate("2026-12-01T23:30:00Z", "sv")).toBe("2 dec. 2026");
    expect(formatDate("2026-12-01T23:30:00Z", "en")).toBe("Dec 2, 2026");
  });

  it("makes one formatter per language and options, and a new one when either differs", () => {
    expect(numberFormat("sv")).toBe(numberFormat("sv"));
    expect(numberFormat("sv", { maximumFractionDigits: 1 })).toBe(
      numberFormat("sv", { maximumFractionDigits: 1 }),
    );
    expect(numberFormat("sv", { maximumFractionDigits: 1 })).not.toBe(numberFormat("sv"));
    expect(numberFormat("en")).not.toBe(numberFormat("sv"));
    expect(dateFormat("fi", { dateStyle: "short" })).toBe(dateFormat("fi", { dateStyle: "short" }));
    expect(dateFormat("fi", { dateStyle: "short" })).not.toBe(dateFormat("fi"));
  });
});

describe("formatInteger", () => {
  it("writes whole numbers as Intl.NumberFormat does, from the symbols the server sends", () => {
    // The app's languages, and Spanish, which groups only from five digits (groups of three all).
    for (const language of [...LANGUAGES, "es"]) {
      const symbols = integerSymbols(language);
      for (const n of [0, 7, 42, 999, 1000, 8221, 12345, 99999, 123456, 1234567]) {
        expect(formatInteger(n, symbols), `${language} ${n}`).toBe(formatNumber(n, language));
      }
    }
    expect(formatInteger(8221, integerSymbols("sv"))).toBe("8\u00a0221");
  });
});

describe("ideaListEntry", () => {
  it("carries the idea's figures and date written in the page's language", () => {
    const idea = {
      id: 7,
      title: "Cykelbana",
      focusArea: "mobility" as const,
      supports: 1500,
      comments: 3,
      createdAt: "2026-12-01T23:30:00Z",
      excerpt: "…",
      stage: null,
    };
    expect(ideaListEntry(idea, "sv")).toEqual({
      ...idea,
      shown: { supports: "1\u00a0500", comments: "3", createdAt: "2 dec. 2026" },
    });
    expect(ideaListEntry(idea, "en").shown).toEqual({
      supports: "1,500",
      comments: "3",
      createdAt: "Dec 2, 2026",
    });
  });
});
