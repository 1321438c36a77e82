// GET /api/ideas/similar through the real server, against the seeded demo ideas.
import { expect, test } from "@playwright/test";

type SimilarIdea = { id: number; title: string; distanceMeters: number | null; score: number };

// Stora torget, where the demo data has two ideas asking for benches and shade.
const TORGET = { lat: 57.7212, lng: 12.9402 };
const BENCHES_AND_SHADE =
  /Fler bänkar och skuggande träd på Stora torget|Mer skugga och sittplatser på torget/;

function similar(params: Record<string, string>) {
  return `/api/ideas/similar?${new URLSearchParams(params)}`;
}

test("a paraphrase of a demo idea, pinned near it, gets that idea first", async ({ request }) => {
  const response = await request.get(
    similar({
      text: "Plantera träd som ger skugga och ställ ut parkbänkar på Stora torget. Det går inte att sitta där när det är varmt på sommaren.",
      lat: String(TORGET.lat),
      lng: String(TORGET.lng),
    }),
  );
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const { ideas } = (await response.json()) as { ideas: SimilarIdea[] };

  expect(ideas.length).toBeGreaterThanOrEqual(2);
  expect(ideas.length).toBeLessThanOrEqual(10);
  expect(ideas[0].title).toMatch(BENCHES_AND_SHADE);
  expect(ideas[1].title).toMatch(BENCHES_AND_SHADE);
  expect(ideas.map((i) => i.title)).toContain("Fler bänkar och skuggande träd på Stora torget");
  expect(ideas[0].distanceMeters).toBeLessThan(200);
  for (const [n, idea] of ideas.entries()) {
    expect(Object.keys(idea).sort()).toEqual(["distanceMeters", "id", "score", "title"]);
    expect(idea.score).toBeGreaterThan(0);
    expect(idea.score).toBeLessThanOrEqual(1);
    if (n > 0) expect(idea.score).toBeLessThanOrEqual(ideas[n - 1].score);
  }

  // The suggested idea is a real, visible idea.
  expect((await request.get(`/ideas/${ideas[0].id}`)).status()).toBe(200);
});

test("without a pin it ranks by text alone and gives no distance", async ({ request }) => {
  const response = await request.get(
    similar({ text: "Solpaneler på taken på hyreshusen i Fristad" }),
  );
  expect(response.status()).toBe(200);
  const { ideas } = (await response.json()) as { ideas: SimilarIdea[] };
  expect(ideas[0].title).toMatch(
    /Solpaneler på hyreshusen i Fristad|Solceller på Fristadbostäders tak/,
  );
  for (const idea of ideas) expect(idea.distanceMeters).toBeNull();
});

test("unrelated text finds nothing, and query syntax in the text is only text", async ({
  request,
}) => {
  const unrelated = await request.get(
    similar({ text: "xyzzy qwerty asdfgh", lat: "57.72", lng: "12.94" }),
  );
  expect(unrelated.status()).toBe(200);
  expect((await unrelated.json()).ideas).toEqual([]);

  for (const text of [
    '"bänkar',
    "NEAR(torget träd, 2)",
    "sol* AND (bänk OR NOT träd)",
    '""" ((( *** ^title:x',
  ]) {
    const response = await request.get(
      similar({ text, lat: String(TORGET.lat), lng: String(TORGET.lng) }),
    );
    expect(response.status(), text).toBe(200);
    expect(Array.isArray((await response.json()).ideas), text).toBe(true);
  }
});

test("refuses bad input with a JSON error naming the parameter", async ({ request }) => {
  const text = "Bänkar på torget";
  const cases: [Record<string, string>, string][] = [
    [{}, "text"],
    [{ text: "" }, "text"],
    [{ text: "ab" }, "text"],
    [{ text: " 12 !! ? " }, "text"],
    [{ text: "x".repeat(5001) }, "text"],
    [{ text, lat: "abc", lng: "12.94" }, "lat"],
    [{ text, lat: "NaN", lng: "12.94" }, "lat"],
    [{ text, lat: "Infinity", lng: "12.94" }, "lat"],
    [{ text, lat: "91", lng: "12.94" }, "lat"],
    [{ text, lat: "57.72", lng: "181" }, "lng"],
    [{ text, lat: "57.72", lng: "öst" }, "lng"],
    [{ text, lat: "57.72" }, "lng"],
    [{ text, lng: "12.94" }, "lat"],
  ];
  for (const [params, parameter] of cases) {
    const label = JSON.stringify(params).slice(0, 80);
    const response = await request.get(similar(params));
    expect(response.status(), label).toBe(400);
    expect(response.headers()["cache-control"], label).toBe("no-store");
    const body = await response.json();
    expect(body.parameter, label).toBe(parameter);
    expect(typeof body.error, label).toBe("string");
  }
});
