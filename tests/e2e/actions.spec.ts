// The action portfolio (issue 15): a decided group becomes an action in one step, a progress
// update reaches the people behind its ideas, the idea shows what became of it; the portfolio's
// filters work without JavaScript and its charts have tables; bad input changes nothing;
// residents are kept out of the moderators' pages; axe; the open data's columns.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { watchConsole } from "./support/console";
import {
  DEMO,
  expectNoAxeViolations,
  joinAsNewResident,
  login,
  loginRequest,
  mailsTo,
} from "./support/people";
import { expectStatus, postIdeaForm, visibleText } from "./support/requests";

const ACTION_COLUMNS =
  "id,title,focus_area,partner,status,progress,co2e_tonnes_per_year,budget_sek,start_date,end_date,lat,lng,idea_ids,updated_at";

/** A new group with this idea, moved by the moderator (API) all the way to "decided". */
async function decidedGroup(moderator: APIRequestContext, ideaId: number, title: string) {
  const created = await moderator.post("/moderation/groups", {
    form: {
      title,
      summary: "Laddning för elbilar och elcyklar vid handelsområdena.",
      focusArea: "mobility",
      ideaId: String(ideaId),
    },
    maxRedirects: 0,
  });
  expect(created.status()).toBe(303);
  const groupId = Number(/\/moderation\/groups\/(\d+)/.exec(created.headers().location!)![1]);
  for (const stage of ["co-creation", "proposal", "decided"]) {
    const moved = await moderator.post(`/moderation/groups/${groupId}`, {
      form: {
        intent: "set-stage",
        stage,
        message: `Gruppen går vidare till ${stage}.`,
        confirm: "yes",
      },
      maxRedirects: 0,
    });
    expect(moved.status(), stage).toBe(303);
  }
  return groupId;
}

const validAction = {
  title: "Teståtgärd för validering",
  body: "En åtgärd som bara finns i testet.",
  focusArea: "mobility",
  partner: "Borås Stad",
  status: "started",
  progress: "10",
  co2eTonnesPerYear: "3,5",
  co2eMethod: "Uppskattning",
  budgetSek: "100000",
  startDate: "2026-01-01",
  endDate: "2026-12-31",
};

test("a decided group becomes an action; its update reaches a supporter, whose idea shows the chain", async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const suffix = Date.now().toString(36);

  // An idea by the demo facilitator, supported by a new resident.
  const author = await playwright.request.newContext({ baseURL });
  await loginRequest(author, DEMO.facilitator);
  const ideaId = await postIdeaForm(author, {
    title: `Laddstolpar vid Knalleland ${suffix}`,
    body: "Fler laddstolpar för elbilar och elcyklar vid Knalleland.",
    focusArea: "mobility",
    lat: "57.7366",
    lng: "12.9249",
  });
  const resident = await joinAsNewResident(page, "Stina Stödjare");
  const vote = await page.request.post(`/ideas/${ideaId}`, {
    form: { intent: "vote" },
    maxRedirects: 0,
  });
  expect(vote.status()).toBeLessThan(400);

  const moderatorApi = await playwright.request.newContext({ baseURL });
  await loginRequest(moderatorApi, DEMO.moderator);
  const groupTitle = `Laddning vid Knalleland ${suffix}`;
  const groupId = await decidedGroup(moderatorApi, ideaId, groupTitle);

  // The moderator makes the decided group an action in one step, from the group's page.
  const moderatorContext = await browser.newContext({ locale: "sv-SE" });
  const moderator = await moderatorContext.newPage();
  const moderatorProblems = watchConsole(moderator);
  await login(moderator, DEMO.moderator);
  await moderator.goto(`/moderation/groups/${groupId}`);
  const make = moderator.getByRole("region", { name: "Åtgärd", exact: true });
  await expect(make.getByLabel("Rubrik")).toHaveValue(groupTitle);
  await make.getByLabel("Ansvarig partner").selectOption("Borås Energi och Miljö");
  await make.getByLabel("Beräknad minskning, ton CO₂e per år").fill("120,5");
  await make
    .getByLabel("Hur minskningen är beräknad (metod och källa)")
    .fill("Ersatta bilkilometer");
  await make.getByLabel("Budget (kronor)").fill("2400000");
  await make.getByLabel("Latitud").fill("57.7366");
  await make.getByLabel("Longitud").fill("12.9249");
  await make.getByRole("button", { name: "Skapa åtgärden" }).click();
  await expect(moderator).toHaveURL(/\/actions\/\d+$/);
  const actionId = Number(/\/actions\/(\d+)$/.exec(moderator.url())![1]);
  await expect(moderator.getByRole("heading", { level: 1 })).toHaveText(groupTitle);
  await expect(moderator.locator(".action-facts")).toContainText("Borås Energi och Miljö");
  await expect(moderator.locator(".action-facts")).toContainText("2 400 000 kr");
  await expect(moderator.locator(".action-facts")).toContainText("120,5 ton CO₂e per år");
  await expect(moderator.getByRole("link", { name: groupTitle })).toBeVisible();

  // A progress update.
  await moderator.goto(`/moderation/actions/${actionId}`);
  const report = moderator.getByRole("region", { name: "Lägesrapport", exact: true });
  await report.getByLabel("Status", { exact: true }).selectOption("started");
  await report.getByLabel("Genomfört (procent, 0–100)").fill("40");
  await report
    .getByLabel("Lägesrapport till invånarna")
    .fill("De första tio laddarna är på plats.");
  await report.getByRole("button", { name: "Publicera lägesrapporten" }).click();
  await expect(moderator.locator(".notice")).toBeVisible();
  await moderator.goto(`/actions/${actionId}`);
  await expect(moderator.getByRole("progressbar")).toHaveAttribute("value", "40");
  await expect(moderator.locator(".timeline")).toContainText("De första tio laddarna är på plats.");

  // The supporter is told, on the page and by e-mail, and the idea shows the chain.
  await page.goto("/me/notifications");
  await expect(page.locator("main")).toContainText(`Nytt om åtgärden som`);
  await expect(page.locator("main")).toContainText(`Laddstolpar vid Knalleland ${suffix}`);
  await expect
    .poll(
      () => mailsTo(resident.email).filter((m) => m.subject.startsWith("Nytt om åtgärden")).length,
    )
    .toBe(1);
  await page.goto(`/ideas/${ideaId}`);
  const journey = page.getByRole("region", { name: "Vad hände sedan?" });
  await expect(journey.getByRole("link", { name: groupTitle }).first()).toBeVisible();
  await expect(journey).toContainText("Beslutad");
  await expect(journey).toContainText("Påbörjad");
  await expect(journey).toContainText("40 %");

  // The group's public page shows the action; the portfolio and the open data carry it.
  await page.goto(`/groups/${groupId}`);
  await expect(
    page.getByRole("region", { name: "Åtgärder som gruppen blev" }).getByRole("link"),
  ).toHaveText(groupTitle);
  const csv = await (await page.request.get("/open-data/actions.csv")).text();
  const row = csv.split("\r\n").find((line) => line.startsWith(`${actionId},`));
  expect(row).toContain("Borås Energi och Miljö,started,40,120.5,2400000");
  expect(row).toContain(`,${ideaId},`);

  expect(problems).toEqual([]);
  expect(moderatorProblems).toEqual([]);
  await moderatorContext.close();
  await author.dispose();
  await moderatorApi.dispose();
});

test("the portfolio filters without JavaScript, and its charts have tables", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "sv-SE" });
  const page = await context.newPage();
  await page.goto("/actions");
  await expect(page.getByRole("link", { name: "Laddinfrastruktur vid Knalleland" })).toBeVisible();
  await page.getByLabel("Ansvarig partner").selectOption("Navet");
  await page.getByRole("button", { name: "Visa", exact: true }).click();
  await expect(page).toHaveURL(/partner=\d+/);
  await expect(
    page.getByRole("link", { name: "Reparationskafé och verktygsbibliotek på Navet" }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Laddinfrastruktur vid Knalleland" })).toHaveCount(0);
  await page.goto("/actions?status=paused");
  await expect(
    page.getByRole("link", { name: "Klimatledarskap för chefer i Borås" }),
  ).toBeVisible();
  await expect(page.locator(".action-card")).toHaveCount(1);

  await page.goto("/actions");
  const charts = page.locator("figure.chart");
  await expect(charts).toHaveCount(4);
  for (const chart of await charts.all()) {
    const svg = chart.locator("svg[role=img]");
    await expect(svg).toHaveAttribute("aria-labelledby", /title .*desc/);
    await chart.locator("summary").click();
    await expect(chart.locator("table")).toBeVisible();
  }
  const byFocus = page.locator("figure.chart").first();
  await expect(byFocus.locator("table")).toContainText("Modig mobilitet");
  await expect(byFocus.getByRole("row", { name: /Smart samskapande/ })).toContainText("20,5 t");
  await context.close();
});

test("bad input is refused with a clear message and changes nothing", async ({
  playwright,
  baseURL,
  page,
}) => {
  const moderator = await playwright.request.newContext({ baseURL });
  await loginRequest(moderator, DEMO.moderator);
  const before = await (await moderator.get("/open-data/actions.csv")).text();
  const cases: [Record<string, string>, string][] = [
    [{ progress: "150" }, "Genomfört ska vara ett heltal från 0 till 100."],
    [{ endDate: "2025-06-01" }, "Slutdatum kan inte vara före startdatum."],
    [{ lat: "59.3293", lng: "18.0686" }, "Platsen ligger utanför Borås kommun."],
    [{ groupId: "987654" }, "Samskapandegruppen finns inte."],
    [{ co2eTonnesPerYear: "-2" }, "Minskningen ska vara ett tal från 0 och uppåt"],
    [{ budgetSek: "12,5" }, "Budgeten ska vara ett helt antal kronor"],
    [{ status: "stopped" }, "Skriv varför åtgärden stoppas."],
    // an area that is not in the list (a landmark is a point, not an area)
    [{ area: "atlantis" }, "Välj ett område i listan: hela kommunen, en stadsdel eller en ort."],
    [{ area: "stora-torget" }, "Välj ett område i listan"],
  ];
  for (const [change, message] of cases) {
    const response = await moderator.post("/moderation/actions", {
      form: { ...validAction, ...change },
      maxRedirects: 0,
    });
    await expectStatus(response, 400, JSON.stringify(change));
    expect(visibleText(await response.text()), JSON.stringify(change)).toContain(message);
  }
  expect(await (await moderator.get("/open-data/actions.csv")).text()).toBe(before);

  // An update to an existing action with progress 150: refused, the action unchanged.
  const update = await moderator.post("/moderation/actions/1", {
    form: { intent: "update", status: "started", progress: "150", message: "För mycket" },
    maxRedirects: 0,
  });
  await expectStatus(update, 400, "progress 150");
  expect(await (await moderator.get("/open-data/actions.csv")).text()).toBe(before);

  // Shown in the browser next to the field, in the person's language.
  await login(page, DEMO.moderator);
  await page.goto("/moderation/actions");
  const form = page.getByRole("region", { name: "Ny åtgärd" });
  await form.getByLabel("Rubrik").fill(validAction.title);
  await form.getByLabel("Beskrivning").fill(validAction.body);
  await form.getByLabel("Beräknad minskning, ton CO₂e per år").fill("1");
  await form.getByLabel("Budget (kronor)").fill("1");
  await form.getByLabel("Startdatum").fill("2026-05-01");
  await form.getByLabel("Slutdatum").fill("2026-04-01");
  await form.getByRole("button", { name: "Skapa åtgärden" }).click();
  await expect(form.getByLabel("Slutdatum")).toHaveAttribute("aria-invalid", "true");
  await expect(form).toContainText("Slutdatum kan inte vara före startdatum.");
  await expect(form.getByLabel("Rubrik")).toHaveValue(validAction.title);
  await expectNoAxeViolations(page);
  await moderator.dispose();
});

test("residents and visitors are kept out of the moderators' action pages", async ({
  playwright,
  baseURL,
}) => {
  const resident = await playwright.request.newContext({ baseURL });
  await loginRequest(resident, DEMO.resident);
  for (const path of ["/moderation/actions", "/moderation/actions/1"])
    expect((await resident.get(path)).status(), path).toBe(403);
  const post = await resident.post("/moderation/actions", { form: validAction, maxRedirects: 0 });
  expect(post.status()).toBe(403);
  const update = await resident.post("/moderation/actions/1", {
    form: { intent: "update", status: "started", progress: "50", message: "Hej" },
    maxRedirects: 0,
  });
  expect(update.status()).toBe(403);
  const visitor = await playwright.request.newContext({ baseURL });
  const anonymous = await visitor.get("/moderation/actions", { maxRedirects: 0 });
  expect(anonymous.status()).toBe(302);
  expect(anonymous.headers().location).toMatch(/^\/login\?redirectTo=/);
  // A cross-site form post is refused before anything is read.
  const moderator = await playwright.request.newContext({ baseURL });
  await loginRequest(moderator, DEMO.moderator);
  const crossSite = await moderator.post("/moderation/actions", {
    form: validAction,
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  await Promise.all([resident.dispose(), visitor.dispose(), moderator.dispose()]);
});

test("a demo action shows the workshop that shaped it, whose public results list the room's notes, most dotted first", async ({
  page,
}) => {
  const problems = watchConsole(page);
  const workshop = "Cykelvägar in till centrum – kväll på Stadsbiblioteket";
  await page.goto("/actions");
  await page.getByRole("link", { name: "Trygga cykelstråk in till centrum", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Trygga cykelstråk in till centrum",
  );
  const shapedBy = page.getByRole("region", { name: "Workshoppar som formade åtgärden" });
  await expect(shapedBy.getByRole("link")).toHaveText([workshop]);
  await shapedBy.getByRole("link").click();
  await expect(page).toHaveURL(/\/workshops\/\d+\/results$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(workshop);
  const notes = page.locator(".results-list > li");
  await expect(notes).toHaveCount(5);
  await expect(notes.first()).toContainText("Egen cykelbana förbi Hestra Midgård · 5 prickar");
  expect(problems).toEqual([]);
});

for (const lang of ["sv", "ar"]) {
  test(`the portfolio and an action pass axe (${lang})`, async ({ page }) => {
    const problems = watchConsole(page);
    // /actions/3 is the demo action with the workshop that shaped it.
    for (const path of ["/actions", "/actions/1", "/actions/3", "/actions/5"]) {
      await page.goto(`${path}?lang=${lang}`);
      await expect(page.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
      await test.step(`axe ${path}`, () => expectNoAxeViolations(page));
    }
    expect(problems).toEqual([]);
  });
}

test("an action for the whole municipality: made without JavaScript, shown with its area, drawn as the outline in open data", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "sv-SE" });
  const page = await context.newPage();
  await login(page, DEMO.moderator);
  await page.goto("/moderation/actions");
  const form = page.getByRole("region", { name: "Ny åtgärd" });
  const title = "Klimatsmart belysning i hela kommunen";
  await form.getByLabel("Rubrik").fill(title);
  await form
    .getByLabel("Beskrivning")
    .fill("Alla gatlampor i kommunen byts till LED med styrning.");
  await form.getByLabel("Beräknad minskning, ton CO₂e per år").fill("40");
  await form.getByLabel("Budget (kronor)").fill("5 000 000");
  await form.getByLabel("Startdatum").fill("2026-04-01");
  await form.getByLabel("Slutdatum").fill("2028-12-31");
  // no point: the area alone places it
  await expect(form.getByLabel("Latitud")).toHaveValue("");
  await form.getByLabel("Område", { exact: true }).selectOption({ label: "Hela Borås kommun" });
  await form.getByRole("button", { name: "Skapa åtgärden" }).click();
  await expect(page).toHaveURL(/\/actions\/\d+$/);
  const actionId = Number(/\/actions\/(\d+)$/.exec(page.url())![1]);

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const area = page.locator(".action-facts > div", {
    has: page.getByText("Område", { exact: true }),
  });
  await expect(area).toContainText("Hela Borås kommun");
  await context.close();

  const geo = (await (await request.get("/open-data/actions.geojson")).json()) as {
    features: { geometry: { type: string } | null; properties: Record<string, unknown> }[];
  };
  const feature = geo.features.find((f) => f.properties.id === actionId);
  expect(feature?.properties).toMatchObject({
    title,
    lat: null,
    lng: null,
    area: "municipality",
    area_name: "Borås kommun",
  });
  expect(["Polygon", "MultiPolygon"]).toContain(feature?.geometry?.type);
  // the CSV keeps the contract's columns: no area there, and no point
  const csv = await (await request.get("/open-data/actions.csv")).text();
  expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(ACTION_COLUMNS);
  expect(csv.split("\r\n").find((line) => line.startsWith(`${actionId},`))).toContain(
    ",2026-04-01,2028-12-31,,,",
  );
});

test("the open data has the contract's columns; an action without a place has no geometry", async ({
  request,
}) => {
  const csv = await request.get("/open-data/actions.csv");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const text = await csv.text();
  expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(ACTION_COLUMNS);
  expect(text).toContain("Laddinfrastruktur vid Knalleland");
  const geo = await request.get("/open-data/actions.geojson");
  expect(geo.headers()["content-type"]).toContain("application/geo+json");
  const collection = (await geo.json()) as {
    type: string;
    features: { geometry: unknown; properties: Record<string, unknown> }[];
  };
  expect(collection.type).toBe("FeatureCollection");
  // the CSV's columns, then the action's area (its id and name)
  expect(Object.keys(collection.features[0].properties).join(",")).toBe(
    `${ACTION_COLUMNS},area,area_name`,
  );
  const leadership = collection.features.find(
    (f) => f.properties.title === "Klimatledarskap för chefer i Borås",
  );
  expect(leadership?.geometry).toBeNull();
  const placed = collection.features.find(
    (f) => f.properties.title === "Laddinfrastruktur vid Knalleland",
  );
  expect(placed?.geometry).toEqual({ type: "Point", coordinates: [12.9249, 57.7366] });
  // A GIS client opens it as is (GDAL's ogrinfo, as CI does for the other files).
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-actions-")), "a.geojson");
  fs.writeFileSync(file, await geo.body());
  const info = execFileSync("ogrinfo", ["-ro", "-al", "-so", file], { encoding: "utf8" });
  // points and the municipality's outline (an action for the whole of Borås) in one layer
  expect(info).toMatch(/Geometry: Unknown \(any\)/);
  expect(Number(/Feature Count: (\d+)/.exec(info)![1])).toBe(collection.features.length);
  for (const field of ["partner", "status", "co2e_tonnes_per_year", "budget_sek", "idea_ids"])
    expect(info).toContain(`${field}:`);
  const page = await request.get("/open-data");
  expect(visibleText(await page.text())).toContain("Åtgärder som CSV");
});

test("the portfolio's pages have every text in all four languages", async ({
  playwright,
  baseURL,
}) => {
  const moderator = await playwright.request.newContext({ baseURL });
  await loginRequest(moderator, DEMO.moderator);
  for (const lang of ["sv", "en", "fi", "ar"]) {
    for (const path of [
      "/actions",
      "/actions/1",
      "/actions/5",
      "/moderation/actions",
      "/moderation/actions/2",
    ]) {
      const response = await moderator.get(`${path}?lang=${lang}`);
      expect(response.status(), `${path} ${lang}`).toBe(200);
      const text = visibleText(await response.text());
      expect(text, `${path} ${lang}`).not.toMatch(/\bactions\.[a-zA-Z]+/);
      expect(text, `${path} ${lang}`).not.toContain("{{");
    }
  }
  await moderator.dispose();
});
