import { describe, expect, it } from "vitest";
import ar from "~/locales/ar.json";
import en from "~/locales/en.json";
import fi from "~/locales/fi.json";
import sv from "~/locales/sv.json";
import { createI18n, LANGUAGES } from "~/utils/i18n";
import {
  getLanguage,
  languageFromAcceptLanguage,
  rememberPlainStrings,
  stringsScript,
  translations,
} from "~/utils/locale.server";

function keys(object: object, prefix = ""): string[] {
  return Object.entries(object).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** Plural keys compare by their base: Arabic needs six forms where Swedish has two. */
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, "");
const PLACEHOLDER = /\{\{(\w+)\}\}/g;

function valueOf(dict: object, key: string): unknown {
  return key.split(".").reduce<unknown>((o, part) => (o as Record<string, unknown>)?.[part], dict);
}

describe("translations", () => {
  it("has every Swedish key in English, and nothing English alone", () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
  });
  it.each([
    ["fi", fi, ["one", "other"]],
    ["ar", ar, ["zero", "one", "two", "few", "many", "other"]],
  ] as const)(
    "has every Swedish key in %s, with the plural forms the language needs",
    (_, dict, forms) => {
      const theirs = new Set(keys(dict));
      const missing: string[] = [];
      for (const key of keys(sv)) {
        if (/_(one|other)$/.test(key)) {
          for (const form of forms)
            if (!theirs.has(`${base(key)}_${form}`)) missing.push(`${base(key)}_${form}`);
        } else if (!theirs.has(key)) missing.push(key);
      }
      expect([...new Set(missing)]).toEqual([]);
      const ours = new Set(keys(sv).map(base));
      expect(keys(dict).filter((k) => !ours.has(base(k)))).toEqual([]);
    },
  );
  it("keeps every placeholder of the Swedish text in every language", () => {
    const problems: string[] = [];
    for (const [name, dict] of Object.entries({ en, fi, ar })) {
      for (const key of keys(sv)) {
        const wanted = [...String(valueOf(sv, key)).matchAll(PLACEHOLDER)]
          .map((m) => m[1])
          .filter((p) => p !== "count" && p !== "formatted");
        const candidates = /_(one|other)$/.test(key)
          ? keys(dict).filter((k) => base(k) === base(key))
          : [key];
        for (const k of candidates) {
          const text = String(valueOf(dict, k));
          for (const p of wanted)
            if (!text.includes(`{{${p}}}`)) problems.push(`${name}:${k} lacks {{${p}}}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
  it("uses no placeholder that i18next reads as its own option (the text would show its raw key)", () => {
    // t("idea.coordinates", { lng }) switched the language to the longitude and printed "idea.coordinates".
    const reserved = new Set([
      "lng",
      "lngs",
      "ns",
      "context",
      "defaultValue",
      "fallbackLng",
      "keySeparator",
      "nsSeparator",
      "returnObjects",
      "joinArrays",
      "postProcess",
      "interpolation",
      "replace",
      "ordinal",
    ]);
    const misused: string[] = [];
    for (const [name, dict] of Object.entries({ sv, en, fi, ar })) {
      for (const key of keys(dict)) {
        for (const [, p] of String(valueOf(dict, key)).matchAll(PLACEHOLDER))
          if (reserved.has(p)) misused.push(`${name}:${key} {{${p}}}`);
      }
    }
    expect(misused).toEqual([]);
  });
  it("has no empty text", () => {
    for (const [name, dict] of Object.entries({ sv, en, fi, ar })) {
      const empty = keys(dict).filter((k) => {
        const value = valueOf(dict, k);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty, name).toEqual([]);
    }
  });
});

describe("the page's language", () => {
  const request = (url: string, headers: Record<string, string> = {}) =>
    new Request(`http://x${url}`, { headers });

  it("reads Accept-Language by its weights", () => {
    expect(languageFromAcceptLanguage("en-GB,en;q=0.9,sv;q=0.8")).toBe("en");
    expect(languageFromAcceptLanguage("de-DE,de;q=0.9,sv;q=0.5,en;q=0.4")).toBe("sv");
    expect(languageFromAcceptLanguage("de, fr")).toBeNull();
    expect(languageFromAcceptLanguage("en;q=0, sv;q=0.1")).toBe("sv");
  });

  it("prefers ?lang=, then the remembered choice, then Accept-Language, then Swedish", async () => {
    expect(await getLanguage(request("/?lang=en", { "Accept-Language": "sv" }))).toBe("en");
    expect(
      await getLanguage(request("/", { Cookie: "lang=ImVuIg%3D%3D", "Accept-Language": "sv" })),
    ).toBe("en");
    expect(await getLanguage(request("/", { "Accept-Language": "en-US" }))).toBe("en");
    expect(await getLanguage(request("/"))).toBe("sv");
    expect(await getLanguage(request("/?lang=xx"))).toBe("sv");
  });
});

describe("stringsScript", () => {
  it("hands the browser exactly its language's strings, beside others already loaded", () => {
    const window = { __samskapaStrings: { sv: { loaded: "before" } } } as Record<string, unknown>;
    new Function("window", stringsScript("ar")!)(window);
    expect(window.__samskapaStrings).toEqual({ sv: { loaded: "before" }, ar });
    const fresh = {} as Record<string, unknown>;
    new Function("window", stringsScript("sv")!)(fresh);
    expect(fresh.__samskapaStrings).toEqual({ sv });
  });

  it("knows no other language, and nothing from a path can reach the script", () => {
    for (const language of ["de", "", "sv.js", "__proto__", undefined])
      expect(stringsScript(language)).toBeNull();
  });
});

describe("rememberPlainStrings", () => {
  it.each(LANGUAGES)(
    "gives in %s every string i18next gives, the first time and the next",
    (lng) => {
      const own = createI18n(lng, translations[lng]).getFixedT(null, "translation");
      const remembered = rememberPlainStrings(createI18n(lng, translations[lng]));
      const t = remembered.getFixedT(null, "translation");
      for (const key of [...keys(translations[lng]), "no.such.key", "nav"]) {
        expect(t(key), key).toBe(own(key));
        expect(t(key), key).toBe(own(key));
      }
      // A function of another render still gives the same strings.
      expect(remembered.getFixedT(null, "translation")("nav.skipToContent")).toBe(
        own("nav.skipToContent"),
      );
    },
  );

  it("leaves keys with options (counts, values) and key prefixes to i18next", () => {
    const remembered = rememberPlainStrings(createI18n("sv", translations.sv));
    const t = remembered.getFixedT(null, "translation");
    expect(t("nav.unread", { count: 1 })).toBe("(1 ny)");
    expect(t("nav.unread", { count: 3 })).not.toBe("(1 ny)");
    expect(t("nav.unread", { count: 3 })).toContain("3");
    const prefixed = remembered.getFixedT(null, "translation", "nav");
    expect(prefixed("skipToContent")).toBe(t("nav.skipToContent"));
  });
});
