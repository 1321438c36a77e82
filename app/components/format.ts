// Dates and numbers through Intl, in the page's language. Making an Intl formatter costs far more
// than using one (on the map page, twenty idea cards made forty: ~75 ms of a phone's main thread
// while the page hydrated), so each language-and-options pair is made once and kept. The options
// are written in the code, and languages are the app's four, so the cache stays small; the cap is
// only a guard.
const MAX_FORMATTERS = 200;
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function kept<F>(cache: Map<string, F>, key: string, make: () => F): F {
  let formatter = cache.get(key);
  if (!formatter) {
    if (cache.size >= MAX_FORMATTERS) cache.clear();
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** The kept Intl.DateTimeFormat for a language and options. */
export function dateFormat(language: string, options: Intl.DateTimeFormatOptions = {}) {
  return kept(
    dateFormats,
    `${language}\u0000${JSON.stringify(options)}`,
    () => new Intl.DateTimeFormat(language, options),
  );
}

/** The kept Intl.NumberFormat for a language and options. */
export function numberFormat(language: string, options: Intl.NumberFormatOptions = {}) {
  return kept(
    numberFormats,
    `${language}\u0000${JSON.stringify(options)}`,
    () => new Intl.NumberFormat(language, options),
  );
}

const DATE: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone: "Europe/Stockholm" };

export function formatDate(iso: string, language: string) {
  return dateFormat(language, DATE).format(new Date(iso));
}

export function formatNumber(value: number, language: string) {
  return numberFormat(language).format(value);
}
