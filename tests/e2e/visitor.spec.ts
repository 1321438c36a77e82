// What a visitor does: opens the map of Borås, filters, opens ideas, switches language.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

async function waitForMapIdeas(page: Page) {
  await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
}

test("the map shows Borås with its outline, the demo ideas and the same ideas as a list", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/Samskapa Borås/);
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Idéer för ett klimatneutralt Borås",
  );

  await waitForMapIdeas(page);
  // The municipality outline is drawn even though no tiles load here.
  await expect(
    page.locator(".idea-map path.leaflet-interactive, .idea-map svg path").first(),
  ).toBeAttached();
  const markers = page.locator(".idea-map .cluster-marker, .idea-map .idea-marker");
  await expect(markers.first()).toBeVisible();

  const listHeading = page.getByRole("heading", { level: 2, name: /\d+ idéer/ });
  await expect(listHeading).toBeVisible();
  const total = Number((await listHeading.textContent())!.replace(/\D/g, ""));
  expect(total).toBeGreaterThanOrEqual(80);
  await expect(page.locator(".idea-cards > li")).toHaveCount(20);

  // The clusters on the map hold every idea of the list.
  const mapTotal = await page
    .locator(".idea-map .cluster-marker, .idea-map .idea-marker")
    .evaluateAll((els) =>
      els.reduce(
        (sum, el) => sum + (el.classList.contains("cluster-marker") ? Number(el.textContent) : 1),
        0,
      ),
    );
  expect(mapTotal).toBe(total);

  await expect(page.getByRole("heading", { name: "Fokusområden" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("filtering a focus area narrows both the list and the map", async ({ page }) => {
  await page.goto("/");
  await waitForMapIdeas(page);
  const allText = await page.getByRole("heading", { level: 2, name: /\d+ idéer/ }).textContent();
  const all = Number(allText!.replace(/\D/g, ""));

  await page.getByRole("checkbox", { name: "Modig mobilitet" }).check();
  await expect(page).toHaveURL(/focus=mobility/);
  const heading = page.getByRole("heading", { level: 2, name: /\d+ idé/ });
  await expect(heading).not.toHaveText(allText!);
  const filtered = Number((await heading.textContent())!.replace(/\D/g, ""));
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(all);

  // Every idea in the list is a mobility idea.
  const focusAreas = await page
    .locator(".idea-cards > li")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-focus")));
  expect(new Set(focusAreas)).toEqual(new Set(["mobility"]));

  // The map asks for the same filter and shows the same number.
  await expect
    .poll(async () =>
      page
        .locator(".idea-map .cluster-marker, .idea-map .idea-marker")
        .evaluateAll((els) =>
          els.reduce(
            (sum, el) =>
              sum + (el.classList.contains("cluster-marker") ? Number(el.textContent) : 1),
            0,
          ),
        ),
    )
    .toBe(filtered);
});

test("the filter works without JavaScript too", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("checkbox", { name: "Klokt klimatledarskap" }).check();
  await page.getByRole("button", { name: "Visa" }).click();
  await expect(page).toHaveURL(/focus=leadership/);
  // The URL changes when the new page is committed; its list may still be arriving.
  await expect(page.locator(".idea-cards > li").first()).toBeVisible();
  const focusAreas = await page
    .locator(".idea-cards > li")
    .evaluateAll((els) => els.map((el) => el.getAttribute("data-focus")));
  expect(focusAreas.length).toBeGreaterThan(0);
  expect(new Set(focusAreas)).toEqual(new Set(["leadership"]));
  await context.close();
});

test("an idea opens from the list, with its text, place and comments", async ({ page }) => {
  await page.goto("/");
  const first = page.locator(".idea-cards > li h3 a").first();
  const title = (await first.textContent())!;
  await first.click();
  await expect(page).toHaveURL(/\/ideas\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText(/\d+ stöd/).first()).toBeVisible();
  await expect(page.locator(".location-map .leaflet-marker-icon")).toBeVisible();
  await expect(page.getByRole("heading", { name: /kommentar/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an idea opens from a marker on the map", async ({ page }) => {
  await page.goto("/");
  await waitForMapIdeas(page);
  // Zoom into clusters until a single idea marker shows, as a person would.
  for (let i = 0; i < 8 && (await page.locator(".idea-map .idea-marker").count()) === 0; i++) {
    await page.locator(".idea-map .cluster-marker").first().click();
    await page.waitForTimeout(600);
  }
  const marker = page.locator(".idea-map .idea-marker").first();
  await expect(marker).toBeVisible();
  const name = await marker.getAttribute("title");
  await marker.click();
  const popup = page.locator(".leaflet-popup");
  await expect(popup).toContainText(name!);
  await popup.getByRole("link", { name: "Läs idén" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name!);
});

test("a marker can be reached and opened with the keyboard", async ({ page }) => {
  await page.goto("/?focus=leadership");
  await waitForMapIdeas(page);
  // Enter on a cluster zooms in, until single ideas show.
  for (let i = 0; i < 8 && (await page.locator(".idea-map .idea-marker").count()) === 0; i++) {
    const cluster = page.locator(".idea-map .cluster-marker").first();
    await expect(cluster).toHaveAttribute("aria-label", /idé/);
    await cluster.focus();
    await page.keyboard.press("Enter");
    await page.waitForTimeout(800);
  }
  const marker = page.locator(".idea-map .idea-marker").first();
  const name = (await marker.getAttribute("title"))!;
  await marker.focus();
  await page.keyboard.press("Enter");
  // The popup opens with focus on its link; Enter follows it.
  const link = page.locator(".leaflet-popup").getByRole("link", { name: "Läs idén" });
  await expect(link).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
});

test("switching to English changes the page and is remembered", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Ideas for a climate-neutral Borås",
  );
  await expect(page.getByRole("checkbox", { name: "Brave mobility" })).toBeVisible();

  await page.locator(".idea-cards > li h3 a").first().click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("link", { name: "← Back to the map" })).toBeVisible();

  await page.goto("/?lang=sv");
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
});

test("the strings come once, as a script of their own, and pages opened in the browser speak the same language", async ({
  page,
}) => {
  const strings: { url: string; cacheControl: string | undefined }[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/strings/"))
      strings.push({ url: r.url(), cacheControl: r.headers()["cache-control"] });
  });
  const document = await page.goto("/?lang=ar");
  // Not every string of the site in every page: a message the map page never shows is not in it.
  const html = await document!.text();
  expect(html).not.toContain("تتم معالجة صور كثيرة الآن");
  await waitForMapIdeas(page);
  expect(strings).toHaveLength(1);
  expect(strings[0].url).toMatch(/\/strings\/ar\?v=/);
  expect(strings[0].cacheControl).toContain("immutable");

  // An idea opened from the list is drawn in the browser, in Arabic, without fetching the strings again.
  await page.locator(".idea-cards > li h3 a").first().click();
  await expect(page.getByRole("link", { name: "→ العودة إلى الخريطة" })).toBeVisible();
  expect(strings).toHaveLength(1);
});

test("the site's logo and icon load from the public files, and only the files there are served as such", async ({
  page,
}) => {
  await page.goto("/");
  const logo = page.locator('header img[src="/favicon.svg"]');
  await expect(logo).toBeVisible();
  expect(
    await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
  ).toBeGreaterThan(0);
  const icon = await page.request.get("/favicon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  expect(icon.headers()["cache-control"]).toBe("public, max-age=3600");
  expect((await page.request.get("/favicon.svg/x")).status()).toBe(404);
  expect((await page.request.get("/no-such-file.svg")).status()).toBe(404);
});

test("an English browser gets English without choosing", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await context.close();
});

test("a link with ?lang= to a page that needs signing in opens the sign-in page in that language", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "sv-SE" });
  const page = await context.newPage();
  await page.goto("/ideas/new?lang=fi");
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fi");
  await page.goto("/groups");
  await expect(page.locator("html"), "the choice is remembered").toHaveAttribute("lang", "fi");
  await context.close();
});

test("unknown pages and ideas answer 404 with a helpful page", async ({ page }) => {
  for (const path of ["/no-such-page", "/ideas/999999", "/ideas/abc", "/ideas/1e3", "/ideas/-1"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sidan finns inte");
    await expect(page.getByRole("link", { name: "Till kartan", exact: true })).toBeVisible();
  }
  await expectNoAxeViolations(page);
});

test("the page is usable on a 360 px phone", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto("/");
  await waitForMapIdeas(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(page.locator(".idea-map")).toBeVisible();
  await expect(page.locator(".idea-cards > li").first()).toBeVisible();
  await context.close();
});

test("on a phone the map shows without scrolling; search, stage and sort fold under one button", async ({
  browser,
}) => {
  const height = 844;
  const context = await browser.newContext({
    viewport: { width: 390, height },
    isMobile: true,
    hasTouch: true,
    locale: "sv-SE",
  });
  const page = await context.newPage();
  await page.goto("/");
  await waitForMapIdeas(page);
  const mapTop = await page.locator(".idea-map").evaluate((el) => el.getBoundingClientRect().top);
  expect(mapTop, "at least 200 px of the map in the first screen").toBeLessThan(height - 200);

  const search = page.getByRole("searchbox", { name: "Sök" });
  const toggle = page.getByRole("button", { name: "Sök och fler filter" });
  await expect(search).toBeHidden();
  await expect(page.getByRole("button", { name: "Nära mig" })).toBeVisible();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await search.fill("cykel");
  await expect(page).toHaveURL(/q=cykel/);
  await expectNoAxeViolations(page);

  // A shared link with a search in it opens with the search in view.
  await page.reload();
  await expect(search).toBeVisible();
  await expect(search).toHaveValue("cykel");
  await context.close();
});
