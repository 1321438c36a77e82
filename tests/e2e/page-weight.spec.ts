// What a phone downloads before it can show the map page (issue 14's Lighthouse goal): only the
// app's own stylesheet holds up the first paint, and every script it is told to fetch has code in
// it (no empty stand-ins for server modules). The map's stylesheet comes with the map.
import { expect, test } from "@playwright/test";
import { watchConsole } from "./support/console";

const MAP_PAGES = ["/", "/ideas/1", "/actions"];

test("the pages' first paint waits for one stylesheet and no empty scripts", async ({
  request,
}) => {
  for (const path of MAP_PAGES) {
    const html = await (await request.get(path)).text();
    const stylesheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(stylesheets, `${path}: render-blocking stylesheets`).toEqual([
      expect.stringMatching(/^\/build\/_assets\/app-[A-Z0-9]+\.css$/),
    ]);
    const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(preloads.length, `${path}: scripts preloaded`).toBeGreaterThan(3);
    for (const src of preloads) {
      const code = await (await request.get(src)).text();
      // Remix's compiler stands in `module.exports = {}` for each `.server` module a route
      // imports; unpatched, each became a request of its own (scripts/patches/, decision 020).
      expect(code, `${path}: ${src} is an empty module`).not.toMatch(/exports=\{\}\}\);export/);
    }
  }
});

test("pages whose forms are checked on the server only load neither zod nor conform", async ({
  request,
}) => {
  // The idea page's forms (comment, report, support) and the public action pages have no
  // validation in the browser: their scripts once carried zod and conform (~25 KB gzip) because a
  // module the action alone used builds schemas at its top (issue 8; app/utils/idea-form.server.ts).
  for (const path of [...MAP_PAGES, "/answers", "/open-data"]) {
    const html = await (await request.get(path)).text();
    const scripts = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(scripts.length, `${path}: scripts preloaded`).toBeGreaterThan(3);
    for (const src of scripts) {
      const code = await (await request.get(src)).text();
      expect(code, `${path}: ${src} holds zod`).not.toContain("ZodError");
      expect(code, `${path}: ${src} holds conform`).not.toContain("dataset.conform");
    }
  }
  // …and a page that checks its form in the browser still does (the test can tell).
  const html = await (await request.get("/login")).text();
  const codes = await Promise.all(
    [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map(async (m) =>
      (await request.get(m[1])).text(),
    ),
  );
  expect(codes.some((code) => code.includes("ZodError"))).toBe(true);
});

test("the map still gets Leaflet's styles when it shows, once, on every map page", async ({
  page,
}) => {
  const problems = watchConsole(page);
  await page.goto("/");
  const map = page.locator(".idea-map.leaflet-container");
  await expect(map).toBeVisible();
  // leaflet.css positions the panes; without it the zoom control would sit in the page's flow.
  await expect(page.locator(".leaflet-control-container .leaflet-top").first()).toHaveCSS(
    "position",
    "absolute",
  );
  await expect(map).toHaveCSS("overflow", "hidden");
  // A client-side visit to another map page adds no second copy.
  await page.locator(".idea-cards > li a").first().click();
  await expect(page.locator(".location-map.leaflet-container")).toBeVisible();
  await expect(page.locator('link[rel="stylesheet"][href*="leaflet"]')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test("pages and exports come gzipped to a browser, as they are to a client that refuses gzip", async ({
  request,
}) => {
  for (const path of ["/?lang=ar", "/ideas/1", "/open-data/ideas.csv"]) {
    const gzipped = await request.get(path, { headers: { "Accept-Encoding": "gzip, br" } });
    expect(gzipped.status(), path).toBe(200);
    expect(gzipped.headers()["content-encoding"], path).toBe("gzip");
    expect(gzipped.headers()["vary"], path).toMatch(/Accept-Encoding/i);
    const plain = await request.get(path, { headers: { "Accept-Encoding": "gzip;q=0" } });
    expect(plain.headers()["content-encoding"], path).toBeUndefined();
    // The same content either way (Playwright unpacks the gzipped one).
    const text = await plain.text();
    expect(text.length, path).toBeGreaterThan(1000);
    if (path.endsWith(".csv")) expect(await gzipped.text()).toBe(text);
    else expect(await gzipped.text()).toContain("</html>");
  }
  // The map's own door (before Remix) reads Accept-Encoding the same way.
  const map = "/api/map?bbox=12.5,57.5,13.3,58.0&zoom=10";
  const mapGzipped = await request.get(map, { headers: { "Accept-Encoding": "gzip" } });
  expect(mapGzipped.headers()["content-encoding"]).toBe("gzip");
  const mapPlain = await request.get(map, { headers: { "Accept-Encoding": "gzip;q=0, br" } });
  expect(mapPlain.headers()["content-encoding"]).toBeUndefined();
  expect(await mapPlain.json()).toEqual(await mapGzipped.json());
});
