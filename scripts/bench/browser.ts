// The map page in Chromium: time from navigation start until the clusters are drawn, and the
// JavaScript the page loads (compressed, as it crossed the wire).
import { chromium, type Response } from "@playwright/test";
import { median, onCleanup } from "./util";

const CLUSTERS_DRAWN = ".idea-map[data-ideas-loaded='true'] .leaflet-marker-icon";

export type PageLoad = {
  /** navigation start → the selector above matches (performance.now() in the page) */
  clustersMs: number;
  /** navigation start → first byte of the HTML */
  documentTtfbMs: number;
};

export type BrowserResult = {
  loads: PageLoad[];
  clustersMedianMs: number;
  scripts: {
    count: number;
    encodedBytes: number;
    decodedBytes: number;
    largest: { url: string; bytes: number }[];
  };
  chromiumVersion: string;
};

// Runs in the page before its own scripts: records when the clusters first appear. A string, not a
// function: tsx compiles functions with helpers (__name) that do not exist in the page.
const OBSERVE_CLUSTERS = `(() => {
  const selector = ${JSON.stringify(CLUSTERS_DRAWN)};
  const observer = new MutationObserver(() => {
    if (window.__clustersDrawnAt === undefined && document.querySelector(selector)) {
      window.__clustersDrawnAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-ideas-loaded"] });
})();`;

export async function measurePage(baseUrl: string, { loads = 3 } = {}): Promise<BrowserResult> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  const unregister = onCleanup(() => browser.close());
  try {
    const results: PageLoad[] = [];
    let scripts: BrowserResult["scripts"] = {
      count: 0,
      encodedBytes: NaN,
      decodedBytes: NaN,
      largest: [],
    };
    for (let n = 0; n < loads; n++) {
      // A fresh context each time: no HTTP cache, no cookies.
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: "sv-SE",
      });
      try {
        const page = await context.newPage();
        await page.addInitScript({ content: OBSERVE_CLUSTERS });
        const scriptResponses: Response[] = [];
        const problems: string[] = [];
        page.on("response", (r) => {
          if (r.request().resourceType() === "script") scriptResponses.push(r);
          if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
        });
        page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
        page.on("console", (m) => {
          if (m.type() === "error") problems.push(`console: ${m.text()}`);
        });
        await page.goto(`${baseUrl}/`, { waitUntil: "commit" });
        try {
          await page.waitForSelector(CLUSTERS_DRAWN, { state: "attached", timeout: 30_000 });
        } catch (error) {
          // Say what the page showed instead, so that a changed page is quick to diagnose.
          const state = await page
            .evaluate(() => {
              const map = document.querySelector(".idea-map");
              return (
                `.idea-map ${map ? `found (data-ideas-loaded=${map.getAttribute("data-ideas-loaded")})` : "missing"}, ` +
                `${document.querySelectorAll(".leaflet-marker-icon").length} .leaflet-marker-icon`
              );
            })
            .catch(() => "page state unknown");
          throw new Error(
            `clusters not drawn within 30 s: ${state}; ${problems.slice(0, 5).join("; ") || "no errors seen"}`,
            {
              cause: error,
            },
          );
        }
        const timing = await page.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0] as
            PerformanceNavigationTiming | undefined;
          return {
            clustersMs:
              (window as unknown as { __clustersDrawnAt?: number }).__clustersDrawnAt ?? NaN,
            documentTtfbMs: nav ? nav.responseStart - nav.startTime : NaN,
          };
        });
        if (!Number.isFinite(timing.clustersMs))
          throw new Error(`the clusters' timing was not recorded: ${problems.join("; ")}`);
        results.push(timing);

        if (n === 0) {
          // Anything the page loads a moment later (lazy chunks) counts too.
          await page.waitForLoadState("networkidle", { timeout: 5000 }).catch(() => undefined);
          const sized = await Promise.all(
            scriptResponses.map(async (r) => {
              const sizes = await r.request().sizes();
              const body = await r.body().catch(() => Buffer.alloc(0));
              return {
                url: new URL(r.url()).pathname,
                encoded: sizes.responseBodySize,
                decoded: body.length,
              };
            }),
          );
          scripts = {
            count: sized.length,
            encodedBytes: sized.reduce((sum, s) => sum + s.encoded, 0),
            decodedBytes: sized.reduce((sum, s) => sum + s.decoded, 0),
            largest: sized
              .sort((a, b) => b.encoded - a.encoded)
              .slice(0, 3)
              .map((s) => ({ url: s.url, bytes: s.encoded })),
          };
        }
      } finally {
        await context.close();
      }
    }
    return {
      loads: results,
      clustersMedianMs: median(results.map((r) => r.clustersMs)),
      scripts,
      chromiumVersion: browser.version(),
    };
  } finally {
    unregister();
    await browser.close();
  }
}
