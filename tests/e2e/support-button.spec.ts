// The support button (issue 14): with JavaScript one POST answered with the new count as JSON by
// the server's form door — no reload of the page's data — and without it the same form, a 303
// back to the page. Both count once however often they are tapped.
import { expect, test } from "@playwright/test";
import { DEMO, login, loginRequest } from "./support/people";
import { postIdeaForm, type Playwright } from "./support/requests";
import { watchConsole } from "./support/console";

/** A new idea by the demo facilitator (so that the demo resident can support it); its id. */
async function freshIdea(playwright: Playwright, baseURL: string): Promise<number> {
  const author = await playwright.request.newContext({ baseURL });
  await loginRequest(author, DEMO.facilitator);
  const id = await postIdeaForm(author, {
    title: `Cykelpump vid Sandwalls plats ${Date.now().toString(36)}`,
    body: "En cykelpump och ett litet verktygsställ vid Sandwalls plats.",
    focusArea: "mobility",
    lat: "57.7195",
    lng: "12.9372",
  });
  await author.dispose();
  return id;
}

test("supporting sends one request answered with the new count, and reloads nothing", async ({
  page,
  playwright,
  baseURL,
}) => {
  const errors = watchConsole(page);
  await login(page, DEMO.resident);
  const id = await freshIdea(playwright, baseURL!);
  await page.goto(`/ideas/${id}`);
  await expect(page.locator(".support-count")).toHaveText("0 stöd");

  const requests: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    // Remix's route discovery (/__manifest, as links come into view) is not the page's data.
    if (url.pathname === "/__manifest") return;
    if (["fetch", "xhr", "document"].includes(r.resourceType()))
      requests.push(`${r.method()} ${url.pathname}${url.search}`);
  });
  const answer = page.waitForResponse((r) => r.request().method() === "POST");
  // Two quick taps: one request.
  await page.getByRole("button", { name: "Stöd idén" }).dblclick();
  const response = await answer;
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toMatchObject({ supports: 1, supported: true });
  await expect(page.locator(".support-count")).toHaveText("1 stöd");
  await expect(page.getByRole("button", { name: /Du stöder idén/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.waitForTimeout(300); // a revalidation would have started by now
  expect(requests).toEqual([`POST /ideas/${id}`]);

  await page.getByRole("button", { name: /Du stöder idén/ }).click();
  await expect(page.locator(".support-count")).toHaveText("0 stöd");
  await page.getByRole("button", { name: "Stöd idén" }).click();
  await expect(page.locator(".support-count")).toHaveText("1 stöd");
  // What the page showed is what the server kept.
  await page.reload();
  await expect(page.locator(".support-count")).toHaveText("1 stöd");
  await expect(page.getByRole("button", { name: /Du stöder idén/ })).toBeVisible();
  expect(errors).toEqual([]);
});

test("a session that ended meanwhile: the button sends the form itself and the person is asked to sign in", async ({
  page,
  playwright,
  baseURL,
}) => {
  await login(page, DEMO.resident);
  const id = await freshIdea(playwright, baseURL!);
  await page.goto(`/ideas/${id}`);
  await page.context().clearCookies();
  await page.getByRole("button", { name: "Stöd idén" }).click();
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});

test("without JavaScript the same button is a form: a 303 back to it, counted once", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, DEMO.resident);
  const id = await freshIdea(playwright, baseURL!);
  await page.goto(`/ideas/${id}`);
  await page.getByRole("button", { name: "Stöd idén" }).click();
  await expect(page).toHaveURL(new RegExp(`/ideas/${id}#support$`));
  await expect(page.locator(".support-count")).toHaveText("1 stöd");
  await page.getByRole("button", { name: /Du stöder idén/ }).click();
  await expect(page.locator(".support-count")).toHaveText("0 stöd");
  await context.close();
});
