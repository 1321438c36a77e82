// Finding an address (issue 17): `npm run places:import` loads a fixture of addresses into the
// running e2e server's database (WAL: the server keeps serving meanwhile; importing again adds
// nothing), then a resident finds "Allégatan 5" by typing "allegatan 5" — with JavaScript in the
// place picker's search, without it through the search form — and the idea says where it is.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { watchConsole } from "./support/console";
import { DEMO, joinAsNewResident, login, PHONE } from "./support/people";

const ADDRESS = "Allégatan 5, 503 32 Borås";

test.beforeAll(() => {
  const output = execFileSync(
    "npm",
    ["run", "-s", "places:import", "--", "tests/fixtures/places/addresses.geojson"],
    {
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_PATH: path.join(process.env.E2E_DB_DIR ?? "", "samskapa.db"),
      },
    },
  );
  expect(output).toContain("1 outside Borås municipality (skipped)");
});

async function writeIdea(page: Page, title: string) {
  await page.getByLabel("Rubrik").fill(`${title} ${Date.now().toString(36)}`);
  await page
    .getByLabel("Beskriv idén")
    .fill("Ett par bänkar och en cykelpump vid Allégatan, där många väntar på bussen.");
  await page.getByRole("radio", { name: /Modig mobilitet/ }).check();
}

/** Publishes; when earlier ideas are close, the similar-ideas step asks first and the person goes on. */
async function publish(page: Page) {
  await page.getByRole("button", { name: "Publicera idén" }).click();
  const anyway = page.getByRole("button", { name: "Publicera min idé ändå" });
  await expect(async () => {
    if (await anyway.isVisible()) await anyway.click();
    await expect(page).toHaveURL(/\/ideas\/\d+/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test("the place picker finds Allégatan 5 typed as 'allegatan 5' and the idea says it is near it", async ({
  page,
}) => {
  await joinAsNewResident(page, "Alma Adress");
  await page.goto("/ideas/new");
  await writeIdea(page, "Bänkar vid busshållplatsen");
  const picker = page.locator(".place-picker");
  await picker.getByLabel("Sök en adress eller plats").fill("allegatan 5");
  const results = picker.getByRole("list", { name: "Sökträffar" });
  await expect(results.getByRole("button").first()).toHaveText(ADDRESS);
  // 15 is not 5; 50 starts with it and may follow.
  await expect(results.getByRole("button", { name: /Allégatan 15/ })).toHaveCount(0);
  await results.getByRole("button", { name: ADDRESS }).click();
  await expect(picker.getByText(`Vid ${ADDRESS}`)).toBeVisible();
  await expect(picker.locator(`input[type=hidden][name=lat]`)).toHaveValue("57.721080");
  await expect(picker.locator(`input[type=hidden][name=lng]`)).toHaveValue("12.935820");
  await publish(page);
  await expect(page.getByText(`Nära ${ADDRESS}`)).toBeVisible();

  // The API the picker uses, in the contract's shape.
  const response = await page.request.get("/api/places?q=hasleholmen");
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { places: { name: string; kind: string }[] };
  expect(body.places[0]).toMatchObject({ name: "Hässleholmen", kind: "district" });
  expect(body.places.length).toBeLessThanOrEqual(10);
});

test("without JavaScript the search form lists Allégatan 5 and the idea is put there", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "sv-SE" });
  const page = await context.newPage();
  await joinAsNewResident(page, "Nils Utanskript");
  await page.goto("/ideas/new");
  const picker = page.locator(".place-picker");
  await picker.getByLabel("Sök en adress eller plats").fill("allegatan 5");
  await picker.getByRole("button", { name: "Sök", exact: true }).click();
  await expect(page).toHaveURL(/placeQuery=allegatan(\+|%20)5/);
  // The best match is chosen in the place list; the search is kept in its field.
  const list = picker.getByLabel("Välj stadsdel, ort eller plats");
  await expect(list.locator("option:checked")).toHaveText(ADDRESS);
  await expect(picker.getByLabel("Sök en adress eller plats")).toHaveValue("allegatan 5");
  await writeIdea(page, "Cykelpump vid Allégatan");
  await publish(page);
  await expect(page.getByText(`Nära ${ADDRESS}`)).toBeVisible();
  await expect(page.getByText("Plats: 57,72108, 12,93582")).toBeVisible();

  // A search that finds nothing says so.
  await page.goto("/ideas/new?placeQuery=zzzqqq");
  await expect(
    page.getByText("Ingen adress eller plats i Borås matchar det du skrev."),
  ).toBeVisible();
  await context.close();
});

test("the map's place finder goes to Allégatan 5 and lists the ideas nearest it, with and without JavaScript", async ({
  browser,
  page,
}) => {
  const problems = watchConsole(page);
  // Without JavaScript: the list, sorted by distance from the address.
  const plain = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
  const noScript = await plain.newPage();
  await noScript.goto("/");
  await noScript.getByLabel("Hitta en plats eller adress").fill("allegatan 5");
  await noScript.getByRole("button", { name: "Gå dit" }).click();
  await expect(noScript).toHaveURL(/place=allegatan(\+|%20)5/);
  await expect(noScript.getByRole("status")).toContainText(`Kartan visar ${ADDRESS}.`);
  await expect(noScript.getByLabel("Sortera")).toHaveValue("nearest");
  // A focus filter chosen afterwards keeps the place.
  await noScript.getByRole("checkbox", { name: /Modig mobilitet/ }).check();
  await noScript.getByRole("button", { name: "Visa", exact: true }).click();
  await expect(noScript).toHaveURL(/focus=mobility/);
  await expect(noScript.getByRole("status")).toContainText(`Kartan visar ${ADDRESS}.`);
  // Back to the whole municipality, and a place that does not exist says so.
  await noScript.getByRole("link", { name: "Visa hela kommunen igen" }).click();
  await expect(noScript).not.toHaveURL(/place=/);
  await noScript.goto("/?place=zzzqqq");
  await expect(noScript.getByRole("status")).toContainText("Ingen plats eller adress matchar");
  await plain.close();

  // With JavaScript: the map moves there (its view is in the address) and the list follows.
  await page.goto("/");
  await page.getByLabel("Hitta en plats eller adress").fill("allegatan 5");
  await page.getByRole("button", { name: "Gå dit" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kartan visar" })).toContainText(ADDRESS);
  await expect(async () => {
    const bbox = new URL(page.url()).searchParams.get("bbox")?.split(",").map(Number) ?? [];
    expect(bbox).toHaveLength(4);
    const [west, south, east, north] = bbox;
    expect(west < 12.93582 && 12.93582 < east && south < 57.72108 && 57.72108 < north).toBe(true);
    // A few streets, not the whole city.
    expect(east - west).toBeLessThan(0.05);
  }).toPass({ timeout: 10_000 });
  expect(problems).toEqual([]);
});

test("the facilitator's sticky note finds Allégatan 5 without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "sv-SE" });
  const facilitator = await context.newPage();
  await login(facilitator, DEMO.facilitator);
  await facilitator.goto("/workshops");
  await facilitator.getByLabel("Namn på workshoppen").fill(`Adresser ${Date.now().toString(36)}`);
  await facilitator.getByRole("button", { name: "Skapa workshoppen" }).click();
  await expect(facilitator).toHaveURL(/\/workshops\/\d+$/);
  const capture = facilitator.getByRole("region", { name: "Skriv in en lapp från rummet" });
  await capture.getByLabel("Sök en adress eller plats").fill("allegatan 5");
  await capture.getByRole("button", { name: "Sök", exact: true }).click();
  await expect(facilitator).toHaveURL(/placeQuery=allegatan(\+|%20)5/);
  await expect(
    capture.getByLabel("Välj stadsdel, ort eller plats").locator("option:checked"),
  ).toHaveText(ADDRESS);
  await capture.getByLabel("Rubrik").fill("Lapp från Allégatan");
  await capture
    .getByLabel("Beskriv idén")
    .fill("Bänkar vid hållplatsen på Allégatan, från en lapp.");
  await capture.getByRole("button", { name: "Lägg till lappen" }).click();
  await expect(facilitator.getByRole("heading", { name: "Rummets idé (1)" })).toBeVisible();
  await context.close();
});
