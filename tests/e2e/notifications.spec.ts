// Notifications as a resident meets them in week one: each says who did what (by the name they have
// now; a deleted account is a former participant) and the stage by its name; opening one marks it
// read; e-mail comes as chosen on /me — at once, or not for a kind turned off. On a phone, in
// Swedish and Arabic, with no console error.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import type { Playwright } from "./support/requests";
import {
  confirmEmail,
  DEMO,
  JOIN_PASSWORD,
  loginRequest,
  PHONE,
  uniqueEmail,
  residentAddress,
} from "./support/people";
import { postIdeaForm } from "./support/requests";
import { watchConsole } from "./support/console";

const OUTBOX = path.join(process.env.E2E_DB_DIR ?? "", "outbox");
// The isolation marks around names and titles (U+2068 … U+2069) are invisible; a regex allows them.
const iso = (text: string) => `\u2068?${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\u2069?`;

async function join(playwright: Playwright, baseURL: string, name: string) {
  const email = uniqueEmail("notify");
  const request = await playwright.request.newContext({ baseURL });
  const response = await request.post("/join", {
    form: { name, email, password: JOIN_PASSWORD },
    headers: { "X-Forwarded-For": residentAddress() },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  // Mail goes only to a confirmed address: each follows the link, as a person would.
  await confirmEmail(request, email);
  return { request, email };
}

async function signInPage(page: Page, email: string) {
  const response = await page.request.post("/login", {
    form: { email, password: JOIN_PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
}

async function comment(request: APIRequestContext, ideaId: number, body: string) {
  const response = await request.post(`/ideas/${ideaId}`, {
    form: { intent: "comment", body },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text().catch(() => "")).toBeLessThan(400);
}

/**
 * The notification e-mails in the outbox to this address (each file is { to, subject, text }): all
 * but the link that confirms the address, which every account made through /join gets first.
 */
function mailsTo(address: string): { to: string; subject: string; text: string }[] {
  if (!fs.existsSync(OUTBOX)) return [];
  return fs
    .readdirSync(OUTBOX)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(fs.readFileSync(path.join(OUTBOX, f), "utf8")))
    .filter((m) => m.to === address && !m.text.includes("/join/confirm?token="));
}

const idea = (title: string) => ({
  title,
  body: "Ett lånecykelställ med tio cyklar, öppet dygnet runt, för dem som kommer med tåget.",
  focusArea: "mobility",
  lat: "57.7196",
  lng: "12.9339",
});

test("who did what, opening marks read, a deleted commenter is a former participant, e-mail at once", async ({
  browser,
  playwright,
  baseURL,
}, testInfo) => {
  test.setTimeout(90_000);
  const stamp = Date.now().toString(36);
  const author = await join(playwright, baseURL!, `Ali ${stamp}`);
  const title = `Lånecyklar vid Knalleland ${stamp}`;
  const ideaId = await postIdeaForm(author.request, idea(title));
  const anna = await join(playwright, baseURL!, `Anna Berg ${stamp}`);
  await comment(anna.request, ideaId, "Ja! Och en cykelpump bredvid, tack.");

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signInPage(page, author.email);
  await page.goto("/me/notifications");
  const line = new RegExp(`${iso(`Anna Berg ${stamp}`)} kommenterade din idé ”${iso(title)}”\\.`);
  await expect(page.getByText(line)).toBeVisible();
  await expect(page.getByText("Du har 1 oläst avisering.")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("notifications-phone.png"), fullPage: true });

  // Opening it marks it read and leads to the comment.
  await page.getByRole("button", { name: "Visa och markera som läst" }).click();
  await expect(page).toHaveURL(new RegExp(`/ideas/${ideaId}#comment-\\d+$`));
  await page.goto("/me/notifications");
  await expect(page.getByText("Du har 0 olästa aviseringar.")).toBeVisible();

  // The e-mail went at once (the default), saying the same.
  await expect.poll(() => mailsTo(author.email).length, { timeout: 20_000 }).toBe(1);
  const [mail] = mailsTo(author.email);
  expect(mail.subject).toMatch(line);
  expect(mail.text).toContain("Ja! Och en cykelpump bredvid, tack.");
  expect(mail.text).toMatch(new RegExp(`/ideas/${ideaId}#comment-\\d+`));

  // Anna deletes her account: her old name is gone from the author's notifications.
  expect(
    (await anna.request.post("/me/delete", { form: { confirm: "yes" }, maxRedirects: 0 })).status(),
  ).toBe(302);
  await page.reload();
  await expect(
    page.getByText(
      new RegExp(`${iso("En tidigare deltagare")} kommenterade din idé ”${iso(title)}”`),
    ),
  ).toBeVisible();
  await expect(page.locator("main")).not.toContainText("Anna Berg");

  // Someone else's notification cannot be opened (nor tell whether it exists).
  const ids = await page
    .locator('input[name="id"]')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  const other = await join(playwright, baseURL!, `Eve ${stamp}`);
  for (const id of [ids[0], "0", "abc", "99999999999"]) {
    const response = await other.request.post("/me/notifications", {
      form: { intent: "open", id },
      maxRedirects: 0,
    });
    expect(response.status(), id).toBe(404);
  }
  expect(problems).toEqual([]);
  await context.close();
});

test("the stage by its name, in Swedish and in Arabic", async ({
  browser,
  playwright,
  baseURL,
}, testInfo) => {
  const stamp = Date.now().toString(36);
  const author = await join(playwright, baseURL!, `Sam ${stamp}`);
  const title = `Solceller på Sjöboskolan ${stamp}`;
  const ideaId = await postIdeaForm(author.request, { ...idea(title), focusArea: "construction" });
  const moderator = await playwright.request.newContext({ baseURL });
  await loginRequest(moderator, DEMO.moderator);
  const created = await moderator.post("/moderation/groups", {
    form: {
      title: `Solenergi ${stamp}`,
      summary: "",
      focusArea: "construction",
      ideaId: String(ideaId),
    },
    maxRedirects: 0,
  });
  expect(created.status()).toBeLessThan(400);
  const groupPath = new URL(created.headers().location!, baseURL).pathname;
  const moved = await moderator.post(groupPath, {
    form: {
      intent: "set-stage",
      stage: "co-creation",
      message: "Vi ses på workshop den 14 januari.",
      confirm: "yes",
    },
    maxRedirects: 0,
  });
  expect(moved.status()).toBe(303);

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signInPage(page, author.email);
  await page.goto("/me/notifications");
  await expect(
    page.getByText(
      new RegExp(`”${iso(title)}” ingår i har gått vidare till skedet Samskapande\\.`),
    ),
  ).toBeVisible();
  await expect(page.getByText("Vi ses på workshop den 14 januari.")).toBeVisible();

  await page.goto("/me/notifications?lang=ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByText(/إلى مرحلة الابتكار المشترك|إلى مرحلة/).first()).toBeVisible();
  const text = await page.locator("main").innerText();
  expect(text).not.toMatch(/notifications\.|stages\.|\{\{/);
  expect(text).not.toContain("co-creation");
  await page.screenshot({ path: testInfo.outputPath("notifications-arabic.png"), fullPage: true });
  await page.goto("/me/notifications?lang=sv");
  expect(problems).toEqual([]);
  await context.close();
});

test("/me keeps its promise: each kind switchable, at once or once a day", async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const stamp = Date.now().toString(36);
  const author = await join(playwright, baseURL!, `Kim ${stamp}`);
  const ideaId = await postIdeaForm(author.request, idea(`Cykelpump vid Resecentrum ${stamp}`));

  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const problems = watchConsole(page);
  await signInPage(page, author.email);
  await page.goto("/me");
  const settings = page.getByRole("region", { name: "E-post om aviseringar" });
  await expect(settings.getByLabel("Kommentarer på mina idéer")).toBeChecked();
  await expect(settings.getByLabel("Direkt, ett e-postmeddelande för varje")).toBeChecked();
  await settings.getByLabel("Kommentarer på mina idéer").uncheck();
  await settings.getByRole("button", { name: "Spara e-postinställningarna" }).click();
  await expect(page.getByText("Sparat.")).toBeVisible();
  await expect(settings.getByLabel("Kommentarer på mina idéer")).not.toBeChecked();
  await expect(settings.getByLabel("Svar på mina kommentarer")).toBeChecked();

  // A comment now: on the page, but no e-mail (the mailer runs every few seconds; give it two rounds).
  const commenter = await join(playwright, baseURL!, `Lo ${stamp}`);
  await comment(commenter.request, ideaId, "Bra, jag cyklar dit varje dag.");
  await page.goto("/me/notifications");
  await expect(page.getByText(new RegExp(`${iso(`Lo ${stamp}`)} kommenterade`))).toBeVisible();
  await page.waitForTimeout(12_000);
  expect(mailsTo(author.email)).toHaveLength(0);

  // Once a day instead: the choice is kept.
  await page.goto("/me");
  await settings.getByLabel("Kommentarer på mina idéer").check();
  await settings.getByLabel("En sammanfattning om dagen, på kvällen").check();
  await settings.getByRole("button", { name: "Spara e-postinställningarna" }).click();
  await expect(page.getByText("Sparat.")).toBeVisible();
  await expect(settings.getByLabel("En sammanfattning om dagen, på kvällen")).toBeChecked();
  await expect(settings.getByLabel("Kommentarer på mina idéer")).toBeChecked();
  expect(problems).toEqual([]);
  await context.close();
});
