// Tiles fetched from an upstream tile server (a fake one on 127.0.0.1) and cached on disk:
// caching with the upstream's headers, one fetch per tile, a few fetches at a time, and a 503 in
// the person's language when the upstream is down.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamTiles, type UpstreamOptions } from "~/services/tile-upstream.server";
import { answerTileRequest } from "~/services/tiles.server";
import { solidTile } from "../../support/mbtiles";

type Seen = { url: string; headers: http.IncomingHttpHeaders };
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let png: Buffer;
let server: http.Server;
let base = "";
let handler: Handler;
let seen: Seen[] = [];
let active = 0;
let mostAtOnce = 0;

const DAY = 24 * 60 * 60 * 1000;
const servePng =
  (headers: Record<string, string> = {}, delayMs = 0): Handler =>
  (req, res) => {
    setTimeout(() => {
      res.writeHead(200, { "Content-Type": "image/png", ...headers }).end(png);
    }, delayMs);
  };

beforeAll(async () => {
  png = await solidTile({ r: 0, g: 90, b: 160 });
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    active++;
    mostAtOnce = Math.max(mostAtOnce, active);
    res.on("close", () => active--);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  active = 0;
  mostAtOnce = 0;
  handler = servePng();
});

function upstream(options: Partial<UpstreamOptions> = {}) {
  return new UpstreamTiles({
    urlTemplate: `${base}/{z}/{x}/{y}.png`,
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-tile-cache-")),
    userAgent: "SamskapaBoras/test (+http://localhost)",
    ...options,
  });
}

const tile = { z: 14, x: 8780, y: 4958 };

describe("the upstream tile cache", () => {
  it("fetches a tile once with an identifying User-Agent, then serves it from disk, after a restart too", async () => {
    const tiles = upstream();
    const first = await tiles.get(tile);
    expect(first).toMatchObject({ status: "ok", contentType: "image/png", stale: false });
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe("/14/8780/4958.png");
    expect(seen[0].headers["user-agent"]).toBe("SamskapaBoras/test (+http://localhost)");
    expect(seen[0].headers.cookie).toBeUndefined();

    expect(await tiles.get(tile)).toMatchObject({
      status: "ok",
      etag: (first as { etag: string }).etag,
    });
    const restarted = new UpstreamTiles({ ...tiles.options });
    expect(await restarted.get(tile)).toMatchObject({ status: "ok" });
    expect(seen).toHaveLength(1);
  });

  it("makes one upstream fetch for many requests of the same tile at once", async () => {
    handler = servePng({}, 100);
    const tiles = upstream();
    const answers = await Promise.all(Array.from({ length: 25 }, () => tiles.get(tile)));
    expect(answers.every((a) => a.status === "ok")).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it("fetches no more than its cap at once, and the rest wait their turn", async () => {
    handler = servePng({}, 80);
    const tiles = upstream({ concurrency: 3 });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => tiles.get({ z: 14, x: 8770 + i, y: 4958 })),
    );
    expect(answers.every((a) => a.status === "ok")).toBe(true);
    expect(seen).toHaveLength(12);
    expect(mostAtOnce).toBe(3);
  });

  it("tells those past a full waiting line to come back (busy), without asking the upstream", async () => {
    handler = servePng({}, 150);
    const tiles = upstream({ concurrency: 1, queueLimit: 2 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => tiles.get({ z: 14, x: 8770 + i, y: 4958 })),
    );
    expect(answers.filter((a) => a.status === "ok")).toHaveLength(3);
    expect(answers.filter((a) => a.status === "unavailable" && a.reason === "busy")).toHaveLength(
      3,
    );
    expect(seen).toHaveLength(3);
  });

  it("keeps a tile at least 7 days, longer when the upstream says so, and then asks again with its ETag", async () => {
    let now = Date.parse("2026-12-01T12:00:00Z");
    handler = servePng({ "Cache-Control": "max-age=60", ETag: '"up-1"' });
    const short = upstream({ now: () => now });
    await short.get(tile);
    now += 6 * DAY;
    await short.get(tile);
    expect(seen).toHaveLength(1); // 60 s upstream, but 7 days here

    now += 2 * DAY;
    handler = (req, res) => {
      if (req.headers["if-none-match"] === '"up-1"') res.writeHead(304).end();
      else servePng()(req, res);
    };
    expect(await short.get(tile)).toMatchObject({ status: "ok", stale: false });
    expect(seen).toHaveLength(2);
    expect(seen[1].headers["if-none-match"]).toBe('"up-1"');
    now += 6 * DAY;
    await short.get(tile);
    expect(seen).toHaveLength(2); // the 304 made it fresh for another 7 days

    seen = [];
    handler = servePng({ "Cache-Control": "public, max-age=2592000" }); // 30 days
    const long = upstream({ now: () => now });
    await long.get(tile);
    now += 20 * DAY;
    await long.get(tile);
    expect(seen).toHaveLength(1);
    now += 11 * DAY;
    await long.get(tile);
    expect(seen).toHaveLength(2);
  });

  it("serves its old copy while the upstream is down, and says so with a short browser cache", async () => {
    let now = Date.parse("2026-12-01T12:00:00Z");
    const tiles = upstream({ now: () => now });
    await tiles.get(tile);
    now += 8 * DAY;
    handler = (req, res) => res.writeHead(502).end("bad gateway");
    expect(await tiles.get(tile)).toMatchObject({ status: "ok", stale: true });
    const reply = await answerTileRequest(
      {
        z: "14",
        x: "8780",
        file: "4958.png",
        ifNoneMatch: null,
        acceptsGzip: true,
        request: () => new Request("http://localhost/tiles/14/8780/4958.png"),
      },
      { kind: "upstream", format: "png", upstream: tiles },
    );
    expect(reply.status).toBe(200);
    expect(reply.headers["Cache-Control"]).toBe("public, max-age=300");
  });

  it("answers 503 in the person's language when the upstream is down and nothing is cached, and stops asking it for a while", async () => {
    handler = (req, res) => res.writeHead(503).end();
    const tiles = upstream({ downForMs: 60_000 });
    const ask = (language: string) =>
      answerTileRequest(
        {
          z: "14",
          x: "8780",
          file: "4958.png",
          ifNoneMatch: null,
          acceptsGzip: true,
          request: () =>
            new Request("http://localhost/tiles/14/8780/4958.png", {
              headers: { "Accept-Language": language },
            }),
        },
        { kind: "upstream", format: "png", upstream: tiles },
      );
    const swedish = await ask("sv-SE");
    expect(swedish.status).toBe(503);
    expect(swedish.headers["Cache-Control"]).toBe("no-store");
    expect(swedish.headers["Retry-After"]).toBe("30");
    expect(swedish.body).toMatch(/^Kartbakgrunden kan inte hämtas just nu/);
    const english = await ask("en");
    expect(english.status).toBe(503);
    expect(english.body).toMatch(/^The background map cannot be fetched right now/);
    expect(seen).toHaveLength(1); // the second did not wait for a down upstream
  });

  it("gives up on an upstream that does not answer in time, and on one that cannot be reached", async () => {
    handler = () => {}; // never answers
    const slow = upstream({ timeoutMs: 200 });
    const started = performance.now();
    expect(await slow.get(tile)).toEqual({ status: "unavailable", reason: "down" });
    expect(performance.now() - started).toBeLessThan(2_000);

    const closed = upstream({ urlTemplate: "http://127.0.0.1:9/{z}/{x}/{y}.png" });
    expect(await closed.get(tile)).toEqual({ status: "unavailable", reason: "down" });
  });

  it("takes a 200 that is not an image (a captive portal's page) as down, and caches nothing", async () => {
    handler = (req, res) =>
      res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>Log in</h1>");
    const tiles = upstream({ downForMs: 0 });
    expect(await tiles.get(tile)).toEqual({ status: "unavailable", reason: "down" });
    handler = servePng();
    expect(await tiles.get(tile)).toMatchObject({ status: "ok" });
  });

  it("passes the upstream's 404 on, and never fetches tiles outside the allowed area", async () => {
    handler = (req, res) => res.writeHead(404).end();
    const tiles = upstream({ allowed: (t) => t.z >= 10 });
    expect(await tiles.get(tile)).toEqual({ status: "missing" });
    expect(await tiles.get({ z: 3, x: 1, y: 1 })).toEqual({ status: "missing" });
    expect(seen).toHaveLength(1);
  });

  it("fetches no more than its budget per minute (no bulk download through us)", async () => {
    const tiles = upstream({ maxFetchesPerMinute: 5 });
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await tiles.get({ z: 14, x: 8700 + i, y: 4958 }));
    expect(answers.filter((a) => a.status === "ok")).toHaveLength(5);
    expect(answers.slice(5)).toEqual(Array(3).fill({ status: "unavailable", reason: "busy" }));
    expect(seen).toHaveLength(5);
  });
});

describe("the upstream's address", () => {
  it("fills {s}, {z}, {x}, {y} and {-y}", async () => {
    const tiles = upstream({ urlTemplate: `${base}/{z}/{x}/{-y}/{y}.png?s={s}` });
    await tiles.get({ z: 3, x: 2, y: 1 });
    expect(seen[0].url).toBe("/3/2/6/1.png?s=a");
  });
});
