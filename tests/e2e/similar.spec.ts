// GET /api/ideas/similar through the real server, against the seeded demo ideas; and what a
// resident sees of it on /ideas/new: beside the text while writing, and as a step before publishing.
import { expect, test } from "@playwright/test";
import { joinRequest, PHONE } from "./support/people";
import { watchConsole } from "./support/console";

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

// ---- The step before publishing (issue 13): a phone, no JavaScript, and the bare form. ----

const PARAPHRASE = {
  title: "Skugga och sittplatser på Stora torget",
  body: "Plantera träd som ger skugga och ställ ut parkbänkar på Stora torget. Det går inte att sitta där när det är varmt på sommaren.",
};
const STEP = "De här idéerna liknar din";

/** Console errors and page errors (tiles cannot load here: the test tiles point at a closed port). */
/** Joins as a new resident through the form's POST (the phone's menu folds the header links away). */
async function joinAsNewResident(page: import("@playwright/test").Page, name: string) {
  const email = `similar-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.se`;
  const response = await page.request.post("/join", {
    form: { name, email, password: "ett långt lösenord" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
}

test("on a phone: suggestions under the text while writing, the step before publishing, 'support instead' keeps the draft", async ({
  browser,
}, testInfo) => {
  test.setTimeout(90_000);
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await joinAsNewResident(page, "Mira Mobil");
  await page.goto("/ideas/new");
  await page.getByLabel("Rubrik").fill(PARAPHRASE.title);
  await page.getByLabel("Beskriv idén").fill(PARAPHRASE.body);

  // While writing: right under the text, not after the submit button at the bottom of the page.
  const live = page.getByRole("region", { name: "Liknande idéer finns redan" });
  await expect(live.getByRole("link", { name: BENCHES_AND_SHADE }).first()).toBeVisible();
  const bodyBox = (await page.getByLabel("Beskriv idén").boundingBox())!;
  const liveBox = (await live.boundingBox())!;
  const submitBox = (await page.getByRole("button", { name: "Publicera idén" }).boundingBox())!;
  expect(liveBox.y).toBeGreaterThan(bodyBox.y);
  expect(liveBox.y).toBeLessThan(submitBox.y);
  await page.screenshot({ path: testInfo.outputPath("phone-writing.png"), fullPage: true });

  await page.getByRole("radio", { name: /Bestående byggnation/ }).check();
  await page.getByLabel("Välj stadsdel, ort eller plats").selectOption({ label: "Stora torget" });
  await page.getByRole("button", { name: "Publicera idén" }).click();

  // The step: nothing published yet, the close matches with "support instead" and "publish anyway".
  const step = page.getByRole("region", { name: STEP });
  await expect(step).toBeVisible();
  await expect(page).toHaveURL(/\/ideas\/new$/);
  await expect(step.getByRole("link", { name: BENCHES_AND_SHADE }).first()).toBeVisible();
  await expect(step.getByRole("button", { name: "Publicera min idé ändå" })).toBeVisible();
  // The same ideas are not listed twice: the live suggestions give way to the step.
  await expect(live).toHaveCount(0);
  await expect(page.getByRole("link", { name: BENCHES_AND_SHADE })).toHaveCount(
    await step.getByRole("link", { name: BENCHES_AND_SHADE }).count(),
  );
  await expect(page.getByLabel("Rubrik")).toHaveValue(PARAPHRASE.title);
  await page.screenshot({ path: testInfo.outputPath("phone-step.png"), fullPage: true });

  const supported = await step.getByRole("listitem").first().getByRole("link").textContent();
  await step
    .getByRole("listitem")
    .first()
    .getByRole("button", { name: "Stöd den här i stället" })
    .click();
  await expect(page).toHaveURL(/\/ideas\/\d+\?notice=supported-instead$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(supported!);
  await expect(page.getByText(/Din egen text finns kvar/)).toBeVisible();

  // Coming back: the text, focus area and place are there as they were left.
  await page.goto("/ideas/new");
  await expect(
    page.getByText("Din påbörjade idé finns kvar, precis som du lämnade den."),
  ).toBeVisible();
  await expect(page.getByLabel("Rubrik")).toHaveValue(PARAPHRASE.title);
  await expect(page.getByLabel("Beskriv idén")).toHaveValue(PARAPHRASE.body);
  await expect(page.getByRole("radio", { name: /Bestående byggnation/ })).toBeChecked();

  // Publishing anyway, after the step once more.
  await page.getByRole("button", { name: "Publicera idén" }).click();
  await expect(page.getByRole("region", { name: STEP })).toBeVisible();
  await page.getByRole("button", { name: "Publicera min idé ändå" }).click();
  await expect(page).toHaveURL(/\/ideas\/\d+\?notice=posted$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PARAPHRASE.title);

  // Published: the draft is gone.
  await page.goto("/ideas/new");
  await expect(page.getByLabel("Rubrik")).toHaveValue("");
  await expect(
    page.getByText("Din påbörjade idé finns kvar, precis som du lämnade den."),
  ).toHaveCount(0);
  expect(problems).toEqual([]);
  await context.close();
});

test("without JavaScript: the step, 'support instead' and the kept draft work with plain forms", async ({
  browser,
}) => {
  const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await joinAsNewResident(page, "Nils Noscript");
  await page.goto("/ideas/new");
  await page.getByLabel("Rubrik").fill(PARAPHRASE.title);
  await page.getByLabel("Beskriv idén").fill(PARAPHRASE.body);
  await page.getByRole("radio", { name: /Bestående byggnation/ }).check();
  await page.getByLabel("Latitud (nord)").fill(String(TORGET.lat));
  await page.getByLabel("Longitud (öst)").fill(String(TORGET.lng));
  await page.getByRole("button", { name: "Publicera idén" }).click();

  const step = page.getByRole("region", { name: STEP });
  await expect(step).toBeVisible();
  await expect(page.getByLabel("Beskriv idén")).toHaveValue(PARAPHRASE.body);
  await step.getByRole("button", { name: "Stöd den här i stället" }).first().click();
  await expect(page).toHaveURL(/\/ideas\/\d+\?notice=supported-instead$/);

  await page.goto("/ideas/new");
  await expect(page.getByLabel("Rubrik")).toHaveValue(PARAPHRASE.title);
  await expect(page.getByLabel("Latitud (nord)")).toHaveValue(/^57\.7212/);
  await page.getByRole("button", { name: "Släng utkastet och börja om" }).click();
  await expect(page.getByLabel("Rubrik")).toHaveValue("");
  await context.close();
});

test("through HTTP: a plain POST publishes at once; the page's form gets the step first; bad 'support instead' ids are refused", async ({
  request,
}) => {
  await joinRequest(request);
  const form = {
    ...PARAPHRASE,
    focusArea: "construction",
    lat: String(TORGET.lat),
    lng: String(TORGET.lng),
  };

  const step = await request.post("/ideas/new", {
    form: { ...form, checkSimilar: "1" },
    maxRedirects: 0,
  });
  expect(step.status()).toBe(200);
  expect(await step.text()).toContain(STEP);

  const anyway = await request.post("/ideas/new", {
    form: { ...form, checkSimilar: "1", confirmNew: "1" },
    maxRedirects: 0,
  });
  expect(anyway.status()).toBe(303);
  expect(anyway.headers().location).toMatch(/^\/ideas\/\d+\?notice=posted$/);

  // The contract's form (no checkSimilar) publishes at once, as before.
  const plain = await request.post("/ideas/new", {
    form: { ...form, title: `${PARAPHRASE.title} igen` },
    maxRedirects: 0,
  });
  expect(plain.status()).toBe(303);

  for (const [id, status] of [
    ["abc", 400],
    ["-1", 400],
    ["1e3", 400],
    ["9".repeat(16), 400],
    ["999999999", 404],
  ] as const) {
    const response = await request.post("/ideas/new", {
      form: { ...form, supportInstead: id },
      maxRedirects: 0,
    });
    expect(response.status(), id).toBe(status);
  }
});
