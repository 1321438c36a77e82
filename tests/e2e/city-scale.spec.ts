// The map at city scale: 10,000 ideas, panned and zoomed, clusters opened, views shared by link,
// and the list used with the keyboard.
import { expect, test, type Page } from "@playwright/test";
import { watchConsole } from "./support/console";

test.use({ baseURL: process.env.E2E_CITY_URL });

const markers = (page: Page) => page.locator(".idea-map .cluster-marker, .idea-map .idea-marker");

async function mapTotal(page: Page) {
  return markers(page).evaluateAll((els) =>
    els.reduce(
      (sum, el) => sum + (el.classList.contains("cluster-marker") ? Number(el.textContent) : 1),
      0,
    ),
  );
}

async function listTotal(page: Page) {
  const text = await page.locator("#list-heading").textContent();
  return Number(text!.replace(/\D/g, ""));
}

/**
 * Waits until the map has stopped moving for good: the URL (which follows the view after a pause)
 * has left `from` and not changed for a second and (unless `agreeing` is false) the map and the
 * list count the same ideas. Right after a drag the old markers and the old list still agree, under
 * the old URL.
 */
async function settledView(
  page: Page,
  { from, agreeing = true }: { from?: string; agreeing?: boolean } = {},
) {
  let last = "";
  await expect
    .poll(
      async () => {
        const now = page.url();
        const same = now === last && now !== from;
        last = now;
        return (
          same &&
          /bbox=/.test(now) &&
          (!agreeing || (await mapTotal(page)) === (await listTotal(page)))
        );
      },
      { intervals: [1_000], timeout: 20_000 },
    )
    .toBe(true);
}

test("the whole city shows 10,000 ideas in a few clusters, and the list agrees", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
  await expect.poll(() => mapTotal(page)).toBe(10_000);
  expect(await markers(page).count()).toBeLessThan(400);
  await expect(page.locator("#list-heading")).toHaveText("10 000 idéer");
});

test("panning and zooming keeps the list in step with the map, and the URL holds the view", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
  const map = page.locator(".idea-map");
  const box = (await map.boundingBox())!;
  // Zoom in twice on the middle of the city, with the mouse wheel, then drag.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(600);
  await page.mouse.wheel(0, -400);
  await page.waitForTimeout(600);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 8 });
  await page.mouse.up();

  await expect(page.locator("#list-heading")).toContainText("i kartans utsnitt");
  // The clusters and ideas on the map add up to the ideas the list counts in the same view.
  await settledView(page);
  const inView = await listTotal(page);
  expect(inView).toBeGreaterThan(0);
  expect(inView).toBeLessThan(10_000);

  // A filter chosen after the pan keeps the view the map moved to (the page began without one).
  const view = new URL(page.url()).searchParams.get("bbox");
  await page.getByRole("checkbox", { name: "Modig mobilitet" }).check();
  await expect(page).toHaveURL(/focus=mobility/);
  expect(new URL(page.url()).searchParams.get("bbox")).toBe(view);
  await settledView(page);
  expect(await listTotal(page)).toBeLessThan(inView);
  await page.getByRole("checkbox", { name: "Modig mobilitet" }).uncheck();
  await expect(page).not.toHaveURL(/focus=/);
  await settledView(page);

  // A shared link opens the same view.
  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  const heading = (await page.locator("#list-heading").textContent()) as string;
  await expect(other.locator("#list-heading")).toHaveText(heading);
  await expect(other.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
  await expect.poll(() => mapTotal(other)).toBe(inView);
  await other.close();
});

/** The titles and heading of the list as a fresh load of the same address gives them, without JavaScript. */
async function listWithoutScript(page: Page, url: string) {
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: false });
  try {
    const plain = await context.newPage();
    await plain.goto(url);
    return {
      heading: await plain.locator("#list-heading").textContent(),
      titles: await plain.locator(".idea-cards > li h3 a").allTextContents(),
    };
  } finally {
    await context.close();
  }
}

/** Drags the map from its middle by (dx, dy), as a hand would. */
async function dragMap(page: Page, dx: number, dy: number) {
  const box = (await page.locator(".idea-map").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 6 });
  await page.mouse.up();
}

for (const { lang, inView, width, drag } of [
  { lang: "sv", inView: "i kartans utsnitt", width: 1280, drag: [-250, -120] },
  // Arabic on a 390 px phone.
  { lang: "ar", inView: "في الجزء الظاهر من الخريطة", width: 390, drag: [-120, -80] },
]) {
  test(`a pan asks only /api/map, whose answer brings the list for the new view (${lang}, ${width} px)`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 844 });
    const problems = watchConsole(page);
    await page.goto(`/?lang=${lang}&bbox=12.92,57.712,12.96,57.73`);
    await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
    await settledView(page);
    const before = await page.locator(".idea-cards > li h3 a").allTextContents();
    const requests: URL[] = [];
    // What the page's scripts ask for (the browser may fetch the favicon again for a new address).
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!["fetch", "xhr"].includes(request.resourceType())) return;
      if (url.pathname !== "/api/map" && !url.pathname.startsWith("/tiles/")) requests.push(url);
    });
    const from = page.url();
    await dragMap(page, drag[0], drag[1]);
    await expect.poll(() => page.url()).not.toBe(from);
    await settledView(page);
    // Neither the route's data (.data) nor route discovery for the new cards (/__manifest).
    expect(requests.map((url) => url.pathname + url.search)).toEqual([]);
    // The list shows the ideas of the new view, as a fresh load of the address shows them.
    await expect(page.locator("#list-heading")).toContainText(inView);
    const after = await page.locator(".idea-cards > li h3 a").allTextContents();
    expect(after).not.toEqual(before);
    const fresh = await listWithoutScript(page, page.url());
    expect(after).toEqual(fresh.titles);
    await expect(page.locator("#list-heading")).toHaveText(fresh.heading!);
    // The next page of the new view, and from it a card, still open in the page.
    await page.locator(".pagination a[rel='next']").click();
    await expect(page).toHaveURL(/page=2/);
    const second = await listWithoutScript(page, page.url());
    await expect(page.locator(".idea-cards > li h3 a")).toHaveText(second.titles);
    await page.locator(".idea-cards > li h3 a").first().click();
    await expect(page).toHaveURL(/\/ideas\/\d+/);
    await expect(page.locator("h1")).toHaveText(second.titles[0]);
    expect(problems).toEqual([]);
  });
}

test("a cluster opens by click and by keyboard, down to single ideas", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
  const biggest = async () => {
    const clusters = page.locator(".idea-map .cluster-marker");
    const counts = await clusters.evaluateAll((els) => els.map((el) => Number(el.textContent)));
    return clusters.nth(counts.indexOf(Math.max(...counts)));
  };
  const before = await page.evaluate(
    () => (document.querySelector(".idea-map") as HTMLElement).dataset.ideasLoaded,
  );
  expect(before).toBe("true");
  await (await biggest()).click();
  await expect(page).toHaveURL(/bbox=/, { timeout: 10_000 });
  // Keyboard: focus a cluster and press Enter until single ideas appear.
  for (let i = 0; i < 10 && (await page.locator(".idea-map .idea-marker").count()) === 0; i++) {
    const cluster = await biggest();
    await cluster.focus();
    await page.keyboard.press("Enter");
    await page.waitForTimeout(900);
  }
  await expect(page.locator(".idea-map .idea-marker").first()).toBeVisible();

  // Choosing an idea on the map puts it in the address, and closing it takes it out, without
  // asking the server for the page's data again (issue 14).
  const asked: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith(".data") || url.pathname === "/__manifest")
      asked.push(url.pathname + url.search);
  });
  const idea = page.locator(".idea-map .idea-marker").first();
  const id = await idea.getAttribute("data-idea-id");
  await idea.click();
  await expect(page).toHaveURL(new RegExp(`[?&]idea=${id}(&|$)`));
  const popup = page.locator(".idea-map .leaflet-popup");
  await expect(popup).toBeVisible();
  await popup.locator(".leaflet-popup-close-button").click();
  await expect(popup).toBeHidden();
  await expect(page).not.toHaveURL(/[?&]idea=/);
  expect(asked).toEqual([]);
});

test("the list can be used with the keyboard alone, and highlights the idea on the map", async ({
  page,
}) => {
  await page.goto("/?bbox=12.925,57.714,12.955,57.728");
  await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
  const firstLink = page.locator(".idea-cards > li h3 a").first();
  const title = (await firstLink.textContent())!;
  // Tab from the list heading's region to the first idea.
  await page.locator("#list-heading").evaluate((el) => {
    el.setAttribute("tabindex", "-1");
    (el as HTMLElement).focus();
  });
  await page.keyboard.press("Tab");
  await expect(firstLink).toBeFocused();
  // The idea is highlighted in the list; if it stands alone on the map, there too.
  await expect(page.locator(".idea-cards > li").first()).toHaveClass(/is-highlighted/);
  const id = await page.locator(".idea-cards > li").first().getAttribute("data-idea-id");
  const marker = page.locator(`.idea-map [data-idea-id="${id}"]`);
  if (await marker.count()) await expect(marker).toHaveClass(/is-highlighted/);
  // The next page is reachable by keyboard too.
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press("Tab");
    if (
      await page
        .getByRole("link", { name: "Nästa sida" })
        .evaluate((el) => el === document.activeElement)
    )
      break;
  }
  await expect(page.getByRole("link", { name: "Nästa sida" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator(".idea-cards > li h3 a").first()).not.toHaveText(title);
  await page.goBack();
  await expect(page.locator(".idea-cards > li h3 a").first()).toHaveText(title);
});

test("filters narrow the city map, and the heat layer can be switched on", async ({ page }) => {
  await page.goto("/?focus=leadership&q=klimatbudget");
  await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
  const listed = await listTotal(page);
  expect(listed).toBeGreaterThan(0);
  expect(listed).toBeLessThan(2500);
  await expect.poll(() => mapTotal(page)).toBe(listed);
  await page.getByLabel("Visa var idéerna finns tätast").check();
  await expect(page).toHaveURL(/heat=1/);
  await expect(page.locator(".idea-map canvas.leaflet-heatmap-layer")).toBeAttached();
});

test("an idea whose popup stays open while the map zooms out is counted once, in its cluster no more", async ({
  page,
}) => {
  await page.goto("/?bbox=12.925,57.714,12.955,57.728");
  await expect(page.locator(".idea-map[data-ideas-loaded='true']")).toBeVisible();
  // Into the biggest cluster, where ideas lie close together, until single ideas show there.
  for (
    let i = 0;
    i < 10 && (i < 2 || (await page.locator(".idea-map .idea-marker").count()) === 0);
    i++
  ) {
    const clusters = page.locator(".idea-map .cluster-marker");
    const counts = await clusters.evaluateAll((els) => els.map((el) => Number(el.textContent)));
    await clusters.nth(counts.indexOf(Math.max(...counts))).click();
    await page.waitForTimeout(900);
  }
  // The idea nearest the middle of the map, so that zooming out keeps it in view.
  const map = (await page.locator(".idea-map").boundingBox())!;
  const ideas = page.locator(".idea-map .idea-marker");
  const distances = await ideas.evaluateAll(
    (els, middle) =>
      els.map((el) => {
        const box = el.getBoundingClientRect();
        return Math.hypot(box.x + box.width / 2 - middle.x, box.y + box.height / 2 - middle.y);
      }),
    { x: map.x + map.width / 2, y: map.y + map.height / 2 },
  );
  const idea = ideas.nth(distances.indexOf(Math.min(...distances)));
  const id = await idea.getAttribute("data-idea-id");
  await idea.click();
  const popup = page.locator(".idea-map .leaflet-popup");
  await expect(popup).toBeVisible();
  await settledView(page, { agreeing: false });

  // Three zooms out: its neighbours gather into a cluster that counts it, while the popup (and the
  // idea under it) stays.
  const before = page.url();
  for (let i = 0; i < 3; i++) {
    await page.locator(".idea-map .leaflet-control-zoom-out").click();
    await page.waitForTimeout(400);
  }
  await settledView(page, { from: before, agreeing: false });
  await expect(popup).toBeVisible();
  await expect(page.locator(`.idea-map .idea-marker[data-idea-id="${id}"]`)).toBeVisible();
  await expect
    .poll(async () => (await mapTotal(page)) - (await listTotal(page)), {
      message: "the ideas counted on the map, less those the list counts in the same view",
      timeout: 10_000,
    })
    .toBe(0);

  // Closed, the idea is counted in its cluster again.
  await popup.locator(".leaflet-popup-close-button").click();
  await expect(popup).toBeHidden();
  await expect(page.locator(`.idea-map .idea-marker[data-idea-id="${id}"]`)).toHaveCount(0);
  await expect.poll(async () => (await mapTotal(page)) - (await listTotal(page))).toBe(0);
});
