// Layout on a phone, at 320 px and without JavaScript: the map in the first screen, the menu,
// styled form fields, one message per mistake, popups inside the map, words broken only where a
// hyphen shows, and a map box that says what to do when there is no JavaScript.
import {
  expect,
  test,
  type Browser,
  type BrowserContextOptions,
  type Page,
} from "@playwright/test";
import { DEMO, PHONE, login, loginRequest } from "./support/people";
import { watchConsole } from "./support/console";

async function open(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  const page = await context.newPage();
  return { page, problems: watchConsole(page), close: () => context.close() };
}

for (const lang of ["sv", "en", "fi", "ar"]) {
  test(`on a phone the map starts in the top 40 % of the screen (${lang})`, async ({ browser }) => {
    const { page, problems, close } = await open(browser);
    await page.goto(`/?lang=${lang}`);
    await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
    const top = await page.locator(".idea-map").evaluate((el) => el.getBoundingClientRect().top);
    expect(top, "where the map starts").toBeLessThanOrEqual(0.4 * 844);
    // Nothing scrolls sideways: the focus areas scroll within their own row.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    expect(problems).toEqual([]);
    await close();
  });
}

test("on a phone the navigation and the languages are behind Menu, with or without JavaScript", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  for (const javaScriptEnabled of [true, false]) {
    const { page, problems, close } = await open(browser, { javaScriptEnabled });
    await page.goto("/");
    const groups = page.getByRole("link", { name: "Grupper" });
    await expect(groups).toBeHidden();
    await expect(page.getByRole("link", { name: "English" })).toBeHidden();
    const header = await page.locator(".site-header").boundingBox();
    expect(header!.height, "the header is one line").toBeLessThan(72);
    await page.locator("summary", { hasText: "Meny" }).click();
    await expect(groups).toBeVisible();
    await expect(page.getByRole("link", { name: "Lämna en idé" })).toBeVisible();
    await page.getByRole("link", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    // The menu closes on the new page.
    await expect(page.getByRole("link", { name: "Groups" })).toBeHidden();
    await page.locator("summary", { hasText: "Menu" }).click();
    await page.getByRole("link", { name: "Groups" }).click();
    await expect(page).toHaveURL(/\/groups/);
    await expect(page.getByRole("link", { name: "Groups" })).toBeHidden();
    expect(problems).toEqual([]);
    await close();
  }
});

test("on a wide screen the navigation shows without a Menu button", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Grupper" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Svenska" })).toBeVisible();
  await expect(page.locator("summary", { hasText: "Meny" })).toBeHidden();
});

test("without JavaScript the map box says the map needs it and points to the list", async ({
  browser,
}) => {
  const { page, close } = await open(browser, { javaScriptEnabled: false });
  await page.goto("/");
  const box = page.locator(".idea-map");
  await expect(box).toContainText("Kartan behöver JavaScript");
  await expect(page.getByText("Kartan laddas")).toBeHidden();
  await box.getByRole("link", { name: "Till listan med idéer" }).click();
  await expect(page).toHaveURL(/#list-heading$/);
  const top = await page.locator("#list-heading").evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeLessThan(200);
  await close();
});

test("a map popup on a phone stays inside the map, even for an idea at its right edge", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  for (const lang of ["sv", "ar"]) {
    const { page, problems, close } = await open(browser);
    await page.goto(`/?lang=${lang}&bbox=12.925,57.715,12.95,57.727`);
    await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
    // Wait for the view to settle into the URL, as a person would before tapping.
    await page.waitForTimeout(1000);
    const markers = page.locator(".idea-map .idea-marker");
    const frame = (await page.locator(".idea-map").boundingBox())!;
    let rightmost = 0;
    let rightmostX = -Infinity;
    for (let i = 0; i < (await markers.count()); i++) {
      const box = await markers.nth(i).boundingBox();
      if (box && box.x > rightmostX && box.x + box.width <= frame.x + frame.width) {
        rightmostX = box.x;
        rightmost = i;
      }
    }
    // Near enough to the right edge that a popup centred on it would stick out.
    expect(rightmostX, "a marker near the right edge").toBeGreaterThan(frame.x + frame.width - 160);
    await markers.nth(rightmost).click();
    const popup = page.locator(".leaflet-popup-content-wrapper");
    await expect(popup).toBeVisible();
    await expect(async () => {
      const box = (await popup.boundingBox())!;
      const map = (await page.locator(".idea-map").boundingBox())!;
      expect(box.x, "left edge").toBeGreaterThanOrEqual(map.x);
      expect(box.x + box.width, "right edge").toBeLessThanOrEqual(map.x + map.width);
      expect(box.y, "top edge").toBeGreaterThanOrEqual(map.y);
    }).toPass({ timeout: 5000 });
    // Its lines start where the page's do: on the right in Arabic (Leaflet's own style is left).
    const text = await popup.locator(".idea-popup-focus").evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const { left, right } = range.getBoundingClientRect();
      return { left, right };
    });
    const frameOfPopup = (await popup.boundingBox())!;
    if (lang === "ar")
      expect(text.right, "the Arabic line ends at the popup's right").toBeGreaterThan(
        frameOfPopup.x + frameOfPopup.width - 40,
      );
    else
      expect(text.left, "the Swedish line starts at the popup's left").toBeLessThan(
        frameOfPopup.x + 40,
      );
    await page.screenshot({ path: test.info().outputPath(`popup-${lang}.png`) });
    expect(problems).toEqual([]);
    await close();
  }
});

async function expectStyledField(page: Page, selector: string) {
  const style = await page.locator(selector).evaluate((el) => {
    const s = getComputedStyle(el);
    return { border: parseFloat(s.borderTopWidth), height: el.getBoundingClientRect().height };
  });
  expect(style.border, `${selector} has a visible border`).toBeGreaterThanOrEqual(2);
  expect(style.height, `${selector} is a touch target`).toBeGreaterThanOrEqual(44);
}

test("form fields without a type are styled: the name on the workshop phone, the sticky-note title on the console", async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const facilitator = await playwright.request.newContext({ baseURL });
  await loginRequest(facilitator, DEMO.facilitator);
  const created = await facilitator.post("/workshops", {
    form: { title: "Layoutworkshop", dots: "3", place: "navet", publish: "on-close" },
    maxRedirects: 0,
  });
  const id = /\/workshops\/(\d+)$/.exec(created.headers().location ?? "")?.[1];
  const code = /\/w\/([A-Z0-9]{4,12})\/screen/.exec(
    await (await facilitator.get(`/workshops/${id}`)).text(),
  )?.[1];
  expect(code).toBeTruthy();

  const phone = await open(browser);
  await phone.page.goto(`/w/${code}`);
  await expectStyledField(phone.page, "input[name=name]");
  await phone.page.screenshot({ path: test.info().outputPath("workshop-join.png") });
  expect(phone.problems).toEqual([]);
  await phone.close();

  const laptop = await browser.newContext({ locale: "sv-SE" });
  const page = await laptop.newPage();
  await login(page, DEMO.facilitator);
  await page.goto(`/workshops/${id}`);
  await expectStyledField(page, "#c-title");
  await laptop.close();
  await facilitator.dispose();
});

test("a missing place is said once, not once for latitude and once for longitude", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ locale: "sv-SE", javaScriptEnabled });
    const page = await context.newPage();
    const problems = watchConsole(page);
    if (javaScriptEnabled) await login(page, DEMO.resident);
    else {
      await page.goto("/login");
      await page.getByLabel("E-postadress").fill(DEMO.resident);
      await page.getByLabel("Lösenord").fill("samskapa-demo");
      await page.getByRole("button", { name: "Logga in" }).click();
    }
    await page.goto("/ideas/new");
    await page.getByLabel("Rubrik").fill("Fler cykelställ vid Knalleland");
    await page
      .getByLabel("Beskriv idén")
      .fill("Det behövs fler cykelställ vid entrén, särskilt på helger.");
    await page.getByLabel("Modig mobilitet").check();
    await page.locator("form:has(.place-picker) button[type=submit]").last().click();
    const errors = page.locator(".place-picker .field-errors li");
    await expect(errors.first()).toBeVisible();
    const texts = await errors.allTextContents();
    expect(texts.length, texts.join(" | ")).toBe(new Set(texts).size);
    // The refused form is answered with status 400, which Chromium reports as a failed resource.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await context.close();
  }
});

/** Words split over two lines with no hyphen shown: each as "before|after". */
async function wordsBrokenWithoutHyphen(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((elements) => {
    const found: string[] = [];
    for (const root of elements) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (
        let node = walker.nextNode() as Text | null;
        node;
        node = walker.nextNode() as Text | null
      ) {
        // Text no one sees (the honeypot field, screen-reader-only text) is not laid out for reading.
        if (node.parentElement?.closest(".hp, .visually-hidden, [hidden]")) continue;
        const text = node.data;
        let previousTop: number | null = null;
        for (let i = 0; i < text.length; i++) {
          if (text[i] === "\u00ad") continue;
          if (!/\p{L}/u.test(text[i])) {
            previousTop = null;
            continue;
          }
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          // A soft hyphen just before shows as "-" when the line breaks there (Chromium reports the
          // letter right after it on the line before, hence two letters back).
          const atSoftHyphen = text.slice(Math.max(0, i - 2), i).includes("\u00ad");
          if (previousTop !== null && rect.top > previousTop + 2 && !atSoftHyphen) {
            const start = text.lastIndexOf(" ", i) + 1;
            const end = text.indexOf(" ", i);
            found.push(`${text.slice(start, i)}|${text.slice(i, end === -1 ? undefined : end)}`);
          }
          previousTop = rect.top;
        }
      }
    }
    return found;
  });
}

test("at 320 px compound words break only where a hyphen shows", async ({ browser }) => {
  test.setTimeout(90_000);
  for (const lang of ["sv", "fi"]) {
    const context = await browser.newContext({
      viewport: { width: 320, height: 700 },
      locale: "sv-SE",
    });
    const page = await context.newPage();
    const problems = watchConsole(page);
    for (const path of ["/", "/ideas/1", "/groups", "/accessibility"]) {
      await page.goto(`${path}?lang=${lang}`);
      await page.waitForLoadState("networkidle");
      const broken = await wordsBrokenWithoutHyphen(
        page,
        "main h1, main h2, main h3, .chip, .legend, .site-header, .focus-badge, main label, main legend",
      );
      expect(broken, `${path} (${lang})`).toEqual([]);
      await page.screenshot({
        path: test.info().outputPath(`320-${lang}-${path.replace(/\W/g, "_")}.png`),
        fullPage: true,
      });
    }
    expect(problems).toEqual([]);
    await context.close();
  }
});
