import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { IdeaListPage } from "~/components/IdeaList";
import { formatNumber } from "~/components/format";
import { ideaListPage, parseListParams, PAGE_SIZE } from "~/services/idea-list.server";
import { answerMapQuestion, type MapReply } from "~/services/map-answer.server";
import { invalidateMapIndex } from "~/services/map-index.server";
import { getDb } from "~/utils/db.server";
import { makeIdea, makeUser } from "../helpers";

// Two streets apart: ideas in the first box and one outside it.
const BOX = "12.93,57.71,12.95,57.73";
const box = { west: 12.93, south: 57.71, east: 12.95, north: 57.73 };
let inBox: number[] = [];
let hidden = 0;
let outside = 0;

beforeAll(() => {
  const author = makeUser();
  inBox = Array.from({ length: PAGE_SIZE + 3 }, (_, n) =>
    makeIdea(author, { title: `I rutan ${n}`, lat: 57.72, lng: 12.94 + n * 0.0001 }),
  );
  // The most supported idea of all sits in the box: it comes first when sorted by supports.
  getDb().prepare("UPDATE ideas SET supports_count = 1234 WHERE id = ?").run(inBox[5]);
  hidden = makeIdea(author, { title: "Dold idé", lat: 57.72, lng: 12.941, status: "hidden" });
  outside = makeIdea(author, { title: "Utanför", lat: 57.8, lng: 13.1 });
  invalidateMapIndex();
});

function ask(query: string, acceptsGzip = false) {
  return answerMapQuestion({
    params: new URLSearchParams(query),
    ifNoneMatch: null,
    acceptsGzip,
    clientIp: "127.0.0.1",
    request: () => new Request(`http://localhost/api/map?${query}`),
  });
}

function bodyOf(reply: MapReply) {
  const body = reply.body as string | Uint8Array;
  const text = typeof body === "string" ? body : gunzipSync(body).toString("utf8");
  return JSON.parse(text) as GeoJSON.FeatureCollection & { list?: IdeaListPage };
}

describe("parseListParams", () => {
  it("reads sort, page and near, and names the first malformed one", () => {
    expect(parseListParams(new URLSearchParams("sort=newest&page=3&near=57.7,12.9"))).toEqual({
      list: { sort: "newest", page: 3, near: { lat: 57.7, lng: 12.9 } },
      invalid: null,
    });
    expect(parseListParams(new URLSearchParams(""))).toEqual({
      list: { sort: null, page: 1, near: null },
      invalid: null,
    });
    // The page falls back to what it can show; an API refuses what `invalid` names.
    for (const [query, invalid] of [
      ["sort=<script>", "sort"],
      ["page=-5", "page"],
      ["page=abc", "page"],
      ["page=1.5", "page"],
      ["near=91,12", "near"],
      ["near=here", "near"],
    ]) {
      const parsed = parseListParams(new URLSearchParams(query));
      expect(parsed.invalid, query).toBe(invalid);
      expect(parsed.list.page, query).toBeGreaterThanOrEqual(1);
    }
    expect(parseListParams(new URLSearchParams("page=99999")).list.page).toBe(10_000);
  });
});

describe("ideaListPage", () => {
  it("lists one page of the visible ideas in the box, never a hidden one, with counts written out", () => {
    const first = ideaListPage(
      {},
      { bbox: box, sort: "supports", page: 1, near: null, language: "en" },
    );
    expect(first.total).toBe(inBox.length);
    expect(first.pageCount).toBe(2);
    expect(first.ideas).toHaveLength(PAGE_SIZE);
    expect(first.ideas[0]).toMatchObject({ id: inBox[5], shown: { supports: "1,234" } });
    const second = ideaListPage(
      {},
      { bbox: box, sort: "supports", page: 2, near: null, language: "en" },
    );
    const ids = [...first.ideas, ...second.ideas].map((idea) => idea.id);
    expect(new Set(ids)).toEqual(new Set(inBox));
    expect(ids).not.toContain(hidden);
    expect(ids).not.toContain(outside);
  });

  it("writes the figures in the language asked for", () => {
    const sv = ideaListPage(
      {},
      { bbox: box, sort: "supports", page: 1, near: null, language: "sv" },
    );
    expect(sv.ideas[0].shown.supports).toBe("1\u00a0234");
    const ar = ideaListPage(
      {},
      { bbox: box, sort: "supports", page: 1, near: null, language: "ar" },
    );
    expect(ar.ideas[0].shown.supports).toBe(formatNumber(1234, "ar"));
    expect(ar.shownTotal).toBe(formatNumber(inBox.length, "ar"));
  });
});

describe("/api/map with the list (list=1)", () => {
  it("adds the list for the same box to the map's answer, the same as the page's loader makes it", async () => {
    const reply = await ask(`bbox=${BOX}&zoom=18&list=1&sort=supports&lang=sv`, true);
    expect(reply.status).toBe(200);
    expect(reply.headers["Content-Encoding"]).toBe("gzip");
    expect(reply.headers["Cache-Control"]).toBe("no-store");
    const body = bodyOf(reply);
    expect(body.type).toBe("FeatureCollection");
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.list).toEqual(
      ideaListPage({}, { bbox: box, sort: "supports", page: 1, near: null, language: "sv" }),
    );
    expect(body.list!.ideas.map((idea) => idea.id)).not.toContain(hidden);
  });

  it("sorts by distance from `near` and pages as asked", async () => {
    const body = bodyOf(
      await ask(`bbox=${BOX}&zoom=18&list=1&sort=nearest&near=57.72,12.9422&page=1`),
    );
    expect(body.list!.ideas[0].id).toBe(inBox[22]);
    const second = bodyOf(await ask(`bbox=${BOX}&zoom=18&list=1&page=2`));
    expect(second.list).toMatchObject({ page: 2, pageCount: 2 });
    expect(second.list!.ideas).toHaveLength(3);
  });

  it("leaves the map's own answer as it was: no list, cached, with its ETag", async () => {
    const plain = await ask(`bbox=${BOX}&zoom=18`);
    expect(plain.headers.ETag).toMatch(/^W\//);
    const body = bodyOf(plain);
    expect(body).not.toHaveProperty("list");
    const withList = bodyOf(await ask(`bbox=${BOX}&zoom=18&list=1`));
    expect(withList.features).toEqual(body.features);
  });

  it("confirms an answer with a 304 in the same process only: after a restart the index's version counts from 0 again", async () => {
    const first = await ask(`bbox=${BOX}&zoom=18`);
    const asked = { ifNoneMatch: first.headers.ETag, acceptsGzip: false, clientIp: "127.0.0.1" };
    const params = new URLSearchParams(`bbox=${BOX}&zoom=18`);
    const request = () => new Request(`http://localhost/api/map?${params}`);
    expect((await answerMapQuestion({ ...asked, params, request })).status).toBe(304);
    vi.resetModules();
    const later = vi.spyOn(Date, "now").mockReturnValue(Date.now() + 60_000);
    try {
      const restarted = await import("~/services/map-answer.server");
      const again = await restarted.answerMapQuestion({ ...asked, params, request });
      expect(again.status).toBe(200);
    } finally {
      later.mockRestore();
    }
  });

  it("refuses a malformed list question with 400 naming the parameter", async () => {
    for (const [query, parameter] of [
      ["list=yes", "list"],
      ["list=1&sort=random", "sort"],
      ["list=1&page=0", "page"],
      ["list=1&near=north", "near"],
      ["list=1&lang=de", "lang"],
    ]) {
      const reply = await ask(`bbox=${BOX}&zoom=18&${query}`);
      expect(reply.status, query).toBe(400);
      expect(JSON.parse(reply.body as string).parameter, query).toBe(parameter);
    }
  });
});
