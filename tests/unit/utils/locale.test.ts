import { describe, expect, it } from "vitest";
import en from "~/locales/en.json";
import sv from "~/locales/sv.json";
import { getLanguage, languageFromAcceptLanguage } from "~/utils/locale.server";

function keys(object: object, prefix = ""): string[] {
  return Object.entries(object).flatMap(([k, v]) =>
    typeof v === "object" && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe("translations", () => {
  it("has every Swedish key in English, and nothing English alone", () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
  });
  it("has no empty text", () => {
    for (const [name, dict] of Object.entries({ sv, en })) {
      const empty = keys(dict).filter((k) => {
        const value = k.split(".").reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], dict);
        return typeof value !== "string" || value.trim() === "";
      });
      expect(empty, name).toEqual([]);
    }
  });
});

describe("the page's language", () => {
  const request = (url: string, headers: Record<string, string> = {}) => new Request(`http://x${url}`, { headers });

  it("reads Accept-Language by its weights", () => {
    expect(languageFromAcceptLanguage("en-GB,en;q=0.9,sv;q=0.8")).toBe("en");
    expect(languageFromAcceptLanguage("de-DE,de;q=0.9,sv;q=0.5,en;q=0.4")).toBe("sv");
    expect(languageFromAcceptLanguage("de, fr")).toBeNull();
    expect(languageFromAcceptLanguage("en;q=0, sv;q=0.1")).toBe("sv");
  });

  it("prefers ?lang=, then the remembered choice, then Accept-Language, then Swedish", async () => {
    expect(await getLanguage(request("/?lang=en", { "Accept-Language": "sv" }))).toBe("en");
    expect(await getLanguage(request("/", { Cookie: "lang=ImVuIg%3D%3D", "Accept-Language": "sv" }))).toBe("en");
    expect(await getLanguage(request("/", { "Accept-Language": "en-US" }))).toBe("en");
    expect(await getLanguage(request("/"))).toBe("sv");
    expect(await getLanguage(request("/?lang=xx"))).toBe("sv");
  });
});
