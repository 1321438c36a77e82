// Every page in Swedish, English, Finnish and Arabic, signed in as whoever may see it: no raw
// translation key, no unfilled placeholder, no NUL byte in the HTML, no console error; and user
// content that keeps its own direction inside a page of the other direction.
import fs from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { watchConsole } from "./support/console";
import { DEMO, joinAsNewResident, login } from "./support/people";

const sv = JSON.parse(
  fs.readFileSync(new URL("../../app/locales/sv.json", import.meta.url), "utf8"),
) as object;
const LANGS = ["sv", "en", "fi", "ar"] as const;

const PAGES: Record<"anyone" | "resident" | "moderator" | "facilitator", string[]> = {
  anyone: [
    "/",
    "/ideas/1",
    "/ideas/2",
    "/groups",
    "/groups/1",
    "/login",
    "/join",
    "/forgot-password",
    "/accessibility",
    "/open-data",
    "/answers",
    "/w",
    "/privacy",
    "/no-such-page",
  ],
  resident: ["/ideas/new", "/me", "/me/notifications", "/ideas/1"],
  moderator: [
    "/moderation",
    "/moderation/audit",
    "/moderation/groups",
    "/moderation/suggestions",
    "/moderation/answers",
  ],
  facilitator: ["/workshops"],
};

// A raw key is a top-level namespace of the translations followed by a dotted path ("idea.coordinates").
const KEY_LIKE = new RegExp(
  `(?<![\\w@/.-])(?:${Object.keys(sv).join("|")})\\.[A-Za-z][\\w]*(?:\\.[\\w]+)*(?![\\w/-]|\\.[a-z])`,
  "g",
);

async function signedIn(browser: Browser, who: keyof typeof PAGES) {
  const context = await browser.newContext({ locale: "sv-SE" });
  const page = await context.newPage();
  if (who !== "anyone")
    await login(
      page,
      who === "resident" ? DEMO.resident : who === "moderator" ? DEMO.moderator : DEMO.facilitator,
    );
  return page;
}

for (const lang of LANGS) {
  test(`every page in ${lang}: no raw key, no placeholder, no NUL byte, no console error`, async ({
    browser,
  }) => {
    // Some 25 pages, each waited on until idle: minutes on a loaded machine.
    test.setTimeout(300_000);
    const found: string[] = [];
    for (const who of Object.keys(PAGES) as (keyof typeof PAGES)[]) {
      const page = await signedIn(browser, who);
      const problems = watchConsole(page);
      for (const path of PAGES[who]) {
        const response = await page.goto(`${path}?lang=${lang}`);
        expect(response, path).not.toBeNull();
        expect(response!.status(), `${path} as ${who}`).toBeLessThan(500);
        const html = await response!.body();
        if (html.includes(0)) found.push(`${path} (${who}): NUL byte at ${html.indexOf(0)}`);
        await expect(page.locator("html"), path).toHaveAttribute("lang", lang);
        await page.waitForLoadState("networkidle");
        const text = await page.evaluate(() => {
          const attributes = [
            ...document.querySelectorAll("[aria-label],[title],[alt],[placeholder]"),
          ].flatMap((el) =>
            ["aria-label", "title", "alt", "placeholder"].map(
              (name) => el.getAttribute(name) ?? "",
            ),
          );
          return [document.title, document.body.innerText, ...attributes].join("\n");
        });
        for (const match of text.matchAll(KEY_LIKE))
          found.push(`${path} (${who}): raw key "${match[0]}"`);
        for (const match of text.matchAll(/\{\{\s*\w+\s*\}\}/g))
          found.push(`${path} (${who}): placeholder "${match[0]}"`);
      }
      found.push(...problems);
      await page.context().close();
    }
    expect(found).toEqual([]);
  });
}

test("the idea page says where the idea is, in the page's language", async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto("/ideas/1?lang=en");
  await expect(page.locator(".idea-place figcaption")).toHaveText(
    /^Place: 57[.,]\d+, 1[0-9][.,]\d+$/,
  );
  await page.goto("/ideas/1?lang=sv");
  await expect(page.locator(".idea-place figcaption")).toHaveText(/^Plats: 57,\d+, 1[0-9],\d+$/);
  expect(problems).toEqual([]);
});

test("user text keeps its own direction: Swedish in an Arabic page, an Arabic name and comment in a Swedish one", async ({
  browser,
}) => {
  // An Arabic-speaking resident comments in Arabic on a Swedish page.
  const context = await browser.newContext({ locale: "sv-SE" });
  const page = await context.newPage();
  const problems = watchConsole(page);
  const name = "سارة أحمد";
  await joinAsNewResident(page, name);
  await page.goto("/ideas/2?lang=sv");
  const text = "فكرة رائعة، أؤيدها 100٪";
  await page.getByLabel("Skriv en kommentar").fill(text);
  await page.getByRole("button", { name: "Skicka kommentar" }).click();
  const comment = page.locator(".comment", { hasText: text });
  await expect(comment).toBeVisible();
  // The comment reads right to left; the name is isolated from the date after it.
  expect(
    await comment.locator(".comment-body").evaluate((el) => getComputedStyle(el).direction),
  ).toBe("rtl");
  await expect(comment.locator(".comment-meta bdi").first()).toHaveText(name);
  // Swedish ideas in the Arabic page read left to right: title, text, list entries, the byline's name and date isolated.
  await page.goto("/ideas/2?lang=ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  expect(await page.locator("h1").evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
  expect(
    await page
      .locator(".idea-text p")
      .first()
      .evaluate((el) => getComputedStyle(el).direction),
  ).toBe("ltr");
  await expect(page.locator(".idea-meta bdi")).toHaveCount(2);
  expect(
    await comment.locator(".comment-body").evaluate((el) => getComputedStyle(el).direction),
  ).toBe("rtl");
  await page.goto("/?lang=ar");
  const card = page.locator(".idea-card h3").first();
  expect(await card.evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
  expect(problems).toEqual([]);
  await context.close();
});
