// The map page in Chromium: time from navigation start until the clusters are drawn, and the
// JavaScript the page loads (compressed, as it crossed the wire).
import { chromium, type Browser, type Page, type Request, type Response } from "@playwright/test";
import { median, onCleanup, sleep } from "./util";

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

/** The system Chromium, closed by cleanupAll() should the bench stop on an error. */
async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
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
  return {
    browser,
    close: async () => {
      unregister();
      await browser.close();
    },
  };
}

export async function measurePage(baseUrl: string, { loads = 3 } = {}): Promise<BrowserResult> {
  const { browser, close } = await launchChromium();
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
    await close();
  }
}

// ---------------------------------------------------------------------------------------------
// A map pan (issue 14): what crosses the wire for data when a person drags the map to a new box.

export type PanRequest = { path: string; bytes: number };

export type PanResult = {
  pans: PanStep[];
  chromiumVersion: string;
};

export type PanStep = {
  /** the bbox in the address bar before and after the drag */
  from: string;
  to: string;
  /** /api/map answers after the drag: count and bytes on the wire (headers and body) */
  mapRequests: number;
  mapBytes: number;
  /** every other request after the drag but tiles: path (with Remix's `_routes`), bytes */
  others: PanRequest[];
  /** a single-fetch request after the drag ran the root loader */
  rootRevalidated: boolean;
};

/** Requests that are the map's own data (/api/map) or its base map (tiles); the rest is counted. */
export function classifyPanRequest(url: string): "map" | "tile" | "other" {
  const { pathname } = new URL(url);
  if (pathname === "/api/map") return "map";
  if (pathname.startsWith("/tiles/")) return "tile";
  return "other";
}

/** Whether a single-fetch data request (`*.data`) ran the root loader: it lists the routes to load
 *  in `_routes`; without it, every route's loader ran. */
export function revalidatesRoot(url: string): boolean {
  const u = new URL(url);
  if (!u.pathname.endsWith(".data") && !u.searchParams.has("_data")) return false;
  const routes = u.searchParams.get("_routes") ?? u.searchParams.get("_data");
  return routes === null || routes.split(",").includes("root");
}

/** Central Borås, a few streets wide. */
const PAN_START_BBOX = "12.92,57.712,12.96,57.73";

const bboxOf = (url: string) => new URL(url).searchParams.get("bbox") ?? "";

/** Waits until no request has been in flight for `quietMs` (at most `timeoutMs`). */
async function networkSettled(inFlight: () => number, quietMs = 500, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    if (inFlight() > 0) quietSince = performance.now();
    else if (performance.now() - quietSince >= quietMs) return;
    await sleep(50);
  }
  throw new Error(`the network did not settle within ${timeoutMs / 1000} s`);
}

async function wireBytes(request: Request): Promise<number> {
  const sizes = await request.sizes();
  return sizes.responseBodySize + sizes.responseHeadersSize;
}

/** Opens the map page on central Borås, waits for its clusters and a quiet network, then drags the map `pans`
 *  times (right, down, left, …), each time waiting for the address bar's bbox to change and the
 *  network to settle, and sorts what was requested after the drag. */
export async function measurePan(baseUrl: string, { pans = 3 } = {}): Promise<PanResult> {
  const { browser, close } = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: "sv-SE",
    });
    const page = await context.newPage();
    let inFlight = 0;
    let recording: Request[] | null = null;
    page.on("request", (r) => {
      inFlight++;
      recording?.push(r);
    });
    page.on("requestfinished", () => inFlight--);
    page.on("requestfailed", () => inFlight--);
    // Zoomed in on the centre: the whole municipality at zoom 9 fills maxBounds, and a drag there
    // moves nothing.
    await page.goto(`${baseUrl}/?bbox=${PAN_START_BBOX}`);
    await page.waitForSelector(CLUSTERS_DRAWN, { state: "attached", timeout: 30_000 });
    await networkSettled(() => inFlight, 1000);

    const steps: PanStep[] = [];
    const moves = [
      [-250, 0],
      [0, -200],
      [250, 0],
      [0, 200],
    ];
    for (let n = 0; n < pans; n++) {
      const from = bboxOf(page.url());
      recording = [];
      await drag(page, moves[n % moves.length]);
      await page.waitForURL((url) => bboxOf(url.href) !== from, { timeout: 10_000 });
      await networkSettled(() => inFlight);
      const requests = recording;
      recording = null;
      const step: PanStep = {
        from,
        to: bboxOf(page.url()),
        mapRequests: 0,
        mapBytes: 0,
        others: [],
        rootRevalidated: requests.some((r) => revalidatesRoot(r.url())),
      };
      for (const r of requests) {
        const kind = classifyPanRequest(r.url());
        if (kind === "tile") continue;
        const bytes = await wireBytes(r);
        if (kind === "map") {
          step.mapRequests++;
          step.mapBytes += bytes;
        } else {
          const u = new URL(r.url());
          const routes = u.searchParams.get("_routes");
          step.others.push({ path: u.pathname + (routes ? `?_routes=${routes}` : ""), bytes });
        }
      }
      steps.push(step);
    }
    await context.close();
    return { pans: steps, chromiumVersion: browser.version() };
  } finally {
    await close();
  }
}

/** A mouse drag across the middle of the map, in steps as a hand would move. */
async function drag(page: Page, [dx, dy]: number[]) {
  const box = await page.locator(".idea-map").boundingBox();
  if (!box) throw new Error(".idea-map is not on the page");
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 12 });
  await page.mouse.up();
}
