// Console errors and page errors a journey must not cause.
import type { ConsoleMessage, Page } from "@playwright/test";

/** Collects console errors and page errors, except tiles that cannot load here (the test tiles point at a closed port). */
export function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error") return;
    const where = message.location().url;
    if (where.startsWith("http://127.0.0.1:9/")) return;
    // A 404 page is answered with status 404, which Chromium reports as a failed resource.
    if (/status of 404/.test(message.text()) && /no-such-page|privacy/.test(where)) return;
    problems.push(`console.error on ${page.url()}: ${message.text()} (${where})`);
  });
  return problems;
}
