// WCAG 2.1 A/AA with axe on the pages not covered by the journeys, in every language, on a phone,
// at 320 px and 200 % zoom; the skip link; and Arabic right to left.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO, expectNoAxeViolations, login } from "./support/people";

const PUBLIC_PAGES = [
  "/",
  "/ideas/1",
  "/groups",
  "/groups/1",
  "/open-data",
  "/accessibility",
  "/login",
  "/join",
  "/forgot-password",
  "/reset-password?token=nope",
  "/no-such-page",
];

for (const lang of ["sv", "en", "fi", "ar"]) {
  test(`public pages pass axe in ${lang}`, async ({ page }) => {
    test.setTimeout(90_000);
    for (const path of PUBLIC_PAGES) {
      await page.goto(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      await expect(page.locator("html"), path).toHaveAttribute("lang", lang);
      await expect(page.locator("html"), path).toHaveAttribute(
        "dir",
        lang === "ar" ? "rtl" : "ltr",
      );
      await test.step(`axe ${path} (${lang})`, () => expectNoAxeViolations(page));
    }
  });
}

test("signed-in pages pass axe: my pages, deleting, admin", async ({ page }) => {
  await login(page, DEMO.resident);
  for (const path of ["/me", "/me/notifications", "/me/delete", "/ideas/new"]) {
    await page.goto(path);
    await test.step(`axe ${path}`, () => expectNoAxeViolations(page));
  }
  // An error state: the delete form sent without confirming.
  await page.goto("/me/delete");
  await page
    .getByLabel("Ja, jag vill ta bort mitt konto")
    .evaluate((el) => el.removeAttribute("required"));
  await page.getByRole("button", { name: "Ta bort mitt konto" }).click();
  await expect(page.getByText("Kryssa i rutan för att bekräfta")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an open report dialog and the reply form pass axe", async ({ page }) => {
  await login(page, DEMO.resident);
  await page.goto("/ideas/2");
  await page.getByText("Anmäl idén").click();
  await page.getByText("Svara", { exact: true }).first().click();
  await expectNoAxeViolations(page);
});

test("the skip link is first in the tab order and moves focus to the content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Hoppa till innehållet" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("pages reflow at 320 px and at 200 % zoom without sideways scrolling", async ({ browser }) => {
  for (const [width, zoom] of [
    [320, 1],
    [1280, 2],
  ] as const) {
    const context = await browser.newContext({
      viewport: { width: Math.round(width / zoom), height: 800 },
      deviceScaleFactor: zoom,
      locale: "sv-SE",
    });
    const page = await context.newPage();
    for (const path of ["/", "/ideas/1", "/join", "/groups", "/accessibility", "/?lang=ar"]) {
      await page.goto(path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${path} at ${width}px, zoom ${zoom}`).toBeLessThanOrEqual(1);
    }
    await context.close();
  }
});

test("a person can switch to Arabic on a phone and the layout mirrors", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "sv-SE",
  });
  const page = await context.newPage();
  await page.goto("/");
  // On a phone the languages are under the menu.
  await page.locator("summary", { hasText: "Meny" }).click();
  await page.getByRole("link", { name: "العربية" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  // The brand sits at the right edge, the map's zoom buttons at the top right.
  const brand = (await page.locator(".brand").boundingBox())!;
  expect(brand.x + brand.width).toBeGreaterThan(390 - 60);
  await expect(
    page.locator(".idea-map .leaflet-top.leaflet-right .leaflet-control-zoom"),
  ).toBeAttached();
  // The choice is remembered.
  await page.goto("/groups");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await context.close();
});

test("motion stops under prefers-reduced-motion", async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: "reduce", locale: "sv-SE" });
  const page = await context.newPage();
  await page.goto("/");
  const animation = await page.evaluate(() => {
    const probe = document.createElement("div");
    probe.className = "screen-marker is-fresh";
    probe.innerHTML = '<span class="idea-marker-body"></span>';
    document.body.append(probe);
    return getComputedStyle(probe.querySelector(".idea-marker-body")!).animationName;
  });
  expect(animation).toBe("none");
  await context.close();
});

test("with the keyboard alone: support an idea, comment on it and report it", async ({ page }) => {
  await login(page, DEMO.resident);
  // An idea the demo resident does not support yet.
  let id = 0;
  for (let n = 1; n < 60 && !id; n++) {
    await page.goto(`/ideas/${n}`);
    if (await page.getByRole("button", { name: "Stöd idén" }).count()) id = n;
  }
  expect(id).toBeGreaterThan(0);
  const tabTo = async (target: ReturnType<typeof page.locator>, what: string) => {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press("Tab");
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`Tab never reached ${what}`);
  };
  const count = Number((await page.locator(".support-count").textContent())!.replace(/\D/g, ""));
  await page.locator("body").focus();
  await tabTo(page.getByRole("button", { name: "Stöd idén" }), "the support button");
  await page.keyboard.press("Enter");
  await expect(page.locator(".support-count")).toHaveText(`${count + 1} stöd`);

  await tabTo(page.getByLabel("Skriv en kommentar"), "the comment field");
  await page.keyboard.type("Skrivet med tangentbordet.");
  await tabTo(page.getByRole("button", { name: "Skicka kommentar" }), "the send button");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Din kommentar är publicerad.")).toBeVisible();
  await expect(
    page.locator(".comment-body").filter({ hasText: "Skrivet med tangentbordet." }),
  ).toBeVisible();

  const summary = page.locator("summary", { hasText: "Anmäl idén" });
  await tabTo(summary, "the report summary");
  await page.keyboard.press("Enter");
  // A radio group is one tab stop; the arrow keys choose within it.
  await tabTo(page.getByRole("radio", { name: "Reklam eller spam" }), "the reasons");
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "Hör inte hit" })).toBeChecked();
  await tabTo(page.getByRole("button", { name: "Skicka anmälan" }), "the send button");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Tack! Din anmälan är skickad till moderatorerna.")).toBeVisible();
});

test("in Arabic on a phone, a resident posts an idea with the layout mirrored", async ({
  browser,
}) => {
  const ar = JSON.parse(fs.readFileSync(path.resolve("app/locales/ar.json"), "utf8")) as Record<
    string,
    Record<string, string>
  >;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "ar",
  });
  const page = await context.newPage();
  await page.goto("/login?lang=ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await page.getByLabel(ar.auth.email).fill(DEMO.resident);
  await page.getByLabel(ar.auth.password, { exact: true }).fill("samskapa-demo");
  await page.getByRole("button", { name: ar.auth.loginButton }).click();
  await expect(page.locator('.main-nav a[href="/me"]')).toHaveText(new RegExp(ar.nav.me));
  await page.goto("/ideas/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(ar.newIdea.title);
  const title = page.getByLabel(ar.newIdea.titleLabel);
  await title.fill("مقاعد وظل في الساحة الكبرى");
  await page
    .getByLabel(ar.newIdea.bodyLabel)
    .fill("نريد أشجارًا تعطي ظلًا ومقاعد في الساحة الكبرى في وسط المدينة.");
  // Right to left: the field's label starts at the right edge of the form.
  const label = (await page
    .locator(`label[for="${await title.getAttribute("id")}"]`)
    .boundingBox())!;
  const field = (await title.boundingBox())!;
  expect(label.x + label.width).toBeGreaterThan(field.x + field.width - 40);
  await page.getByRole("radio").nth(1).check();
  await page.getByLabel(ar.placePicker.placeListLabel).selectOption({ label: "Stora torget" });
  await page.getByRole("button", { name: ar.newIdea.submit }).click();
  await expect(page).toHaveURL(/\/ideas\/\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("مقاعد وظل في الساحة الكبرى");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await context.close();
});
