// Which language a request gets: ?lang= (then remembered in a cookie), the cookie, Accept-Language.
import { createCookie } from "@remix-run/node";
import ar from "~/locales/ar.json";
import en from "~/locales/en.json";
import fi from "~/locales/fi.json";
import sv from "~/locales/sv.json";
import { createI18n, DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from "~/utils/i18n";

// Swedish is the source: the others have every key it has (a unit test holds them to it).
export const translations = { sv, en, fi, ar } as unknown as Record<Language, typeof sv>;

export const languageCookie = createCookie("lang", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/** The best supported language in an Accept-Language header, by its q-values. */
export function languageFromAcceptLanguage(header: string | null): Language | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, order) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { base: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q.slice(2)) : 1, order };
    })
    .filter((r) => Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return (ranked.find((r) => isLanguage(r.base))?.base as Language | undefined) ?? null;
}

export function languageFromQuery(request: Request): Language | null {
  const lang = new URL(request.url).searchParams.get("lang");
  return isLanguage(lang) ? lang : null;
}

export async function getLanguage(request: Request): Promise<Language> {
  const fromQuery = languageFromQuery(request);
  if (fromQuery) return fromQuery;
  const fromCookie = await languageCookie.parse(request.headers.get("Cookie"));
  if (isLanguage(fromCookie)) return fromCookie;
  return languageFromAcceptLanguage(request.headers.get("Accept-Language")) ?? DEFAULT_LANGUAGE;
}

const rememberedHeaders = new Map<Language, { second: number; header: string }>();

/**
 * A Set-Cookie value when a request chose a language with ?lang= (its value), so that it is
 * remembered. Made at most once a second per language (its Expires counts in seconds): serializing
 * the cookie was part of a page's fixed cost for every answer asked with ?lang= (issue 14).
 */
export async function rememberLanguageHeader(lang: unknown): Promise<string | null> {
  const made = rememberedLanguageHeader(lang);
  if (made !== undefined) return made;
  const header = await languageCookie.serialize(lang);
  rememberedHeaders.set(lang as Language, { second: Math.floor(Date.now() / 1000), header });
  return header;
}

/**
 * rememberLanguageHeader's answer without a wait when it is known already (null: no language
 * chosen; the header: made this second), or undefined when it must be made.
 */
export function rememberedLanguageHeader(lang: unknown): string | null | undefined {
  if (!isLanguage(lang)) return null;
  const made = rememberedHeaders.get(lang);
  return made?.second === Math.floor(Date.now() / 1000) ? made.header : undefined;
}

const serverInstances = new Map<Language, ReturnType<typeof createI18n>>();

/**
 * The server's i18next instance for a language (one per language, never switched: safe to share
 * between requests). entry.server renders every page with the request's.
 */
export function i18nFor(language: Language) {
  let instance = serverInstances.get(language);
  if (!instance) {
    instance = rememberPlainStrings(createI18n(language, translations[language]));
    serverInstances.set(language, instance);
  }
  return instance;
}

type I18n = ReturnType<typeof createI18n>;
type FixedT = ReturnType<I18n["getFixedT"]>;

/** Plain strings kept per language and namespace: the keys come from our code, a few hundred. */
const PLAIN_STRINGS_KEPT = 5_000;

/**
 * An instance whose translate functions (what useTranslation gets) look a plain string — a key
 * without options — up once: i18next's own copies its whole options object on every call, ~0.5 ms
 * of a page's render (issue 14's profile). The strings never change while the server runs. A key
 * with options (counts, values) or a key prefix goes to i18next as before.
 */
export function rememberPlainStrings(instance: I18n): I18n {
  const getFixedT = instance.getFixedT.bind(instance);
  const tables = new Map<string, Map<string, string>>();
  instance.getFixedT = ((...args: Parameters<I18n["getFixedT"]>) => {
    const fixedT = getFixedT(...args);
    const [lng, ns, keyPrefix] = args;
    if (keyPrefix !== undefined) return fixedT;
    const tableName = `${String(lng)}\u0000${String(ns)}`;
    let table = tables.get(tableName);
    if (!table) tables.set(tableName, (table = new Map()));
    const remembered = table;
    const t = (key: unknown, ...rest: unknown[]) => {
      if (rest.length > 0 || typeof key !== "string")
        return (fixedT as unknown as (...a: unknown[]) => string)(key, ...rest);
      let text = remembered.get(key);
      if (text === undefined) {
        text = String(fixedT(key));
        if (remembered.size < PLAIN_STRINGS_KEPT) remembered.set(key, text);
      }
      return text;
    };
    return Object.assign(t, fixedT) as unknown as FixedT; // its lng, ns and keyPrefix too
  }) as I18n["getFixedT"];
  return instance;
}

/** A translate function for loaders and actions (page titles, messages). */
export async function getFixedT(request: Request) {
  const language = await getLanguage(request);
  const instance = i18nFor(language);
  return { t: instance.t.bind(instance), language };
}

export { LANGUAGES };

const scripts = new Map<Language, string>();

/** A language's strings as a script that hands them to the browser's i18next (entry.client); null for no language of ours. */
export function stringsScript(language: unknown): string | null {
  if (!isLanguage(language)) return null;
  let script = scripts.get(language);
  if (!script) {
    // JSON is a JavaScript expression; this is a file of its own, so no "</script>" can end it early.
    script = `(window.__samskapaStrings ||= {})[${JSON.stringify(language)}] = ${JSON.stringify(translations[language])};\n`;
    scripts.set(language, script);
  }
  return script;
}
