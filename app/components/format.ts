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

/**
 * How a language writes a whole number: its ten digits, its group separator, and from how many
 * digits it groups. Made on the server (root loader) so that the map can write its counts in the
 * browser without an Intl.NumberFormat: the browser's first one cost ~38 ms of this machine's main
 * thread (~150 ms on a phone), one long task as the map's first markers were drawn (issue 14).
 */
export type IntegerSymbols = { digits: string[]; group: string; groupFrom: number };

const integerSymbolsKept = new Map<string, IntegerSymbols>();

/** Kept per language: the root loader asks on every page. */
export function integerSymbols(language: string): IntegerSymbols {
  return kept(integerSymbolsKept, language, () => makeIntegerSymbols(language));
}

function makeIntegerSymbols(language: string): IntegerSymbols {
  const format = numberFormat(language);
  const groupOf = (n: number) =>
    format.formatToParts(n).find((part) => part.type === "group")?.value;
  const fromFour = groupOf(1000);
  return {
    digits: Array.from({ length: 10 }, (_, d) => format.format(d)),
    group: fromFour ?? groupOf(10000) ?? "",
    // (a language that never groups has no separator: groupFrom is then not read)
    groupFrom: fromFour ? 4 : 5,
  };
}

/** A whole number (>= 0) as integerSymbols' language writes it (groups of three). */
export function formatInteger(value: number, symbols: IntegerSymbols): string {
  const plain = String(Math.max(0, Math.round(value)));
  const digits = Array.from(plain, (d) => symbols.digits[Number(d)]);
  if (!symbols.group || plain.length < symbols.groupFrom) return digits.join("");
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3)
    groups.unshift(digits.slice(Math.max(0, end - 3), end).join(""));
  return groups.join(symbols.group);
}
