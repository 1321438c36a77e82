// Hostile input across every form and endpoint: each case must answer 4xx (or send a signed-out
// person to sign in), and nothing may change. Plus the security headers every page carries.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, joinRequest, loginRequest } from "./support/people";

const CITY = "12.633,57.557,13.309,57.934";
const SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>";
const SQL = "1; DROP TABLE ideas; --";
const validIdea = {
  title: "En säker cykelväg",
  body: "En säker cykelväg hela vägen till centrum.",
  focusArea: "mobility",
  lat: "57.7210",
  lng: "12.9401",
};

type Case = {
  name: string;
  as: "resident" | "other" | "anonymous";
  method?: "GET" | "POST";
  path: string | ((ids: Ids) => string);
  form?: Record<string, string> | ((ids: Ids) => Record<string, string>);
  body?: string;
  headers?: Record<string, string>;
  expect: number | number[];
};
type Ids = { idea: number; otherIdea: number; othersComment: number; myComment: number };

const cases: Case[] = [
  // Posting an idea
  {
    name: "script in the title with a too short body",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, title: SCRIPT, body: "kort" },
    expect: 400,
  },
  {
    name: "lat=NaN",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, lat: "NaN" },
    expect: 400,
  },
  {
    name: "lat=Infinity",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, lat: "Infinity" },
    expect: 400,
  },
  {
    name: "lat=1e309",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, lat: "1e309" },
    expect: 400,
  },
  {
    name: "lng=-200",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, lng: "-200" },
    expect: 400,
  },
  {
    name: "a point in Stockholm",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, lat: "59.3293", lng: "18.0686" },
    expect: 400,
  },
  {
    name: "SQL in the focus area",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, focusArea: "mobility' OR '1'='1" },
    expect: 400,
  },
  {
    name: "a 10,000-character title",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, title: "x".repeat(10_000) },
    expect: 400,
  },
  {
    name: "a 6,000-character body",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, body: "å".repeat(6000) },
    expect: 400,
  },
  {
    name: "the honeypot filled in",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, website: "http://spam.example" },
    expect: 400,
  },
  {
    name: "JSON instead of a form",
    as: "resident",
    path: "/ideas/new",
    body: JSON.stringify(validIdea),
    headers: { "Content-Type": "application/json" },
    expect: 415,
  },
  {
    name: "XML instead of a form",
    as: "resident",
    path: "/ideas/new",
    body: "<idea/>",
    headers: { "Content-Type": "application/xml" },
    expect: 415,
  },
  {
    name: "a broken multipart body",
    as: "resident",
    path: "/ideas/new",
    body: "--xyz\r\nbroken",
    headers: { "Content-Type": "multipart/form-data; boundary=xyz" },
    expect: 400,
  },
  { name: "signed out", as: "anonymous", path: "/ideas/new", form: validIdea, expect: [302, 303] },
  {
    name: "a forged session cookie",
    as: "anonymous",
    path: "/ideas/new",
    form: validIdea,
    headers: { Cookie: "samskapa_session=forged.value" },
    expect: [302, 303],
  },
  // Acting on an idea
  // (first, while the setup's comment is less than a minute old: the same text again is the same comment)
  {
    name: "the same comment again within a minute (a double tap)",
    as: "other",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "comment", body: "En kommentar från någon annan." },
    expect: 303,
  },
  {
    name: "reporting my own comment",
    as: "other",
    path: (i) => `/ideas/${i.idea}`,
    form: (i) => ({ intent: "flag", reason: "spam", commentId: String(i.othersComment) }),
    expect: 403,
  },
  {
    name: "editing another person's idea",
    as: "other",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "edit-idea", title: "Kapad rubrik", body: "Någon annan skriver om idén." },
    expect: 403,
  },
  {
    name: "withdrawing another person's idea",
    as: "other",
    path: (i) => `/ideas/${i.otherIdea}`,
    form: { intent: "withdraw-idea" },
    expect: 403,
  },
  {
    name: "an idea edit with a 10,000-character title",
    as: "other",
    path: (i) => `/ideas/${i.idea}`,
    form: {
      intent: "edit-idea",
      title: "x".repeat(10_000),
      body: "En beskrivning som är lång nog.",
    },
    expect: 400,
  },
  {
    name: "an empty comment",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "comment", body: "   " },
    expect: 400,
  },
  {
    name: "a 3,000-character comment",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "comment", body: "x".repeat(3000) },
    expect: 400,
  },
  {
    name: "a 2 MB comment",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "comment", body: "x".repeat(2_000_000) },
    expect: 413,
  },
  {
    name: "a reply to a comment that does not exist",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "comment", body: "Svar", parentId: "99999999" },
    expect: 404,
  },
  {
    name: "SQL as a parent id",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "comment", body: "Svar", parentId: SQL },
    expect: 400,
  },
  {
    name: "editing another person's comment",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: (i) => ({ intent: "edit-comment", commentId: String(i.othersComment), body: "Hackad" }),
    expect: 403,
  },
  {
    name: "deleting another person's comment",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: (i) => ({ intent: "delete-comment", commentId: String(i.othersComment) }),
    expect: 403,
  },
  {
    name: "editing my comment through another idea",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: (i) => ({ intent: "edit-comment", commentId: String(i.myComment), body: "Fel idé" }),
    expect: 404,
  },
  {
    name: "a report with an unknown reason",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "flag", reason: SCRIPT },
    expect: 400,
  },
  {
    name: "a report on a comment of another idea",
    as: "resident",
    path: (i) => `/ideas/${i.otherIdea}`,
    form: (i) => ({ intent: "flag", reason: "spam", commentId: String(i.othersComment) }),
    expect: 404,
  },
  {
    name: "a support for an idea that does not exist",
    as: "resident",
    path: "/ideas/99999999",
    form: { intent: "vote" },
    expect: 404,
  },
  // "Support this instead" on the new-idea form, and notifications (issue 13)
  {
    name: "support-instead with SQL as the idea id",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, supportInstead: SQL },
    expect: 400,
  },
  {
    name: "support-instead for an idea that does not exist",
    as: "resident",
    path: "/ideas/new",
    form: { ...validIdea, supportInstead: "99999999" },
    expect: 404,
  },
  {
    name: "opening a notification with SQL as its id",
    as: "resident",
    path: "/me/notifications",
    form: { intent: "open", id: SQL },
    expect: 404,
  },
  {
    name: "opening a notification that does not exist",
    as: "resident",
    path: "/me/notifications",
    form: { intent: "open", id: "99999999" },
    expect: 404,
  },
  {
    name: "e-mail settings with script as the frequency",
    as: "resident",
    path: "/me",
    form: { intent: "email-notifications", on: "on", frequency: SCRIPT },
    expect: 400,
  },
  {
    name: "script as the intent",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: SCRIPT },
    expect: 400,
  },
  {
    name: "a malformed idea id",
    as: "resident",
    path: "/ideas/1%27%20OR%201=1",
    form: { intent: "vote" },
    expect: 404,
  },
  {
    name: "a support from another site",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "vote" },
    headers: { Origin: "https://evil.example" },
    expect: 403,
  },
  {
    name: "a support from a sandboxed frame (Origin: null)",
    as: "resident",
    path: (i) => `/ideas/${i.idea}`,
    form: { intent: "vote" },
    headers: { Origin: "null" },
    expect: 403,
  },
  {
    name: "signing out from another site",
    as: "resident",
    path: "/logout",
    form: {},
    headers: { Origin: "https://evil.example" },
    expect: 403,
  },
  // Roles
  {
    name: "a resident opening the moderation queue",
    as: "resident",
    method: "GET",
    path: "/moderation",
    expect: 403,
  },
  {
    name: "a resident opening the list of hidden content",
    as: "resident",
    method: "GET",
    path: "/moderation/hidden",
    expect: 403,
  },
  {
    name: "a resident moving a group with confirm=yes",
    as: "resident",
    path: "/moderation/groups/1",
    form: { intent: "set-stage", stage: "closed", message: "Stängd", confirm: "yes" },
    expect: 403,
  },
  {
    name: "a resident hiding an idea",
    as: "resident",
    path: (i) => `/moderation/ideas/${i.otherIdea}`,
    form: { intent: "hide", reason: "Jag vill" },
    expect: 403,
  },
  {
    name: "a resident hiding a comment",
    as: "resident",
    path: (i) => `/moderation/comments/${i.othersComment}`,
    form: { intent: "hide", reason: "Jag vill" },
    expect: 403,
  },
  {
    name: "a resident creating a group",
    as: "resident",
    path: "/moderation/groups",
    form: { title: "Min grupp", summary: "", focusArea: "mobility" },
    expect: 403,
  },
  {
    name: "a resident moving a group",
    as: "resident",
    path: "/moderation/groups/1",
    form: { intent: "set-stage", stage: "decided", message: "Klart" },
    expect: 403,
  },
  {
    name: "a resident making themselves admin",
    as: "resident",
    path: "/admin",
    form: { intent: "set-role", userId: "1", role: "admin" },
    expect: 403,
  },
  {
    name: "a resident running a workshop",
    as: "resident",
    path: "/workshops",
    form: { title: "Min workshop", dots: "3" },
    expect: 403,
  },
  {
    name: "a resident undoing a merge",
    as: "resident",
    path: "/moderation/audit",
    form: { intent: "undo-merge", mergeId: "1" },
    expect: 403,
  },
  // Account
  {
    name: "deleting my account without confirming",
    as: "resident",
    path: "/me/delete",
    form: { confirm: "no" },
    expect: 400,
  },
  {
    name: "a forged password-reset token",
    as: "anonymous",
    path: "/reset-password",
    form: { token: "forged-token", password: "ett nytt lösenord", confirm: "ett nytt lösenord" },
    expect: 400,
  },
  {
    name: "a reset token with SQL in it",
    as: "anonymous",
    path: "/reset-password",
    form: { token: SQL, password: "ett nytt lösenord", confirm: "ett nytt lösenord" },
    expect: 400,
  },
  {
    name: "signing in with SQL as the e-mail",
    as: "anonymous",
    path: "/login",
    form: { email: "' OR 1=1 --", password: "x" },
    expect: 400,
  },
  // Endpoints
  {
    name: "a bbox beyond the world",
    as: "anonymous",
    method: "GET",
    path: "/api/map?bbox=-1e309,57,13,58&zoom=11",
    expect: 400,
  },
  {
    name: "a negative zoom",
    as: "anonymous",
    method: "GET",
    path: `/api/map?bbox=${CITY}&zoom=-1`,
    expect: 400,
  },
  {
    name: "a 10 KB search",
    as: "anonymous",
    method: "GET",
    path: `/api/map?bbox=${CITY}&zoom=11&q=${"a".repeat(10_000)}`,
    expect: 400,
  },
  {
    name: "script as a focus area",
    as: "anonymous",
    method: "GET",
    path: `/api/map?bbox=${CITY}&zoom=11&focus=${encodeURIComponent(SCRIPT)}`,
    expect: 400,
  },
  {
    name: "similar ideas without text",
    as: "anonymous",
    method: "GET",
    path: "/api/ideas/similar?text=",
    expect: 400,
  },
  {
    name: "similar ideas with a text latitude",
    as: "anonymous",
    method: "GET",
    path: "/api/ideas/similar?text=cykelbana&lat=abc&lng=12.9",
    expect: 400,
  },
  {
    name: "a photo path that climbs out",
    as: "anonymous",
    method: "GET",
    path: "/photos/..%2F..%2Fetc%2Fpasswd",
    expect: 404,
  },
  {
    name: "joining a workshop that does not exist",
    as: "anonymous",
    path: "/w/ZZZZZZ",
    form: { intent: "join" },
    expect: 404,
  },
  {
    name: "events of a workshop that does not exist",
    as: "anonymous",
    method: "GET",
    path: "/api/workshops/ZZZZZZ/events",
    expect: 404,
  },
  {
    name: "markup as a workshop code",
    as: "anonymous",
    method: "GET",
    path: "/w?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    expect: 404,
  },
  {
    name: "a resident hiding a workshop's idea",
    as: "resident",
    path: "/workshops/1",
    form: { intent: "hide", ideaId: "1" },
    expect: 403,
  },
];

async function counts(request: APIRequestContext) {
  const map = await (await request.get(`/api/map?bbox=${CITY}&zoom=18`)).json();
  const ideas = map.features.reduce(
    (n: number, f: { properties: { cluster?: boolean; count?: number } }) =>
      n + (f.properties.cluster ? f.properties.count! : 1),
    0,
  );
  const supports = map.features.reduce(
    (n: number, f: { properties: { supports?: number } }) => n + (f.properties.supports ?? 0),
    0,
  );
  const groups = await (await request.get("/open-data/groups.geojson")).json();
  return {
    ideas,
    supports,
    groups: groups.features.length,
    stages: groups.features
      .map((g: { properties: { stage: string } }) => g.properties.stage)
      .join(),
  };
}

test("at least 40 hostile requests are refused with 4xx and change nothing", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  expect(cases.length).toBeGreaterThanOrEqual(40);
  const anonymous = await playwright.request.newContext({ baseURL });
  const resident = await playwright.request.newContext({ baseURL });
  await loginRequest(resident, DEMO.resident);
  const other = await playwright.request.newContext({ baseURL });
  await joinRequest(other);

  // Two ideas, a comment by someone else and one of mine, to aim at.
  const map = await (await anonymous.get(`/api/map?bbox=${CITY}&zoom=18`)).json();
  const points = map.features.filter(
    (f: { properties: { cluster?: boolean } }) => !f.properties.cluster,
  );
  const ids: Ids = {
    idea: points[0].properties.id,
    otherIdea: points[1].properties.id,
    othersComment: 0,
    myComment: 0,
  };
  await other.post(`/ideas/${ids.idea}`, {
    form: { intent: "comment", body: "En kommentar från någon annan." },
  });
  await resident.post(`/ideas/${ids.otherIdea}`, {
    form: { intent: "comment", body: "Min egen kommentar." },
  });
  const html = await (await anonymous.get(`/ideas/${ids.idea}`)).text();
  // The newest comment on each page is the one just written (the idea may have older ones).
  ids.othersComment = Number([...html.matchAll(/id="comment-(\d+)"/g)].at(-1)![1]);
  const html2 = await (await anonymous.get(`/ideas/${ids.otherIdea}`)).text();
  ids.myComment = Number([...html2.matchAll(/id="comment-(\d+)"/g)].at(-1)![1]);
  const commentsBefore = [
    html.match(/comment-body/g)?.length,
    html2.match(/comment-body/g)?.length,
  ];

  const before = await counts(anonymous);
  const failures: string[] = [];
  for (const c of cases) {
    const context = c.as === "resident" ? resident : c.as === "other" ? other : anonymous;
    const path = typeof c.path === "function" ? c.path(ids) : c.path;
    const form = typeof c.form === "function" ? c.form(ids) : c.form;
    const response =
      (c.method ?? "POST") === "GET"
        ? await context.get(path, { headers: c.headers, maxRedirects: 0 })
        : await context.post(path, {
            ...(c.body !== undefined ? { data: c.body } : { form: form ?? {} }),
            headers: c.headers,
            maxRedirects: 0,
          });
    const wanted = Array.isArray(c.expect) ? c.expect : [c.expect];
    if (!wanted.includes(response.status()))
      failures.push(`${c.name}: ${response.status()} (wanted ${wanted.join("/")})`);
    if (response.status() >= 500) failures.push(`${c.name}: server error`);
  }
  expect(failures).toEqual([]);
  expect(await counts(anonymous)).toEqual(before);
  const after = [
    (await (await anonymous.get(`/ideas/${ids.idea}`)).text()).match(/comment-body/g)?.length,
    (await (await anonymous.get(`/ideas/${ids.otherIdea}`)).text()).match(/comment-body/g)?.length,
  ];
  expect(after).toEqual(commentsBefore);
  // Still signed in as a resident (not promoted), the other person's comment untouched.
  expect((await resident.get("/moderation", { maxRedirects: 0 })).status()).toBe(403);
  expect(await (await anonymous.get(`/ideas/${ids.idea}`)).text()).toContain(
    "En kommentar från någon annan.",
  );
  await Promise.all([anonymous.dispose(), resident.dispose(), other.dispose()]);
});

test("every page carries the security headers, with a fresh script nonce each time", async ({
  request,
}) => {
  const first = await request.get("/");
  const second = await request.get("/");
  const csp = first.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(first.headers()["permissions-policy"]).toContain("geolocation=(self)");
  expect(first.headers()["x-request-id"]).toMatch(/\S/);
  // Every inline script carries the nonce; none runs without it.
  const html = await first.text();
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
  expect(inline.length).toBeGreaterThan(0);
  for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`);
});

test("session cookies are httpOnly and SameSite=Lax", async ({ playwright, baseURL }) => {
  const context = await playwright.request.newContext({ baseURL });
  const response = await context.post("/login", {
    form: { email: DEMO.resident, password: "samskapa-demo" },
    maxRedirects: 0,
  });
  const cookie = response.headers()["set-cookie"];
  expect(cookie).toMatch(/samskapa_session=/);
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  await context.dispose();
});

test("a password-reset link works once: replayed, it is refused and changes nothing", async ({
  playwright,
  baseURL,
}) => {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const outbox = path.join(process.env.E2E_DB_DIR!, "outbox");
  const context = await playwright.request.newContext({ baseURL });
  const email = await joinRequest(context);
  await context.post("/logout", { form: {} });
  const before = new Set(fs.existsSync(outbox) ? fs.readdirSync(outbox) : []);
  expect((await context.post("/forgot-password", { form: { email } })).status()).toBe(200);
  // The mail leaves through the outbox worker, moments after the answer: wait for its file.
  const newMail = () =>
    (fs.existsSync(outbox) ? fs.readdirSync(outbox) : [])
      .filter((f) => f.endsWith(".json") && !before.has(f))
      .map(
        (f) =>
          JSON.parse(fs.readFileSync(path.join(outbox, f), "utf8")) as { to: string; text: string },
      )
      .find((m) => m.to === email);
  await expect.poll(newMail, { timeout: 10_000 }).toBeTruthy();
  const mail = newMail()!;
  const token = /reset-password\?token=([\w-]+)/.exec(mail.text)![1];

  const first = await context.post("/reset-password", {
    form: { token, password: "ett helt nytt lösenord", confirm: "ett helt nytt lösenord" },
    maxRedirects: 0,
  });
  expect([302, 303]).toContain(first.status());
  const replay = await context.post("/reset-password", {
    form: { token, password: "ett annat lösenord!", confirm: "ett annat lösenord!" },
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(400);
  expect(await replay.text()).toContain("Länken fungerar inte längre");
  // The first new password still works; the replayed one never took.
  const fresh = await playwright.request.newContext({ baseURL });
  expect(
    (
      await fresh.post("/login", {
        form: { email, password: "ett annat lösenord!" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(400);
  expect(
    (
      await fresh.post("/login", {
        form: { email, password: "ett helt nytt lösenord" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(302);
  await Promise.all([context.dispose(), fresh.dispose()]);
});
