// Console errors and page errors a journey must not cause.
import type { ConsoleMessage, Page } from "@playwright/test";

/**
 * Remix's single fetch logs the AbortError itself (single-fetch.js, fetchAndDecode) when a
 * navigation interrupts a live refresh while its body is being decoded; the router then drops
 * the aborted answer and nothing shows. Only Chromium's two messages for that abort (before the
 * body came, or while it was being read), created by a navigation, are let through.
 */
export function isInterruptedRefresh(message: ConsoleMessage) {
  const text = message.text();
  return (
    /^AbortError: (signal is aborted without reason|BodyStreamBuffer was aborted)/.test(text) &&
    /\bnavigate\b/.test(text)
  );
}

/**
 * Collects console errors and page errors, except tiles that cannot load here (the test tiles point
 * at a closed port). `into` gathers several pages' problems in one list (a journey over several
 * phones); `allow` lets through an error the test expects.
 */
export function watchConsole(
  page: Page,
  options: { into?: string[]; allow?: (message: ConsoleMessage) => boolean } = {},
) {
  const problems = options.into ?? [];
  page.on("pageerror", (error) => problems.push(`pageerror on ${page.url()}: ${error.message}`));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    const where = message.location().url;
    if (where.startsWith("http://127.0.0.1:9/")) return;
    if (isInterruptedRefresh(message)) return;
    // A 404 page is answered with status 404, which Chromium reports as a failed resource.
    if (/status of 404/.test(message.text()) && /no-such-page|privacy/.test(where)) return;
    if (options.allow?.(message)) return;
    problems.push(`console.error on ${page.url()}: ${message.text()} (${where})`);
  });
  return problems;
}
