// Issue 15, "done when": the whole chain from a resident's idea to a climate action, as the people
// involved do it. An idea passes the threshold → the official finds it in the answer queue with its
// deadline and answers "accepted" → the moderator carries the new group to "decided" and makes it
// an action with tonnes CO₂e and a partner → a progress update → the author and a supporter are
// told → the idea page shows the chain, the portfolio's charts and table include the action, and
// open data has it; the idea page and the portfolio in Swedish and Arabic, axe clean.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { watchConsole } from "./support/console";
import {
  DEMO,
  expectNoAxeViolations,
  joinAsNewResident,
  joinRequest,
  login,
  loginRequest,
  uniqueEmail,
  createAccount,
} from "./support/people";
import { postIdeaForm } from "./support/requests";

const ADMIN = { email: uniqueEmail("journey-admin"), password: "ett långt adminlösenord" };

/** The day in Borås, as the pages write deadlines. */
function boråsDay(date = new Date()) {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

async function saveThresholdRule(page: Page, rule: { supports: string; answerDays: string }) {
  await page.goto("/admin");
  await page.getByLabel("Antal stöd").fill(rule.supports);
  await page.getByLabel("Inom antal dagar från publicering").fill("90");
  await page.getByLabel("Svarstid i dagar").fill(rule.answerDays);
  await page.getByRole("button", { name: "Spara tröskeln" }).click();
  await expect(page).toHaveURL(/notice=/);
}

/** Moves a group one stage on from its page, through the confirmation step. */
async function moveGroup(page: Page, stage: string, message: string) {
  const move = page.getByRole("region", { name: "Flytta gruppen till nästa steg" });
  await move.getByRole("radio", { name: stage, exact: true }).check();
  await move.getByLabel("Meddelande till invånarna").fill(message);
  await move.getByRole("button", { name: "Flytta och meddela" }).click();
  await page
    .getByRole("alertdialog", { name: "Bekräfta flytten" })
    .getByRole("button", { name: /^Ja, flytta och meddela/ })
    .click();
  await expect(
    page.getByText("Gruppen är flyttad och alla berörda har fått meddelandet."),
  ).toBeVisible();
}

test.beforeAll(() => {
  // An admin of this spec's own, made as an operator would (the demo data has none).
  createAccount({
    email: ADMIN.email,
    password: ADMIN.password,
    name: "Resans admin",
    role: "admin",
  });
});

test.afterAll(async ({ playwright, baseURL }) => {
  // Other specs share this database: the rule goes back to the default.
  const admin = await playwright.request.newContext({ baseURL });
  await loginRequest(admin, ADMIN.email, ADMIN.password);
  const saved = await admin.post("/admin", {
    form: { intent: "thresholds", supports: "150", days: "90", answerDays: "60" },
    maxRedirects: 0,
  });
  expect(saved.status()).toBe(303);
  await admin.dispose();
});

test("an idea goes all the way to a climate action, and everyone can follow it", async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const ideaTitle = `Solceller på cykelgaraget vid Resecentrum ${suffix}`;
  const actionTitle = `Solcellstak på cykelgaraget ${suffix}`;
  const contexts: BrowserContext[] = [];
  /** Another person in their own browser, whose console is watched. */
  async function personPage() {
    const context = await browser.newContext({ locale: "sv-SE" });
    contexts.push(context);
    const personal = await context.newPage();
    return { page: personal, problems: watchConsole(personal) };
  }
  const authorProblems = watchConsole(page);

  // The admin lowers the threshold to two supports within 90 days, answered within 60.
  const admin = await personPage();
  await login(admin.page, ADMIN.email, ADMIN.password);
  await saveThresholdRule(admin.page, { supports: "2", answerDays: "60" });

  // A resident posts an idea; it collects supports toward the threshold.
  await joinAsNewResident(page, "Maja Idégivare");
  const ideaId = await postIdeaForm(page.request, {
    title: ideaTitle,
    body: "Taket på det nya cykelgaraget vid Resecentrum kan bära solceller som laddar elcyklarna.",
    focusArea: "construction",
    lat: "57.71984",
    lng: "12.93368",
  });
  await page.goto(`/ideas/${ideaId}`);
  const answerPanel = page.locator("#official-answer");
  await expect(answerPanel).toContainText("0 av 2 stöd, 90 dagar kvar");

  // A supporter on the idea page, and another resident: the second support crosses the threshold.
  const supporter = await personPage();
  await joinAsNewResident(supporter.page, "Sami Stödjare");
  await supporter.page.goto(`/ideas/${ideaId}`);
  await supporter.page.locator("#support").getByRole("button", { name: "Stöd idén" }).click();
  await expect(
    supporter.page.locator("#support").getByRole("button", { name: /Du stöder idén/ }),
  ).toBeVisible();
  const second = await playwright.request.newContext({ baseURL });
  await joinRequest(second);
  const vote = await second.post(`/ideas/${ideaId}`, { form: { intent: "vote" }, maxRedirects: 0 });
  expect(vote.status()).toBe(303);
  await second.dispose();
  const due = boråsDay(new Date(Date.now() + 60 * 86_400_000));
  await page.reload();
  await expect(answerPanel).toContainText(`Väntar på officiellt svar senast ${due}`);

  // The official finds it in the queue with its deadline and answers: accepted.
  const official = await personPage();
  await login(official.page, DEMO.official);
  await official.page.getByRole("link", { name: "Officiella svar" }).click();
  const card = official.page.locator(".queue-card", { hasText: ideaTitle });
  await expect(card).toContainText(`Svar senast ${due}`);
  await card.getByText("Svara på idén").click();
  await card.getByRole("radio", { name: "Tas vidare" }).check();
  await card
    .getByLabel("Svar och motivering")
    .fill("Tack! Vi tar idén vidare till innovationsteamet tillsammans med Science Park Borås.");
  await card.getByLabel("Svarar för (partner eller nämnd)").fill("Borås Stad");
  await card.getByRole("button", { name: "Publicera svaret" }).click();
  await expect(official.page.getByRole("status")).toContainText("Svaret är publicerat");

  // The moderator carries the new group to "decided" and makes it an action in one step.
  const moderator = await personPage();
  await login(moderator.page, DEMO.moderator);
  await moderator.page.goto("/moderation/groups");
  await moderator.page.getByRole("link", { name: ideaTitle, exact: true }).click();
  await expect(moderator.page).toHaveURL(/\/moderation\/groups\/\d+$/);
  const groupId = Number(/\/moderation\/groups\/(\d+)$/.exec(moderator.page.url())![1]);
  await moveGroup(moderator.page, "Samskapande", "Vi bjuder in till en workshop om taket.");
  await moveGroup(moderator.page, "Förslag", "Ett förslag om solceller går till teamet.");
  await moveGroup(
    moderator.page,
    "Beslutad",
    "Innovationsteamet har beslutat: solceller på taket.",
  );
  const make = moderator.page.getByRole("region", { name: "Åtgärd", exact: true });
  await make.getByLabel("Rubrik").fill(actionTitle);
  await make.getByLabel("Ansvarig partner").selectOption("Science Park Borås");
  await make.getByLabel("Kontakt (en roll, inte ett namn)").fill("Projektledare energi");
  await make.getByLabel("Beräknad minskning, ton CO₂e per år").fill("8,5");
  await make
    .getByLabel("Hur minskningen är beräknad (metod och källa)")
    .fill("Beräknad årsproduktion 45 MWh × skillnaden mellan nordisk elmix och solel.");
  await make.getByLabel("Budget (kronor)").fill("1 500 000");
  await make.getByLabel("Latitud").fill("57.71984");
  await make.getByLabel("Longitud").fill("12.93368");
  await make.getByRole("button", { name: "Skapa åtgärden" }).click();
  await expect(moderator.page).toHaveURL(/\/actions\/\d+$/);
  const actionId = Number(/\/actions\/(\d+)$/.exec(moderator.page.url())![1]);
  const facts = moderator.page.locator(".action-facts");
  await expect(facts).toContainText("Science Park Borås");
  await expect(facts).toContainText("Projektledare energi");
  await expect(facts).toContainText("8,5 ton CO₂e per år");

  // A progress update on the public timeline.
  await moderator.page.goto(`/moderation/actions/${actionId}`);
  const report = moderator.page.getByRole("region", { name: "Lägesrapport", exact: true });
  await report.getByLabel("Status", { exact: true }).selectOption("started");
  await report.getByLabel("Genomfört (procent, 0–100)").fill("30");
  await report
    .getByLabel("Lägesrapport till invånarna")
    .fill("Upphandlingen är klar och panelerna monteras i mars.");
  await report.getByRole("button", { name: "Publicera lägesrapporten" }).click();
  await expect(moderator.page.locator(".notice")).toBeVisible();

  // The author and the supporter are told: the answer, and the news about the action.
  for (const person of [page, supporter.page]) {
    await person.goto("/me/notifications");
    const mine = person.locator("li", { hasText: ideaTitle });
    await expect(mine.filter({ hasText: "har fått ett officiellt svar" })).toBeVisible();
    await expect(mine.filter({ hasText: "Nytt om åtgärden som" })).toBeVisible();
    await expect(mine.filter({ hasText: "panelerna monteras i mars" })).toBeVisible();
  }

  // Anyone sees the chain on the idea page, and the action in the portfolio: Swedish, then Arabic.
  const visitor = await personPage();
  const v = visitor.page;
  await v.goto(`/ideas/${ideaId}`);
  await expect(v.locator("#official-answer")).toContainText("Tas vidare");
  await expect(v.locator("#official-answer")).toContainText(`Svar för Borås Stad, ${boråsDay()}.`);
  const journey = v.getByRole("region", { name: "Vad hände sedan?" });
  await expect(journey.getByRole("link", { name: ideaTitle })).toHaveAttribute(
    "href",
    `/groups/${groupId}`,
  );
  await expect(journey).toContainText("Beslutad");
  await expect(journey.getByRole("link", { name: actionTitle })).toHaveAttribute(
    "href",
    `/actions/${actionId}`,
  );
  await expect(journey).toContainText("Påbörjad");
  await expect(journey).toContainText("30 %");
  await expectNoAxeViolations(v);

  await v.goto("/actions");
  const cardInList = v.locator(".action-card", { hasText: actionTitle });
  await expect(cardInList).toContainText("Science Park Borås");
  await expect(cardInList).toContainText("8,5 ton CO₂e per år");
  const ideasChart = v.locator("figure.chart", { hasText: "Invånarnas idéer bakom varje åtgärd" });
  await ideasChart.locator("summary").click();
  await expect(ideasChart.getByRole("row", { name: new RegExp(actionTitle) })).toContainText("1");
  const byFocus = v.locator("figure.chart").first();
  await byFocus.locator("summary").click();
  await expect(byFocus.getByRole("row", { name: /Bestående byggnation/ })).toBeVisible();
  await expectNoAxeViolations(v);
  await v.goto(`/actions?focus=construction&status=started`);
  await expect(v.getByRole("link", { name: actionTitle })).toBeVisible();

  await v.goto(`/ideas/${ideaId}?lang=ar`);
  await expect(v.locator("html")).toHaveAttribute("dir", "rtl");
  const journeyAr = v.getByRole("region", { name: "ماذا حدث بعد ذلك؟" });
  await expect(journeyAr.getByRole("link", { name: actionTitle })).toBeVisible();
  await expect(journeyAr).toContainText("بدأ");
  await expect(v.locator("#official-answer")).toContainText("مقبولة");
  await expectNoAxeViolations(v);
  await v.goto("/actions?lang=ar");
  await expect(v.getByRole("heading", { level: 1 })).toHaveText("محفظة الإجراءات");
  await expect(v.getByRole("link", { name: actionTitle })).toBeVisible();
  await expectNoAxeViolations(v);
  await v.goto(`/actions/${actionId}?lang=ar`);
  await expect(v.getByRole("heading", { level: 1 })).toHaveText(actionTitle);
  await expect(v.locator(".timeline")).toContainText("panelerna monteras i mars");
  await expectNoAxeViolations(v);

  // Open data carries it: the CSV row, and a point in the GeoJSON.
  const csv = await (await v.request.get("/open-data/actions.csv")).text();
  const row = csv.split("\r\n").find((line) => line.startsWith(`${actionId},`));
  expect(row).toContain(
    `${actionId},${actionTitle},construction,Science Park Borås,started,30,8.5,1500000,`,
  );
  expect(row).toContain(`,57.71984,12.93368,${ideaId},`);
  const geo = (await (await v.request.get("/open-data/actions.geojson")).json()) as {
    features: { geometry: unknown; properties: Record<string, unknown> }[];
  };
  const feature = geo.features.find((f) => f.properties.id === actionId);
  expect(feature?.geometry).toEqual({ type: "Point", coordinates: [12.93368, 57.71984] });
  expect(feature?.properties).toMatchObject({
    partner: "Science Park Borås",
    status: "started",
    co2e_tonnes_per_year: 8.5,
  });

  expect(authorProblems).toEqual([]);
  for (const person of [admin, supporter, official, moderator, visitor])
    expect(person.problems).toEqual([]);
  for (const context of contexts) await context.close();
});
