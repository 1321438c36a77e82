// Signing people in for end-to-end tests, through the real forms.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const DEMO_PASSWORD = "samskapa-demo";
export const DEMO = {
  resident: "invanare@example.se",
  moderator: "moderator@example.se",
  facilitator: "workshop@example.se",
  official: "tjansteperson@example.se",
} as const;

let counter = 0;
export function uniqueEmail(prefix = "resident") {
  counter += 1;
  return `${prefix}-${Date.now()}-${counter}@example.se`;
}

/**
 * An address of its own for each new resident (the app trusts X-Forwarded-For from its loopback
 * proxy): joins are limited per address, and a whole suite of residents from 127.0.0.1 would use
 * up the hour's joins, as a school behind one address does not.
 */
export function residentAddress() {
  counter += 1;
  return `10.${process.pid % 250}.${Math.floor(counter / 250) % 250}.${(counter % 250) + 1}`;
}

/** The e-mails written to MAIL_OUTBOX_DIR (playwright.config.ts) for this address, oldest first. */
export function mailsTo(address: string): { to: string; subject: string; text: string }[] {
  const outbox = path.join(process.env.E2E_DB_DIR ?? "", "outbox");
  if (!fs.existsSync(outbox)) return [];
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), "utf8")))
    .filter((m) => m.to === address);
}

/**
 * The newest confirmation link mailed to this address, as a path on the test server (the mail's
 * link is absolute, on PUBLIC_URL). Waits for the outbox worker to write the mail.
 */
export async function confirmationLink(address: string, after = 0): Promise<string> {
  const links = () =>
    mailsTo(address)
      .map((m) => /https?:\/\/\S+\/join\/confirm\?token=[\w-]+/.exec(m.text)?.[0])
      .filter((link): link is string => Boolean(link));
  await expect
    .poll(() => links().length, { message: `a confirmation mail to ${address}`, timeout: 10_000 })
    .toBeGreaterThan(after);
  const url = new URL(links().at(-1)!);
  return url.pathname + url.search;
}

/**
 * Confirms the address through the real link in its mail: the page behind it, then its button's
 * POST. Residents in tests that count supports or reports do this, as a real resident would.
 */
export async function confirmEmail(request: APIRequestContext, address: string) {
  const link = await confirmationLink(address);
  expect((await request.get(link)).status(), "the link's page").toBe(200);
  const token = new URL(link, "http://x").searchParams.get("token")!;
  const response = await request.post("/join/confirm", { form: { token }, maxRedirects: 0 });
  expect(response.status(), "confirming").toBe(303);
  expect(response.headers().location).toBe("/join/confirm?confirmed=1");
}

/**
 * Joins through /join as a new resident (from an address of their own) and, unless
 * `confirm: false`, confirms the address through the mailed link (its supports and reports count
 * only then); returns the credentials.
 */
export async function joinAsNewResident(
  page: Page,
  name = "Test Testsson",
  options: { confirm?: boolean } = {},
) {
  const email = uniqueEmail();
  const password = "ett långt lösenord";
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": residentAddress() });
  await page.goto("/join");
  await page.getByLabel("Namn").fill(name);
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Skapa konto" }).click();
  await expectSignedIn(page);
  if (options.confirm ?? true) await confirmEmail(page.request, email);
  return { email, password, name };
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expectSignedIn(page);
}

/** The header links to my pages: in the row on a wide screen, under the Menu on a phone. */
async function expectSignedIn(page: Page) {
  await expect(page.locator('.main-nav a[href="/me"]')).toHaveText(/Mina sidor/);
}

/** Signs an API request context in (its cookie jar keeps the session). */
export async function loginRequest(
  request: APIRequestContext,
  email: string,
  password = DEMO_PASSWORD,
) {
  const response = await request.post("/login", { form: { email, password }, maxRedirects: 0 });
  expect(response.status(), "sign-in should redirect").toBe(302);
}

/** The password joinRequest gives every new account. */
export const JOIN_PASSWORD = "ett långt lösenord";

/**
 * An account made with the contract's command (`npm run user:create`) against the test server's
 * database, as an operator makes staff accounts; its e-mail address is returned.
 */
export function createAccount(account: {
  role: string;
  name: string;
  email?: string;
  password?: string;
}): string {
  const email = account.email ?? uniqueEmail(account.role);
  execFileSync(
    "npm",
    [
      "run",
      "--silent",
      "user:create",
      "--",
      "--email",
      email,
      "--password",
      account.password ?? JOIN_PASSWORD,
      "--name",
      account.name,
      "--role",
      account.role,
    ],
    {
      env: { ...process.env, DATABASE_PATH: path.join(process.env.E2E_DB_DIR!, "samskapa.db") },
      stdio: "pipe",
    },
  );
  return email;
}

/**
 * Joins a new resident through the API; the context keeps the session. Unless `confirm: false`, the
 * address is confirmed through the mailed link (supports and reports count only then).
 */
export async function joinRequest(request: APIRequestContext, options: { confirm?: boolean } = {}) {
  const email = uniqueEmail("api");
  const response = await request.post("/join", {
    form: { name: "API Person", email, password: JOIN_PASSWORD },
    headers: { "X-Forwarded-For": residentAddress() },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  if (options.confirm ?? true) await confirmEmail(request, email);
  return email;
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** A phone in a Swedish hand: the size and touch of a common handset (for browser.newContext). */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  locale: "sv-SE",
} as const;
