// Signing in, redirects and mail, seen from outside: no redirect or self-link leaves the site, no
// one can lock another person out, a reset request takes as long whether or not the account
// exists, the reset page keeps its token out of Referer headers, error pages have real titles.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, DEMO_PASSWORD, JOIN_PASSWORD, joinRequest, uniqueEmail } from "./support/people";

// Paths that normalise to //evil.com (another host) once "." and ".." are resolved, and the plain ones.
const OFF_SITE = [
  "/.//evil.com",
  "/%2e//evil.com",
  "/%2E%2E//evil.com",
  "/a/..//evil.com",
  "/a/%2e%2e//evil.com/x",
  "/.\\/evil.com",
  "/\\evil.com",
  "//evil.com",
  "/\t/evil.com",
  "https://evil.com",
];

function expectSameSite(location: string | undefined, baseURL: string, label: string) {
  expect(location, label).toBeTruthy();
  expect(location!, label).toMatch(/^\/(?![/\\])/);
  expect(new URL(location!, baseURL).host, label).toBe(new URL(baseURL).host);
}

/** An API context whose requests come from their own address (the app trusts its loopback proxy). */
function from(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  baseURL: string,
  address: string,
) {
  return playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": address },
  });
}

/** A GET with the path exactly as given (an API client would resolve `//evil.com/x` to another host). */
function rawGet(baseURL: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const request = http.get(
      { hostname, port, path: rawPath, headers: { "Accept-Language": "sv" } },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
  });
}

test("a signed-in person sent to /login or /join with redirectTo pointing off-site stays on this site", async ({
  playwright,
  baseURL,
}) => {
  const resident = await from(playwright, baseURL!, "198.51.100.10");
  expect(
    (
      await resident.post("/login", {
        form: { email: DEMO.resident, password: DEMO_PASSWORD },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(302);
  for (const target of OFF_SITE) {
    for (const page of ["/login", "/join"]) {
      const encoded = await resident.get(`${page}?redirectTo=${encodeURIComponent(target)}`, {
        maxRedirects: 0,
      });
      expect(encoded.status(), `${page} ${target}`).toBe(302);
      expectSameSite(encoded.headers().location, baseURL!, `${page}?redirectTo=${target}`);
    }
    const raw = await rawGetWithCookie(
      baseURL!,
      `/login?redirectTo=${target.replace(/[\t ]/g, encodeURIComponent)}`,
      resident,
    );
    expectSameSite(raw, baseURL!, `raw /login?redirectTo=${target}`);
  }
  // A same-site path still leads where it says.
  const inside = await resident.get(`/login?redirectTo=${encodeURIComponent("/a/../groups?x=1")}`, {
    maxRedirects: 0,
  });
  expect(inside.headers().location).toBe("/groups?x=1");
  await resident.dispose();
});

/** The Location of a GET sent with the session cookie of `context`, the query exactly as given. */
async function rawGetWithCookie(
  baseURL: string,
  rawPath: string,
  context: APIRequestContext,
): Promise<string | undefined> {
  const cookies = (await context.storageState()).cookies
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const request = http.get(
      { hostname, port, path: rawPath, headers: { Cookie: cookies } },
      (response) => {
        response.resume();
        resolve(response.headers.location);
      },
    );
    request.on("error", reject);
  });
}

test("signing in with redirectTo pointing off-site lands on this site", async ({
  playwright,
  baseURL,
}) => {
  const context = await from(playwright, baseURL!, "198.51.100.11");
  for (const target of OFF_SITE) {
    const response = await context.post("/login", {
      form: { email: DEMO.resident, password: DEMO_PASSWORD, redirectTo: target },
      maxRedirects: 0,
    });
    expect(response.status(), target).toBe(302);
    expectSameSite(response.headers().location, baseURL!, `POST /login redirectTo=${target}`);
  }
  await context.dispose();
});

test("the language links and the sign-in link on a crafted path such as //evil.com/x stay on this site", async ({
  baseURL,
}) => {
  for (const rawPath of [
    "//evil.com/x",
    "//evil.com/x?y=1",
    "/a/..//evil.com/x",
    "/.//evil.com/x",
    "/%2e//evil.com/x",
  ]) {
    const { body } = await rawGet(baseURL!, rawPath);
    // Signed out: four language links and the sign-in link carry the page's own path.
    const hrefs = [...body.matchAll(/<a\b[^>]*>/g)]
      .map(([tag]) => tag)
      .filter((tag) => /hreflang=/i.test(tag) || /href="\/login\?/.test(tag))
      .map((tag) => /href="([^"]*)"/.exec(tag)![1].replace(/&amp;/g, "&"));
    expect(hrefs.length, rawPath).toBe(5);
    for (const href of hrefs) {
      expect(href, `${rawPath}: ${href}`).toMatch(/^\/(?![/\\])/);
      expect(new URL(href, baseURL).host).toBe(new URL(baseURL!).host);
      const redirectTo = new URL(href, baseURL).searchParams.get("redirectTo");
      if (redirectTo !== null)
        expect(redirectTo, `${rawPath}: sign-in link`).toMatch(/^\/(?![/\\])/);
    }
  }
});

test("wrong passwords from one address do not lock the owner out elsewhere", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const owner = await from(playwright, baseURL!, "198.51.100.20");
  const email = await joinRequest(owner);
  await owner.post("/logout", { form: {} });

  const attacker = await from(playwright, baseURL!, "203.0.113.66");
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) {
    statuses.push(
      (
        await attacker.post("/login", {
          form: { email, password: `gissning ${i}` },
          maxRedirects: 0,
        })
      ).status(),
    );
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
  expect(statuses.slice(10), "the guessing address is slowed down").toEqual([429, 429]);
  const limited = await attacker.post("/login", {
    form: { email, password: JOIN_PASSWORD },
    maxRedirects: 0,
  });
  expect(limited.status(), "even with the right password, from the guessing address").toBe(429);
  expect(limited.headers()["retry-after"]).toMatch(/^\d+$/);

  // The owner, at home, signs in as usual.
  const signIn = await owner.post("/login", {
    form: { email, password: JOIN_PASSWORD },
    maxRedirects: 0,
  });
  expect(signIn.status()).toBe(302);
  expect(signIn.headers()["set-cookie"]).toMatch(/samskapa_session=/);
  await Promise.all([owner.dispose(), attacker.dispose()]);
});

test("one address guessing at many accounts is bounded, and a limited unknown account looks like a known one", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const guesser = await from(playwright, baseURL!, "203.0.113.77");
  // Ten wrong passwords each for a real account and one that does not exist: the same answers.
  const ms: Record<string, number[]> = {};
  const answers = async (email: string) => {
    const seen: string[] = [];
    for (let i = 0; i < 11; i++) {
      const started = performance.now();
      const response = await guesser.post("/login", {
        form: { email, password: `fel ${i}` },
        maxRedirects: 0,
      });
      if (i < 10) (ms[email] ??= []).push(performance.now() - started);
      const text = await response.text();
      seen.push(
        `${response.status()} ${/För många försök/.test(text) ? "too-many" : /stämmer inte/.test(text) ? "wrong" : "?"}`,
      );
    }
    return seen;
  };
  const known = await answers(DEMO.moderator);
  const unknown = await answers(uniqueEmail("nobody"));
  expect(known).toEqual(unknown);
  expect(known.at(-1)).toMatch(/^429/);
  const [knownMs, unknownMs] = Object.values(ms).map((xs) => [...xs].sort((a, b) => a - b)[5]);
  expect(
    Math.abs(knownMs - unknownMs),
    `a wrong password takes ${knownMs} ms, an unknown account ${unknownMs} ms`,
  ).toBeLessThan(100);
  // The address as a whole: a loose bound (a school shares one), here 50 failures in 15 minutes.
  let status = 0;
  for (let i = 0; i < 40 && status !== 429; i++) {
    status = (
      await guesser.post("/login", {
        form: { email: uniqueEmail("spray"), password: "fel" },
        maxRedirects: 0,
      })
    ).status();
  }
  expect(status, "many accounts from one address end in 429").toBe(429);
  await guesser.dispose();
});

test("/forgot-password takes as long for an address with an account as for one without, and the link arrives by mail", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const owner = await from(playwright, baseURL!, "198.51.100.30");
  const email = await joinRequest(owner);
  await owner.post("/logout", { form: {} });
  const outbox = path.join(process.env.E2E_DB_DIR!, "outbox");
  const before = new Set(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []);

  const time = async (address: string, i: number) => {
    const context = await from(playwright, baseURL!, `192.0.2.${i}`);
    const started = performance.now();
    const response = await context.post("/forgot-password", { form: { email: address } });
    const ms = performance.now() - started;
    expect(response.status()).toBe(200);
    await context.dispose();
    return ms;
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 7; i++) {
    known.push(await time(email, 2 * i + 1));
    unknown.push(await time(uniqueEmail("nobody"), 2 * i + 2));
  }
  expect(
    Math.abs(median(known) - median(unknown)),
    `known ${known.map(Math.round)} / unknown ${unknown.map(Math.round)}`,
  ).toBeLessThan(60);

  // The mail comes moments later, with an absolute link that works.
  const mails = () =>
    (fs.existsSync(outbox) ? fs.readdirSync(outbox) : [])
      .filter((f) => f.endsWith(".json") && !before.has(f))
      .map(
        (f) =>
          JSON.parse(fs.readFileSync(path.join(outbox, f), "utf8")) as {
            to: string;
            subject: string;
            text: string;
          },
      )
      .filter((m) => m.to === email);
  await expect.poll(() => mails().length, { timeout: 10_000 }).toBe(7);
  const link = /https?:\/\/\S+\/reset-password\?token=[\w-]+/.exec(mails()[0].text)![0];
  const page = await owner.get(new URL(link).pathname + new URL(link).search);
  expect(page.status()).toBe(200);
  await owner.dispose();
});

test("the reset page tells the browser to send no Referer, and is not cached", async ({
  request,
}) => {
  for (const url of ["/reset-password?token=forged-token", "/reset-password"]) {
    const response = await request.get(url);
    expect(response.headers()["referrer-policy"], url).toBe("no-referrer");
    expect(response.headers()["cache-control"], url).toMatch(/no-store/);
    expect(await response.text()).toContain('<meta name="referrer" content="no-referrer"/>');
  }
  // Other pages keep the site-wide policy.
  expect((await request.get("/login")).headers()["referrer-policy"]).toBe(
    "strict-origin-when-cross-origin",
  );
});

test("every error page has a real title in the person's language", async ({
  playwright,
  baseURL,
}) => {
  const resident = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.40" },
  });
  expect(
    (
      await resident.post("/login", {
        form: { email: DEMO.resident, password: DEMO_PASSWORD },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(302);
  const pages: [string, number, RegExp][] = [
    ["/groups/99999999", 404, /^Sidan finns inte – Samskapa Borås$/],
    ["/ideas/99999999", 404, /^Sidan finns inte – Samskapa Borås$/],
    ["/finns-inte", 404, /^Sidan finns inte – Samskapa Borås$/],
    ["/admin", 403, / – Samskapa Borås$/],
    ["/workshops", 403, / – Samskapa Borås$/],
    ["/groups/99999999?lang=en", 404, / – Samskapa Borås$/],
  ];
  for (const [url, status, title] of pages) {
    const response = await resident.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(status);
    const titles = [...(await response.text()).matchAll(/<title>([^<]*)<\/title>/g)].map(
      (m) => m[1],
    );
    expect(titles, url).toHaveLength(1);
    expect(titles[0], url).toMatch(title);
    expect(titles[0], url).not.toMatch(/undefined|null|errors\./);
  }
  const english = await (await resident.get("/groups/99999999?lang=en")).text();
  expect(/<title>([^<]*)<\/title>/.exec(english)![1]).not.toContain("Sidan finns inte");
  await resident.dispose();
});
