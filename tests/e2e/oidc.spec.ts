// Sign-in with e-ID and staff accounts over OpenID Connect (issue 16), against a real OpenID
// provider started with the test servers (tests/e2e/support/oidc-provider.mjs, configured in
// playwright.config.ts as "bankid" and "staff"; "skewed" is a provider whose clock is two minutes
// behind, "down" one that does not answer). Sign-in, linking, staff roles from directory groups,
// and the refusals: a tampered state, a replayed callback, a wrong nonce, an expired ID token.
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { watchConsole } from "./support/console";
import { expectNoAxeViolations, joinAsNewResident } from "./support/people";
import { postIdeaForm, visibleText } from "./support/requests";

const PROVIDER = process.env.E2E_OIDC_URL!;

let counter = 0;
/** A login name of its own at the provider (it becomes the person's `sub` there). */
function subject(prefix: string) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** Reads the test server's database (WAL: the server keeps serving meanwhile). */
function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(process.env.E2E_DB_DIR ?? "", "samskapa.db"), {
    readonly: true,
  });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function identity(sub: string) {
  return query<{ userId: number; kind: string; acr: string | null; provider: string }>(
    `SELECT user_id AS userId, kind, acr, provider_id AS provider FROM oidc_identities WHERE subject = ?`,
    sub,
  )[0];
}

/** On the provider's own login form (oidc-provider's devInteractions): any login, any password. */
async function signInAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("vilket lösenord som helst");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

async function expectSignedIn(page: Page) {
  await expect(page.locator('.main-nav a[href="/me"]')).toHaveText(/Mina sidor/);
}

/** Signs in through /login's button for this provider, as the person with this login. */
async function signInWith(page: Page, button: string, login: string) {
  await page.goto("/login");
  await page.getByRole("link", { name: button }).click();
  await signInAtProvider(page, login);
  await expectSignedIn(page);
}

/**
 * Walks a sign-in as a browser would, but stops before the callback: the address the provider
 * sends the browser back to (with code and state). The request context keeps the cookies of both
 * the app and the provider. `alter` may change the provider's authorization address first.
 */
async function callbackAddress(
  request: APIRequestContext,
  providerId: string,
  login: string,
  alter: (authorizationUrl: URL) => void = () => {},
): Promise<string> {
  const start = await request.get(`/auth/${providerId}`, { maxRedirects: 0 });
  expect(start.status(), "the sign-in starts with a redirect to the provider").toBe(302);
  const authorization = new URL(start.headers().location);
  alter(authorization);
  let location = authorization.href;
  for (let step = 0; step < 10; step += 1) {
    if (/\/auth\/[\w-]+\/callback\?/.test(location)) return location;
    const response = await request.get(location, { maxRedirects: 0 });
    if (response.status() >= 300 && response.status() < 400) {
      location = new URL(response.headers().location, location).href;
      continue;
    }
    expect(response.status(), `the provider's login form: ${location}`).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(await response.text())?.[1];
    expect(action, "the login form's action").toBeTruthy();
    const submitted = await request.post(new URL(action!, location).href, {
      form: { prompt: "login", login, password: "vilket lösenord som helst" },
      maxRedirects: 0,
    });
    expect(submitted.status(), "the provider takes the login").toBeGreaterThanOrEqual(300);
    location = new URL(submitted.headers().location, location).href;
  }
  throw new Error(`no callback reached from ${authorization.href}`);
}

const APP = `http://127.0.0.1:${process.env.E2E_PORT}`;

/**
 * Console problems on the app's pages, besides the refusal pages' own status (Chromium logs a 400
 * or 409 as an error). The provider's login form is oidc-provider's own (it asks for web fonts).
 */
function appProblems(problems: string[]) {
  return problems.filter((p) => {
    const on = /^console\.error on (\S+):/.exec(p)?.[1];
    if (on && !on.startsWith(`${APP}/`)) return false;
    return !/status of (400|409)\b/.test(p);
  });
}

async function expectSignedOut(request: APIRequestContext) {
  const me = await request.get("/me", { maxRedirects: 0 });
  expect(me.status(), "not signed in").toBe(302);
  expect(me.headers().location).toMatch(/^\/login/);
}

test("the sign-in page offers each configured provider; an unknown one is 404, one that is down a clear 503", async ({
  page,
  request,
}) => {
  const problems = watchConsole(page);
  await page.goto("/login");
  for (const [name, id] of [
    ["Logga in med BankID via Testbroker", "bankid"],
    ["Logga in som medarbetare via Borås Stad (test)", "staff"],
  ]) {
    await expect(page.getByRole("link", { name })).toHaveAttribute(
      "href",
      `/auth/${id}?redirectTo=%2F`,
    );
  }
  await expectNoAxeViolations(page);
  await page.goto("/login?lang=en");
  await expect(
    page.getByRole("link", { name: "Sign in with BankID via Testbroker" }),
  ).toBeVisible();
  await page.goto("/login?lang=ar");
  await expect(
    page.getByRole("link", { name: "سجّل الدخول بـ BankID عبر Testbroker" }),
  ).toBeVisible();
  await page.goto("/login?lang=fi");
  await expect(
    page.getByRole("link", { name: "Kirjaudu BankID:llä palvelun Testbroker kautta" }),
  ).toBeVisible();
  await page.goto("/login?lang=sv");

  expect((await request.get("/auth/no-such-provider", { maxRedirects: 0 })).status()).toBe(404);
  expect((await request.get("/auth/no-such-provider/callback")).status()).toBe(404);
  const down = await request.get("/auth/down", { maxRedirects: 0 });
  expect(down.status()).toBe(503);
  expect(visibleText(await down.text())).toContain("Vi når inte Nere just nu.");
  expect(appProblems(problems)).toEqual([]);
});

test("a resident signs in with e-ID: a verified account (sub and level kept), with a badge beside the name once an admin shows it", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const sub = subject("eva");
  await signInWith(page, "Logga in med BankID via Testbroker", sub);
  await expect(page).toHaveURL(/\/$/);
  const linked = identity(sub);
  expect(linked).toMatchObject({
    kind: "e-id",
    provider: "bankid",
    acr: "urn:grn:authn:se:bankid:same-device",
  });
  // No e-mail came from the provider, and none is needed.
  expect(
    query<{ email: string | null; name: string; verified: string | null }>(
      "SELECT email, name, verified_provider AS verified FROM users WHERE id = ?",
      linked.userId,
    )[0],
  ).toEqual({ email: null, name: "Eva Eidsson", verified: "bankid" });
  await page.goto("/me");
  await expect(
    page.getByText("Ditt konto är verifierat med e-legitimation via Testbroker"),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  const ideaId = await postIdeaForm(page.request, {
    title: `Laddstolpar vid Knalleland ${sub}`,
    body: "Fler laddstolpar för elcyklar vid Knalleland, så att fler cyklar dit i stället för att ta bilen.",
    focusArea: "mobility",
    lat: "57.7262",
    lng: "12.9384",
  });
  const commented = await page.request.post(`/ideas/${ideaId}`, {
    form: { intent: "comment", body: "Jag har verifierat mig med BankID." },
    maxRedirects: 0,
  });
  expect(commented.status()).toBeLessThan(400);
  await page.goto(`/ideas/${ideaId}`);
  await expect(page.locator(".idea-meta")).toContainText("Eva Eidsson");
  await expect(page.getByText("Verifierad invånare")).toHaveCount(0);

  // An admin from the staff directory turns the badge on.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const adminSub = subject("staff-admin");
  await fetch(`${PROVIDER}/test/groups?sub=${adminSub}&groups=samskapa-admins`, { method: "POST" });
  await signInWith(admin, "Logga in som medarbetare via Borås Stad (test)", adminSub);
  await admin.goto("/admin");
  await expectNoAxeViolations(admin);
  await admin.getByLabel('Visa en märkning "Verifierad invånare"', { exact: false }).check();
  await admin
    .locator("section", { has: admin.getByRole("heading", { name: "Verifierade invånare" }) })
    .getByRole("button", { name: "Spara" })
    .click();
  await expect(admin.getByRole("status")).toBeVisible();

  await page.reload();
  // As words, beside the name on the idea and on the comment.
  await expect(page.locator(".idea-meta .verified-badge")).toHaveText(/Verifierad invånare/);
  await expect(page.locator(".comment-meta .verified-badge")).toHaveText(/Verifierad invånare/);
  await expectNoAxeViolations(page);

  // Off again, so that other tests see the default.
  await admin.goto("/admin");
  await admin.getByLabel('Visa en märkning "Verifierad invånare"', { exact: false }).uncheck();
  await admin
    .locator("section", { has: admin.getByRole("heading", { name: "Verifierade invånare" }) })
    .getByRole("button", { name: "Spara" })
    .click();
  await expect(admin.getByRole("status")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Verifierad invånare")).toHaveCount(0);
  await adminContext.close();
  expect(appProblems(problems)).toEqual([]);
});

test("a resident with a password account links an e-ID from /me and can then sign in with it; the same e-ID cannot go to a second account", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const { name } = await joinAsNewResident(page, "Lena Länkad");
  await page.goto("/me");
  await expect(page.getByText("Verifiera ditt konto med e-legitimation")).toBeVisible();
  await expectNoAxeViolations(page);
  const sub = subject("lena");
  await page.getByRole("link", { name: "Koppla e-legitimation via Testbroker" }).click();
  await signInAtProvider(page, sub);
  await expect(page).toHaveURL(/\/me$/);
  await expect(
    page.getByText("Ditt konto är verifierat med e-legitimation via Testbroker"),
  ).toBeVisible();
  await expect(
    page.getByRole("link", { name: "Koppla e-legitimation via Testbroker" }),
  ).toHaveCount(0);
  const linked = identity(sub);
  const mine = query<{ id: number }>("SELECT id FROM users WHERE name = ?", name).map((r) => r.id);
  expect(mine).toContain(linked.userId);

  // Signed out, the e-ID leads back into the same account.
  const fresh = await browser.newContext();
  const again = await fresh.newPage();
  await signInWith(again, "Logga in med BankID via Testbroker", sub);
  await again.goto("/me");
  await expect(again.getByText(`Inloggad som ${name}`)).toBeVisible();
  await fresh.close();

  // Someone else tries to link the same e-ID: refused, and it stays where it was.
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await joinAsNewResident(other, "Olle Annan");
  await other.goto("/me");
  await other.getByRole("link", { name: "Koppla e-legitimation via Testbroker" }).click();
  await signInAtProvider(other, sub);
  await expect(
    other.getByRole("heading", { name: "E-legitimationen hör till ett annat konto" }),
  ).toBeVisible();
  await expect(other.getByText("Ingenting har ändrats.")).toBeVisible();
  await expectNoAxeViolations(other);
  expect(identity(sub).userId).toBe(linked.userId);
  await otherContext.close();
  expect(appProblems(problems)).toEqual([]);
});

test("a provider that gives no name: the person chooses a display name before the account is made", async ({
  page,
}) => {
  const problems = watchConsole(page);
  const sub = subject("noname");
  await page.goto("/login");
  await page.getByRole("link", { name: "Logga in med BankID via Testbroker" }).click();
  await signInAtProvider(page, sub);
  await expect(page).toHaveURL(/\/auth\/bankid\/name$/);
  expect(identity(sub)).toBeUndefined();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Skapa konto" }).click();
  await expect(page.getByText("Skriv ditt namn.")).toBeVisible();
  await page.getByLabel("Namn").fill("Nils Namnlös");
  await page.getByRole("button", { name: "Skapa konto" }).click();
  await expectSignedIn(page);
  expect(identity(sub)).toMatchObject({ kind: "e-id" });
  await page.goto("/me");
  await expect(page.getByText("Inloggad som Nils Namnlös")).toBeVisible();
  expect(appProblems(problems)).toEqual([]);
});

test("staff sign in with their directory account: its groups give the moderator role, and a member who left the group loses it at the next sign-in (audited)", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  const sub = subject("staff-mod");
  await signInWith(page, "Logga in som medarbetare via Borås Stad (test)", sub);
  await page.goto("/moderation");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect((await page.request.get("/moderation", { maxRedirects: 0 })).status()).toBe(200);
  const { userId } = identity(sub);
  expect(query<{ role: string }>("SELECT role FROM users WHERE id = ?", userId)[0].role).toBe(
    "moderator",
  );

  // Removed from the group in the directory; the next sign-in (a new browser) takes the role away.
  await fetch(`${PROVIDER}/test/groups?sub=${sub}&groups=`, { method: "POST" });
  const later = await browser.newContext();
  const next = await later.newPage();
  await signInWith(next, "Logga in som medarbetare via Borås Stad (test)", sub);
  expect((await next.request.get("/moderation", { maxRedirects: 0 })).status()).toBe(403);
  expect(query<{ role: string }>("SELECT role FROM users WHERE id = ?", userId)[0].role).toBe(
    "resident",
  );
  const changes = query<{ details: string }>(
    "SELECT details FROM audit_log WHERE action = 'user.role' AND target_id = ? ORDER BY id",
    userId,
  ).map((r) => JSON.parse(r.details));
  expect(changes).toEqual([
    { role: "moderator", from: "resident", provider: "staff" },
    { role: "resident", from: "moderator", provider: "staff" },
  ]);
  // The session made while a moderator no longer moderates either.
  expect((await page.request.get("/moderation", { maxRedirects: 0 })).status()).toBe(403);
  await later.close();
  expect(appProblems(problems)).toEqual([]);
});

test.describe("refusals: a clear page, and nothing changed", () => {
  test("a tampered state", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    const sub = subject("tamper");
    const callback = new URL(await callbackAddress(request, "bankid", sub));
    callback.searchParams.set("state", "forged-state-from-elsewhere");
    const answer = await request.get(callback.pathname + callback.search, { maxRedirects: 0 });
    expect(answer.status()).toBe(400);
    const text = visibleText(await answer.text());
    expect(text).toContain("Inloggningen kunde inte godkännas");
    expect(text).toContain("Ingenting har ändrats.");
    expect(identity(sub)).toBeUndefined();
    await expectSignedOut(request);
    await request.dispose();
  });

  test("a replayed callback (the same code twice)", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    const sub = subject("replay");
    const callback = new URL(await callbackAddress(request, "bankid", sub));
    const path = callback.pathname + callback.search;
    // The browser's half of the sign-in, kept to send it again with the replay.
    const saved = (await request.storageState()).cookies.filter((c) => c.name === "samskapa_oidc");
    expect(saved).toHaveLength(1);
    const first = await request.get(path, { maxRedirects: 0 });
    expect(first.status()).toBe(302);
    const { userId } = identity(sub);
    const sessions = () =>
      query<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE user_id = ?", userId)[0].n;
    expect(sessions()).toBe(1);

    // Once more, with and without the cookie it came with: refused, no second session.
    const again = await request.get(path, { maxRedirects: 0 });
    expect(again.status()).toBe(400);
    expect(visibleText(await again.text())).toContain("Inloggningen gick ut");
    const replayer = await playwright.request.newContext({
      baseURL,
      storageState: { cookies: saved, origins: [] },
    });
    const replayed = await replayer.get(path, { maxRedirects: 0 });
    expect(replayed.status()).toBe(400);
    expect(visibleText(await replayed.text())).toContain("Ingenting har ändrats.");
    await expectSignedOut(replayer);
    expect(sessions()).toBe(1);
    expect(query("SELECT 1 FROM oidc_identities WHERE subject = ?", sub)).toHaveLength(1);
    await replayer.dispose();
    await request.dispose();
  });

  test("a wrong nonce in the ID token", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    const sub = subject("nonce");
    // The provider signs whatever nonce it was asked for: here not the one the app keeps.
    const callback = new URL(
      await callbackAddress(request, "bankid", sub, (url) =>
        url.searchParams.set("nonce", "a-nonce-the-app-never-made"),
      ),
    );
    const answer = await request.get(callback.pathname + callback.search, { maxRedirects: 0 });
    expect(answer.status()).toBe(400);
    expect(visibleText(await answer.text())).toContain("Inloggningen kunde inte godkännas");
    expect(identity(sub)).toBeUndefined();
    await expectSignedOut(request);
    await request.dispose();
  });

  test("an expired ID token (a provider whose clock is two minutes behind)", async ({ page }) => {
    const problems = watchConsole(page);
    const sub = subject("expired");
    await page.goto("/auth/skewed");
    await signInAtProvider(page, sub);
    await expect(page).toHaveURL(/\/auth\/skewed\/callback\?/);
    await expect(
      page.getByRole("heading", { name: "Inloggningen kunde inte godkännas" }),
    ).toBeVisible();
    await expect(page.getByText("Ingenting har ändrats.")).toBeVisible();
    await expectNoAxeViolations(page);
    expect(identity(sub)).toBeUndefined();
    await expectSignedOut(page.request);
    // The callback's address carries a code: it is not cached, and not sent on as a Referer.
    expect(await page.locator('meta[name="referrer"]').getAttribute("content")).toBe("no-referrer");
    expect(appProblems(problems)).toEqual([]);
  });
});
