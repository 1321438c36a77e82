// Dates and numbers through Intl, in the page's language.
export function formatDate(iso: string, language: string) {
  return new Intl.DateTimeFormat(language, {
    dateStyle: "medium",
    timeZone: "Europe/Stockholm",
  }).format(new Date(iso));
}

export function formatNumber(value: number, language: string) {
  return new Intl.NumberFormat(language).format(value);
}
