// WCAG 2.1 A/AA with axe on the pages not covered by the journeys, in every language, on a phone,
// at 320 px and 200 % zoom; the skip link; and Arabic right to left.
import { expect, test } from "@playwright/test";
import { DEMO, expectNoAxeViolations, login } from "./support/people";

const PUBLIC_PAGES = ["/", "/ideas/1", "/groups", "/groups/1", "/open-data", "/accessibility", "/login", "/join", "/forgot-password", "/reset-password?token=nope", "/no-such-page"];

for (const lang of ["sv", "en", "fi", "ar"]) {
  test(`public pages pass axe in ${lang}`, async ({ page }) => {
    test.setTimeout(90_000);
    for (const path of PUBLIC_PAGES) {
      await page.goto(`${path}${path.includes("?") ? "&" : "?"}lang=${lang}`);
      await expect(page.locator("html"), path).toHaveAttribute("lang", lang);
      await expect(page.locator("html"), path).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
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
  await page.getByLabel("Ja, jag vill ta bort mitt konto").evaluate((el) => el.removeAttribute("required"));
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
    const context = await browser.newContext({ viewport: { width: Math.round(width / zoom), height: 800 }, deviceScaleFactor: zoom, locale: "sv-SE" });
    const page = await context.newPage();
    for (const path of ["/", "/ideas/1", "/join", "/groups", "/accessibility", "/?lang=ar"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} at ${width}px, zoom ${zoom}`).toBeLessThanOrEqual(1);
    }
    await context.close();
  }
});

test("a person can switch to Arabic on a phone and the layout mirrors", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "sv-SE" });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("link", { name: "العربية" }).click();
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  // The brand sits at the right edge, the map's zoom buttons at the top right.
  const brand = (await page.locator(".brand").boundingBox())!;
  expect(brand.x + brand.width).toBeGreaterThan(390 - 60);
  await expect(page.locator(".idea-map .leaflet-top.leaflet-right .leaflet-control-zoom")).toBeAttached();
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
