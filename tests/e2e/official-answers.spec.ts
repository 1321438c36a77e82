// Issue 15: thresholds and official answers. An admin sets the rule at /admin; an idea passes it;
// an official finds it in the queue and answers; the author sees the answer and a notification;
// /answers counts the month and open data lists it. Bad input, repeats and other roles are refused.
import { expect, test, type APIRequestContext } from "@playwright/test";
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
import { postIdeaForm, type Playwright } from "./support/requests";

test.describe.configure({ mode: "serial" });

const ADMIN = { email: uniqueEmail("admin"), password: "ett långt adminlösenord" };
const DEFAULT_RULE = { supports: "150", days: "90", answerDays: "60" };

/** The day in Borås, as the pages write deadlines and months. */
function boråsDay(date = new Date()) {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(date);
}

async function asAdmin(playwright: Playwright, baseURL: string) {
  const admin = await playwright.request.newContext({ baseURL });
  await loginRequest(admin, ADMIN.email, ADMIN.password);
  return admin;
}

async function setRule(admin: APIRequestContext, rule: Record<string, string>) {
  const response = await admin.post("/admin", {
    form: { intent: "thresholds", ...rule },
    maxRedirects: 0,
  });
  expect(response.status(), "saving the threshold rule").toBe(303);
}

async function support(request: APIRequestContext, ideaId: number) {
  const response = await request.post(`/ideas/${ideaId}`, {
    form: { intent: "vote" },
    maxRedirects: 0,
  });
  expect(response.status(), "supporting").toBe(303);
}

const IDEA = {
  body: "Vattenpåfyllning vid lekplatsen så att barnen slipper köpa vatten på flaska.",
  focusArea: "co-creation",
  lat: "57.7210",
  lng: "12.9401",
};

test.beforeAll(() => {
  // The only admin of the suite, made as an operator would (the demo data has none).
  createAccount({
    email: ADMIN.email,
    password: ADMIN.password,
    name: "Test Admin",
    role: "admin",
  });
});

test.afterAll(async ({ playwright, baseURL }) => {
  // Other specs share this database: the rule goes back to the default.
  const admin = await asAdmin(playwright, baseURL!);
  await setRule(admin, DEFAULT_RULE);
  await admin.dispose();
});

test("the admin's threshold form refuses bad numbers with a message and changes nothing", async ({
  page,
  playwright,
  baseURL,
}) => {
  const admin = await asAdmin(playwright, baseURL!);
  for (const [rule, message] of [
    [{ ...DEFAULT_RULE, supports: "abc" }, "Skriv ett heltal."],
    [{ ...DEFAULT_RULE, days: "0" }, "Talet ligger utanför det tillåtna"],
    [{ ...DEFAULT_RULE, answerDays: "2.5" }, "Skriv ett heltal."],
  ] as const) {
    const response = await admin.post("/admin", { form: { intent: "thresholds", ...rule } });
    expect(response.status(), JSON.stringify(rule)).toBe(400);
    expect(await response.text()).toContain(message);
  }
  const problems = watchConsole(page);
  await login(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin");
  await expect(page.getByLabel("Antal stöd")).toHaveValue("150");
  await expect(page.getByLabel("Svarstid i dagar")).toHaveValue("60");
  // Through the form: a number out of range is shown next to the field, in Swedish.
  await page.getByLabel("Antal stöd").fill("0");
  await page.getByLabel("Antal stöd").evaluate((el) => el.removeAttribute("min"));
  await page.getByRole("button", { name: "Spara tröskeln" }).click();
  await expect(page.locator("#threshold-supports-error")).toContainText(
    "Talet ligger utanför det tillåtna",
  );
  await expectNoAxeViolations(page);
  // The admin can make someone an official.
  const resident = await playwright.request.newContext({ baseURL });
  const email = await joinRequest(resident);
  await page.goto(`/admin?q=${encodeURIComponent(email)}`);
  const row = page.locator("tbody tr", { hasText: email });
  await row.getByRole("combobox").selectOption("official");
  await row.getByRole("button", { name: "Spara" }).click();
  await expect(page).toHaveURL(/notice=saved/);
  await page.goto(`/admin?q=${encodeURIComponent(email)}`);
  await expect(row.getByRole("combobox")).toHaveValue("official");
  await resident.dispose();
  await admin.dispose();
  // The refused save is a 400 by design, which Chromium reports as a failed resource.
  expect(problems.filter((p) => !/status of 400 .*\/admin\.data/.test(p))).toEqual([]);
});

test("an idea passes the threshold, an official answers it, and its author is told", async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  const admin = await asAdmin(playwright, baseURL!);
  await setRule(admin, { supports: "2", days: "90", answerDays: "60" });

  // The author posts an idea and sees its progress toward the threshold.
  const problems = watchConsole(page);
  await joinAsNewResident(page, "Tova Författare");
  const title = `Vattenpost vid lekplatsen ${Date.now()}`;
  const ideaId = await postIdeaForm(page.request, { ...IDEA, title });
  await page.goto(`/ideas/${ideaId}`);
  const panel = page.locator("#official-answer");
  await expect(panel).toContainText("0 av 2 stöd, 90 dagar kvar");
  await expect(panel.locator("progress")).toHaveAttribute("max", "2");

  // Two confirmed residents support it: the second support crosses the threshold.
  for (let n = 0; n < 2; n++) {
    const supporter = await playwright.request.newContext({ baseURL });
    await joinRequest(supporter);
    await support(supporter, ideaId);
    await supporter.dispose();
  }
  await page.reload();
  const due = boråsDay(new Date(Date.now() + 60 * 86_400_000));
  await expect(panel).toContainText(`Väntar på officiellt svar senast ${due}`);

  // The official sees it in the queue, with its deadline, and answers.
  const officialContext = await browser.newContext({ locale: "sv-SE" });
  const official = await officialContext.newPage();
  const officialProblems = watchConsole(official);
  await login(official, DEMO.official);
  await official.getByRole("link", { name: "Officiella svar" }).click();
  await expect(official).toHaveURL(/\/moderation\/answers$/);
  const card = official.locator(".queue-card", { hasText: title });
  await expect(card).toContainText(`Svar senast ${due}`);
  // Oldest deadline first: the demo idea that is overdue comes before this one.
  const titles = await official.locator(".queue-card h2").allTextContents();
  expect(titles.indexOf("Klimatkafé på biblioteket varje månad")).toBeLessThan(
    titles.indexOf(title),
  );
  await expect(official.locator(".queue-card").first()).toContainText("Försenat");
  await expectNoAxeViolations(official);
  await card.getByText("Svara på idén").click();
  await card.getByLabel("Inte nu").check();
  await card
    .getByLabel("Svar och motivering")
    .fill("Tack! Vattenposter ingår i upprustningen av parken nästa år, inte i år.");
  await card.getByLabel("Svarar för (partner eller nämnd)").fill("Borås Stad");
  await card.getByRole("button", { name: "Publicera svaret" }).click();
  await expect(official.getByRole("status")).toContainText("Svaret är publicerat");
  await expect(official.locator(".queue-card", { hasText: title })).toHaveCount(0);
  expect(officialProblems).toEqual([]);
  await officialContext.close();

  // The author sees the answer on the idea and a notification.
  await page.goto(`/ideas/${ideaId}`);
  await expect(panel).toContainText("Inte nu");
  await expect(panel).toContainText("Vattenposter ingår i upprustningen");
  await expect(panel).toContainText(`Svar för Borås Stad, ${boråsDay()}.`);
  await expectNoAxeViolations(page);
  await page.goto("/me/notifications");
  await expect(
    page.locator("li", { hasText: "har fått ett officiellt svar" }).filter({ hasText: title }),
  ).toBeVisible();

  // /answers counts it in this month, and open data lists it.
  await page.goto("/answers");
  const month = boråsDay().slice(0, 7);
  const row = page.getByRole("row", { name: new RegExp(`^${month}`) });
  await expect(row).toBeVisible();
  expect(Number(await row.getByRole("cell").nth(0).textContent())).toBeGreaterThanOrEqual(1);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Klimatkafé på biblioteket varje månad" }),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  const csv = await (await page.request.get("/open-data/answers.csv")).text();
  expect(csv.split("\r\n")[0]).toBe(
    "idea_id,verdict,answered_for,answered_at,due_at,supports_at_threshold",
  );
  expect(csv).toMatch(new RegExp(`\\r\\n${ideaId},not-now,Borås Stad,[^,]+,[^,]+,2\\r\\n`));
  expect(problems).toEqual([]);
  await admin.dispose();
});

test("bad answers are refused with a clear message and change nothing", async ({
  playwright,
  baseURL,
}) => {
  const official = await playwright.request.newContext({ baseURL });
  await loginRequest(official, DEMO.official);
  const queue = await (await official.get("/moderation/answers")).text();
  const dueId = Number(/action="\/moderation\/answers\/(\d+)"/.exec(queue)?.[1]);
  expect(dueId).toBeGreaterThan(0);
  const answer = { verdict: "rejected", text: "Nej, därför att …", answeredFor: "Navet" };
  const post = (id: number | string, form: Record<string, string>, headers = {}) =>
    official.post(`/moderation/answers/${id}`, { form, headers, maxRedirects: 0 });

  const cases: [string, number | string, Record<string, string>, number, string][] = [
    ["no verdict", dueId, { text: answer.text, answeredFor: "Navet" }, 400, "Välj ett beslut."],
    ["an unknown verdict", dueId, { ...answer, verdict: "maybe" }, 400, "Välj ett av besluten"],
    ["no reasons", dueId, { ...answer, text: "  " }, 400, "Skriv svaret och motiveringen."],
    ["no one answered for", dueId, { ...answer, answeredFor: "" }, 400, "Skriv vem du svarar för."],
    [
      "an unknown group",
      dueId,
      { ...answer, verdict: "accepted", groupId: "99999" },
      400,
      "gruppen finns inte",
    ],
    [
      "an action that does not exist",
      dueId,
      { ...answer, verdict: "already-planned", actionId: "99999999" },
      400,
      "Det finns ingen åtgärd med det numret i portföljen.",
    ],
    [
      "an action number that is not a number",
      dueId,
      { ...answer, verdict: "already-planned", actionId: "tolv" },
      400,
      "Åtgärdens nummer ska vara ett positivt heltal.",
    ],
    ["an idea that does not exist", 99_999_999, answer, 404, "Idén finns inte."],
    ["an id that cannot be one", "abc", answer, 404, "Idén finns inte."],
  ];
  for (const [what, id, form, status, message] of cases) {
    const response = await post(id, form);
    expect(response.status(), what).toBe(status);
    expect(await response.text(), what).toContain(message);
  }
  // An idea that has not reached the threshold.
  const resident = await playwright.request.newContext({ baseURL });
  await joinRequest(resident);
  const fresh = await postIdeaForm(resident, { ...IDEA, title: `Ny idé ${Date.now()}` });
  const notDue = await post(fresh, answer);
  expect(notDue.status()).toBe(409);
  expect(await notDue.text()).toContain("har inte nått tröskeln");
  // Nothing changed: the due idea is still in the queue, with no answer.
  expect(await (await official.get("/moderation/answers")).text()).toContain(
    `/moderation/answers/${dueId}"`,
  );
  // A second answer (the demo idea answered in the seed) is refused, whatever it says.
  const csv = await (await official.get("/open-data/answers.csv")).text();
  const answeredId = Number(csv.split("\r\n")[1].split(",")[0]);
  const again = await post(answeredId, { ...answer, verdict: "accepted" });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain("har redan fått sitt officiella svar");
  expect(await (await official.get("/open-data/answers.csv")).text()).toBe(csv);
  // From another site: refused like every other write.
  const crossSite = await post(dueId, answer, { Origin: "https://evil.example" });
  expect(crossSite.status()).toBe(403);
  await resident.dispose();
  await official.dispose();
});

test("residents and anonymous visitors cannot reach the queue; officials reach nothing else", async ({
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const anon = await anonymous.get("/moderation/answers", { maxRedirects: 0 });
  expect(anon.status()).toBe(302);
  expect(anon.headers().location).toMatch(/^\/login/);

  const resident = await playwright.request.newContext({ baseURL });
  await loginRequest(resident, DEMO.resident);
  expect((await resident.get("/moderation/answers")).status()).toBe(403);
  const post = await resident.post("/moderation/answers/1", {
    form: { verdict: "rejected", text: "Nej.", answeredFor: "Navet" },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(403);

  const official = await playwright.request.newContext({ baseURL });
  await loginRequest(official, DEMO.official);
  expect((await official.get("/moderation/answers")).status()).toBe(200);
  for (const path of [
    "/moderation",
    "/moderation/hidden",
    "/moderation/groups",
    "/moderation/actions",
    "/moderation/actions/1",
    "/admin",
  ])
    expect((await official.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
  // Nor can they write to the action portfolio: an action is the innovation team's to make.
  const newAction = await official.post("/moderation/actions", {
    form: { title: "Ny åtgärd", body: "En åtgärd som en tjänsteperson försöker skapa." },
    maxRedirects: 0,
  });
  expect(newAction.status()).toBe(403);
  const update = await official.post("/moderation/actions/1", {
    form: { intent: "update", status: "started", progress: "10", message: "Försök" },
    maxRedirects: 0,
  });
  expect(update.status()).toBe(403);
  const hide = await official.post("/moderation/ideas/1", {
    form: { intent: "hide", reason: "test" },
    maxRedirects: 0,
  });
  expect(hide.status()).toBe(403);

  const moderator = await playwright.request.newContext({ baseURL });
  await loginRequest(moderator, DEMO.moderator);
  expect((await moderator.get("/moderation/answers")).status()).toBe(200);
  for (const context of [anonymous, resident, official, moderator]) await context.dispose();
});

test("the public answers page passes axe in Arabic, right to left", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/answers?lang=ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "الردود الرسمية على أفكار السكان",
  );
  await expectNoAxeViolations(page);
  await page.goto("/answers?lang=sv");
  expect(problems).toEqual([]);
});
