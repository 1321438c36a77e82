// The base map from our own origin (issue 17): on a server started with a generated MBTiles file,
// and on one whose tiles come from a fake upstream, the browser loads tiles from /tiles/ and asks
// no other origin for anything on the pages with a map. Each test starts its own server on the
// built app (as production-start.spec.ts does), without any network.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { padBounds, tileOfPoint } from "../../app/domain/tiles";
import { makeMbtiles, solidTile, tilesOfArea } from "../support/mbtiles";
import { DEMO, login } from "./support/people";
import { startBuiltServer, type BuiltServer } from "./support/server";

const ATTRIBUTION = "© Testkartan för Borås";
// As in app/domain/geo.ts (which Playwright's loader cannot import: it reads a JSON file).
const BORAS_BOUNDS = { west: 12.633, south: 57.557, east: 13.309, north: 57.934 };
const BORAS_CENTRE = { lat: 57.721, lng: 12.9401 };

/** The compiled server with demo data (demo accounts can sign in outside production). */
function startServer(extraEnv: Record<string, string>): Promise<BuiltServer> {
  return startBuiltServer({
    env: { NODE_ENV: "development", SEED_DEMO: "1", ...extraEnv },
  });
}

/** A browser page on the given server, and every request it makes from now on. */
async function openPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, locale: "sv-SE" });
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  return { page: await context.newPage(), urls, close: () => context.close() };
}

/** Requests that left our origin (data: and blob: are made in the page itself). */
function elsewhere(urls: string[], baseURL: string) {
  return urls.filter(
    (url) => !url.startsWith(`${baseURL}/`) && !/^(data|blob):/.test(url) && url !== baseURL,
  );
}

/** Opens a page and waits until at least one tile from /tiles/ is drawn on its map. */
async function openAndSeeTiles(page: Page, baseURL: string, pathname: string) {
  const tile = page.waitForResponse(
    (r) => r.url().startsWith(`${baseURL}/tiles/`) && r.status() === 200,
  );
  await page.goto(pathname);
  const response = await tile;
  expect(response.headers()["content-type"]).toBe("image/png");
  await expect(page.locator("img.leaflet-tile-loaded").first()).toHaveAttribute(
    "src",
    /^\/tiles\/\d+\/\d+\/\d+\.png$/, // our own origin: the page's relative address
  );
}

test.describe("map tiles from our own origin", () => {
  test("on a tile file: every page with a map loads its tiles from /tiles/ and asks no other origin for anything", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-tiles-file-"));
    const file = path.join(dir, "boras.mbtiles");
    // Borås and what the maps can pan to, zoom 0 to 14 (the idea page's map shows zoom 14).
    const png = await solidTile({ r: 232, g: 226, b: 210 });
    makeMbtiles(file, tilesOfArea(padBounds(BORAS_BOUNDS, 0.5), 0, 14, png), {
      name: "Borås test",
      format: "png",
      attribution: ATTRIBUTION,
    });
    // The upstream is a closed port: were it asked, tiles would fail.
    const server = await startServer({
      MAP_TILES_FILE: file,
      MAP_TILE_URL: "http://127.0.0.1:9/{z}/{x}/{y}.png",
    });
    try {
      const { baseURL } = server;
      const csp = (await fetch(`${baseURL}/`)).headers.get("content-security-policy") ?? "";
      expect(csp).toContain("img-src 'self' data: blob:;");
      expect(csp).not.toMatch(/https?:\/\//);

      const { page, urls, close } = await openPage(browser, baseURL);
      await openAndSeeTiles(page, baseURL, "/");
      await expect(page.locator(".leaflet-control-attribution")).toContainText(ATTRIBUTION);

      // Zoomed in past the file's deepest zoom (14): its tiles are scaled up, none deeper is asked.
      await openAndSeeTiles(page, baseURL, "/?bbox=12.933,57.7203,12.9352,57.7213");
      const zooms = urls
        .filter((url) => url.startsWith(`${baseURL}/tiles/`))
        .map((url) => Number(new URL(url).pathname.split("/")[2]));
      expect(Math.max(...zooms)).toBe(14);
      const drawnWidth = await page
        .locator("img.leaflet-tile-loaded")
        .first()
        .evaluate((img) => img.getBoundingClientRect().width);
      expect(drawnWidth, "a zoom-14 tile drawn larger than 256 px").toBeGreaterThan(256);

      // One idea's page from the list under the map (its own map shows where the idea is).
      const ideaHref = await page
        .locator('a[href^="/ideas/"]')
        .evaluateAll(
          (links) =>
            links
              .map((a) => a.getAttribute("href") ?? "")
              .find((href) => /^\/ideas\/\d+$/.test(href)) ?? "",
        );
      expect(ideaHref).toMatch(/^\/ideas\/\d+$/);
      await openAndSeeTiles(page, baseURL, ideaHref);

      // Signed in: the new-idea form's place picker, and a facilitator's workshop screen.
      await login(page, DEMO.resident);
      await openAndSeeTiles(page, baseURL, "/ideas/new");
      await page.context().clearCookies();
      await login(page, DEMO.facilitator);
      const created = await page.request.post("/workshops", {
        form: { title: "Kartbrickor från oss", dots: "3", place: "navet", publish: "on-close" },
        maxRedirects: 0,
      });
      expect(created.status()).toBe(303);
      const consolePath = created.headers().location ?? "";
      const consoleHtml = await (await page.request.get(consolePath)).text();
      const code = /\/w\/([A-Z0-9]{4,12})\/screen/.exec(consoleHtml)?.[1];
      expect(code, "the console shows the join code").toBeTruthy();
      await openAndSeeTiles(page, baseURL, `/w/${code}/screen`);
      await close();

      expect(urls.filter((url) => url.startsWith(`${baseURL}/tiles/`)).length).toBeGreaterThan(4);
      expect(elsewhere(urls, baseURL), "requests to any other origin").toEqual([]);

      // A tile the file lacks is 404, a bad address 400; a tile is cached for long, with an ETag.
      const tile = urls.find((url) => url.startsWith(`${baseURL}/tiles/`))!;
      const answer = await fetch(tile);
      expect(answer.headers.get("cache-control")).toMatch(/max-age=604800/);
      const etag = answer.headers.get("etag")!;
      expect((await fetch(tile, { headers: { "If-None-Match": etag } })).status).toBe(304);
      expect((await fetch(`${baseURL}/tiles/3/0/0.png`)).status).toBe(404);
      expect((await fetch(`${baseURL}/tiles/3/9/0.png`)).status).toBe(400);
    } finally {
      await server.stop();
    }
  });

  test("from an upstream: the server fetches and caches the tiles, the browser only asks us; a down upstream is a 503 in the person's language", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const png = await solidTile({ r: 200, g: 220, b: 240 });
    const asked: { url: string; userAgent: string }[] = [];
    const upstream = http.createServer((req, res) => {
      asked.push({ url: req.url ?? "", userAgent: req.headers["user-agent"] ?? "" });
      res.writeHead(200, { "Content-Type": "image/png", "Cache-Control": "max-age=86400" });
      res.end(png);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamPort = (upstream.address() as net.AddressInfo).port;
    const server = await startServer({
      MAP_TILE_URL: `http://127.0.0.1:${upstreamPort}/{z}/{x}/{y}.png`,
      MAP_TILE_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-tile-cache-")),
    });
    try {
      const { baseURL } = server;
      const { page, urls, close } = await openPage(browser, baseURL);
      await openAndSeeTiles(page, baseURL, "/");
      await expect(page.locator(".leaflet-control-attribution")).toContainText("OpenStreetMap");
      expect(elsewhere(urls, baseURL), "requests to any other origin").toEqual([]);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((a) => a.userAgent.startsWith("SamskapaBoras/"))).toBe(true);

      // Asked again (not from the browser's cache): from the server's disk, not the upstream.
      const tile = urls.find((url) => url.startsWith(`${baseURL}/tiles/`))!;
      const before = asked.length;
      await Promise.all(Array.from({ length: 10 }, () => fetch(tile)));
      expect(asked.length).toBe(before);

      // The upstream goes away: a tile never fetched before is a 503 with a message.
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
      await close();
      const centre = tileOfPoint(BORAS_CENTRE.lat, BORAS_CENTRE.lng, 17);
      const neverAsked = `${baseURL}/tiles/17/${centre.x}/${centre.y}.png`;
      expect(urls).not.toContain(neverAsked);
      const down = await fetch(neverAsked, { headers: { "Accept-Language": "en" } });
      expect(down.status).toBe(503);
      expect(await down.text()).toMatch(/background map cannot be fetched/);
      // …and the tiles already cached still come.
      expect((await fetch(tile)).status).toBe(200);
    } finally {
      await server.stop();
      upstream.close();
    }
  });
});
