// What a resident (or someone pretending to be one) sends that the app must refuse: every case
// answers the right status with a clear Swedish message, and nothing changes — no idea, support,
// comment or account is written, altered or removed.
//
// Rate limits are in memory, per server process, and every test here comes from 127.0.0.1, so
// this file spends few of them: two shared residents (joined once per worker), one account to lock
// out, and the lock-out itself runs last.
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import {
  DEMO,
  JOIN_PASSWORD,
  joinRequest,
  loginRequest,
  mailsTo,
  residentAddress,
  uniqueEmail,
} from "./support/people";
import {
  expectStatus,
  postIdeaForm,
  residentPool,
  supportCount,
  visibleText,
  type Playwright,
} from "./support/requests";

const CITY = "12.633,57.557,13.309,57.934";
const TORGET = { lat: 57.7212, lng: 12.9402 }; // Stora torget, Borås
const GOTEBORG = { lat: 57.7089, lng: 11.9746 };
const XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";

type Feature = {
  properties: { id?: number; title?: string; supports?: number; cluster?: boolean; count?: number };
};

/** Every idea on the map of the municipality: clusters' counts plus single points. */
async function countIdeas(request: APIRequestContext): Promise<number> {
  const response = await request.get(`/api/map?bbox=${CITY}&zoom=18`);
  expect(response.status()).toBe(200);
  const { features } = (await response.json()) as { features: Feature[] };
  return features.reduce((sum, f) => sum + (f.properties.cluster ? f.properties.count! : 1), 0);
}

async function ideaPage(request: APIRequestContext, id: number): Promise<string> {
  const response = await request.get(`/ideas/${id}`);
  expect(response.status()).toBe(200);
  return response.text();
}

/** A visible demo idea's id (any will do for refused requests). */
async function someDemoIdea(request: APIRequestContext): Promise<number> {
  const { features } = (await (await request.get(`/api/map?bbox=${CITY}&zoom=18`)).json()) as {
    features: Feature[];
  };
  const point = features.find((f) => !f.properties.cluster);
  expect(point).toBeDefined();
  return point!.properties.id!;
}

// Two residents, joined once per worker and signed in afresh (a new session) wherever needed.
const residents = residentPool<"a" | "b">();
const residentEmail = residents.email;
const signedIn = (playwright: Playwright, baseURL: string, key: "a" | "b" = "a") =>
  residents.signedIn(playwright, baseURL, key);

let ideaCounter = 0;
function validIdea(overrides: Record<string, string> = {}): Record<string, string> {
  ideaCounter += 1;
  return {
    title: `Cykelställ vid torget ${Date.now()}-${ideaCounter}`,
    body: "Fler cykelställ med tak nära Stora torget, så att fler cyklar in till stan.",
    focusArea: "mobility",
    lat: String(TORGET.lat),
    lng: String(TORGET.lng),
    ...overrides,
  };
}

/** Posts a valid idea; returns its id. */
async function postIdea(
  request: APIRequestContext,
  overrides: Record<string, string> = {},
): Promise<number> {
  return postIdeaForm(request, validIdea(overrides));
}

/** Posts a comment; returns its id (from the redirect's #comment-N). */
async function postComment(
  request: APIRequestContext,
  ideaId: number,
  body: string,
): Promise<number> {
  const response = await request.post(`/ideas/${ideaId}`, {
    form: { intent: "comment", body },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  const match = /#comment-(\d+)$/.exec(response.headers().location ?? "");
  expect(match, response.headers().location).not.toBeNull();
  return Number(match![1]);
}

test.describe("posting an idea", () => {
  test("signed out, the form action sends you to sign in and writes nothing", async ({
    request,
  }) => {
    const before = await countIdeas(request);
    const response = await request.post("/ideas/new", { form: validIdea(), maxRedirects: 0 });
    expect([302, 303]).toContain(response.status());
    expect(response.headers().location).toContain("/login?redirectTo=");
    expect(await countIdeas(request)).toBe(before);
  });

  test("bad fields answer 400 with a Swedish message and no idea is written", async ({
    playwright,
    baseURL,
  }) => {
    const request = await signedIn(playwright, baseURL!);
    const before = await countIdeas(request);

    const outside = await request.post("/ideas/new", {
      form: validIdea({ lat: String(GOTEBORG.lat), lng: String(GOTEBORG.lng) }),
      maxRedirects: 0,
    });
    await expectStatus(outside, 400, "a point in Göteborg");
    expect(await outside.text()).toContain("Platsen ligger utanför Borås kommun");

    const cases: [string, Record<string, string>, string | RegExp][] = [
      ["lat=NaN", { lat: "NaN" }, "Platsen kunde inte läsas"],
      ["lat=Infinity", { lat: "Infinity" }, "Platsen kunde inte läsas"],
      ["lat=91", { lat: "91" }, "Platsen kunde inte läsas"],
      ["lng=-Infinity", { lng: "-Infinity" }, "Platsen kunde inte läsas"],
      ["no place", { lat: "", lng: "" }, "Välj en plats på kartan"],
      ["missing title", { title: "" }, "Skriv en rubrik"],
      ["121-character title", { title: "x".repeat(121) }, "Rubriken får ha högst 120 tecken"],
      [
        "a 2 MB body",
        { body: "lång text ".repeat(210_000) },
        /Beskrivningen får ha högst 5.000 tecken/,
      ],
      ["focusArea=cars", { focusArea: "cars" }, "Välj ett av de fyra fokusområdena"],
      ["honeypot filled", { website: "https://spam.example" }, "Formuläret kunde inte skickas"],
    ];
    for (const [label, overrides, message] of cases) {
      const response = await request.post("/ideas/new", {
        form: validIdea(overrides),
        maxRedirects: 0,
      });
      await expectStatus(response, 400, label);
      expect(await response.text(), label).toMatch(message);
    }
    // A title missing from the form altogether, not just empty.
    const { title: _title, ...withoutTitle } = validIdea();
    await expectStatus(
      await request.post("/ideas/new", { form: withoutTitle, maxRedirects: 0 }),
      400,
      "no title field",
    );

    expect(await countIdeas(request)).toBe(before);
    await request.dispose();
  });

  test("script and HTML in an idea are stored as typed and shown as text", async ({
    playwright,
    baseURL,
    page,
  }) => {
    const request = await signedIn(playwright, baseURL!);
    const title = `${XSS} ${Date.now()}`;
    const body = `Idé: ${XSS} och mer text.`;
    const id = await postIdea(request, { title, body });

    // Stored as typed: the map endpoint gives the title back unchanged.
    const near = `${TORGET.lng - 0.001},${TORGET.lat - 0.001},${TORGET.lng + 0.001},${TORGET.lat + 0.001}`;
    const { features } = (await (await request.get(`/api/map?bbox=${near}&zoom=18`)).json()) as {
      features: Feature[];
    };
    expect(features.find((f) => f.properties.id === id)?.properties.title).toBe(title);
    await request.dispose();

    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(`/ideas/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.locator(".idea-text p").first()).toHaveText(body);
    await expect(page.locator(".location-map .leaflet-marker-icon")).toBeVisible(); // hydrated
    await expect(page).toHaveTitle(new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator("script:not([src])", { hasText: "alert(" })).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });

  test("a photo that is not an image is refused with 400, a too large one with 413; no idea is written", async ({
    playwright,
    baseURL,
  }) => {
    const request = await signedIn(playwright, baseURL!);
    const before = await countIdeas(request);

    const notAnImage = await request.post("/ideas/new", {
      multipart: {
        ...validIdea(),
        photo: {
          name: "semester.jpg",
          mimeType: "image/jpeg",
          buffer: Buffer.from("Det här är bara text, ingen bild.\n".repeat(50)),
        },
      },
      maxRedirects: 0,
    });
    await expectStatus(notAnImage, 400, "a text file named .jpg");
    expect(await notAnImage.text()).toContain("Filen är inte en bild");

    const uploader = await signedIn(playwright, baseURL!);
    const tooLarge = await uploader.post("/ideas/new", {
      multipart: {
        ...validIdea(),
        photo: {
          name: "stor.jpg",
          mimeType: "image/jpeg",
          buffer: Buffer.alloc(9 * 1024 * 1024, 0xff),
        },
      },
      maxRedirects: 0,
    });
    await expectStatus(tooLarge, 413, "a 9 MB photo");
    expect(await tooLarge.text()).toMatch(/för stort.*8 MB/);
    await uploader.dispose();

    expect(await countIdeas(request)).toBe(before);
    await request.dispose();
  });

  test("after refusing a too large photo, the next request on the same connection still works", async ({
    playwright,
    baseURL,
  }) => {
    // The 413 goes out before the upload is read, with "Connection: close", so the client opens a
    // new connection for what it sends next instead of finding the old one reset.
    const request = await signedIn(playwright, baseURL!);
    const tooLarge = await request.post("/ideas/new", {
      multipart: {
        ...validIdea(),
        photo: {
          name: "stor.jpg",
          mimeType: "image/jpeg",
          buffer: Buffer.alloc(9 * 1024 * 1024, 0xff),
        },
      },
      maxRedirects: 0,
    });
    expect(tooLarge.status()).toBe(413);
    const next = await request.get("/healthz").catch((error: Error) => error);
    expect(next instanceof Error ? next.message : next.status()).toBe(200);
    await request.dispose();
  });
});

test.describe("acting on an idea", () => {
  test("50 simultaneous supports from one person count once", async ({ playwright, baseURL }) => {
    const author = await signedIn(playwright, baseURL!, "b");
    const id = await postIdea(author);
    await author.dispose();

    const request = await signedIn(playwright, baseURL!, "a");
    const before = await supportCount(request, id);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request.post(`/ideas/${id}`, { form: { intent: "vote" }, maxRedirects: 0 }),
      ),
    );
    for (const response of responses) expect(response.status()).toBe(303);
    expect(await supportCount(request, id)).toBe(before + 1);

    // The map says the same.
    const near = `${TORGET.lng - 0.001},${TORGET.lat - 0.001},${TORGET.lng + 0.001},${TORGET.lat + 0.001}`;
    const { features } = (await (await request.get(`/api/map?bbox=${near}&zoom=18`)).json()) as {
      features: Feature[];
    };
    expect(features.find((f) => f.properties.id === id)?.properties.supports).toBe(before + 1);
    await request.dispose();
  });

  test("editing or deleting someone else's comment is refused and the comment stays", async ({
    playwright,
    baseURL,
  }) => {
    const a = await signedIn(playwright, baseURL!, "a");
    const b = await signedIn(playwright, baseURL!, "b");
    const ideaId = await postIdea(a);
    const otherIdeaId = await someDemoIdea(a);
    const mine = `Min kommentar ${Date.now()}`;
    const theirs = `Grannens kommentar ${Date.now()}`;
    const myCommentId = await postComment(a, ideaId, mine);
    const theirCommentId = await postComment(b, ideaId, theirs);

    const post = (form: Record<string, string>, idea = ideaId) =>
      a.post(`/ideas/${idea}`, { form, maxRedirects: 0 });

    await expectStatus(
      await post({
        intent: "edit-comment",
        commentId: String(theirCommentId),
        body: "Ändrad av någon annan",
      }),
      403,
      "edit another person's comment",
    );
    await expectStatus(
      await post({ intent: "delete-comment", commentId: String(theirCommentId) }),
      403,
      "delete another person's comment",
    );

    // A comment id that belongs to another idea does not exist here.
    await expectStatus(
      await post(
        { intent: "edit-comment", commentId: String(myCommentId), body: "Fel idé" },
        otherIdeaId,
      ),
      404,
      "edit own comment through another idea",
    );
    await expectStatus(
      await post({ intent: "delete-comment", commentId: String(myCommentId) }, otherIdeaId),
      404,
      "delete through another idea",
    );
    await expectStatus(
      await post({ intent: "edit-comment", commentId: "999999999", body: "Finns inte" }),
      404,
      "a comment that does not exist",
    );

    for (const commentId of ["abc", "", "1.5", "-3", "1e400"]) {
      await expectStatus(
        await post({ intent: "edit-comment", commentId, body: "Något" }),
        400,
        `edit commentId=${commentId}`,
      );
      await expectStatus(
        await post({ intent: "delete-comment", commentId }),
        400,
        `delete commentId=${commentId}`,
      );
    }

    const html = await ideaPage(a, ideaId);
    expect(html).toContain(theirs);
    expect(html).toContain(mine);
    expect(html).not.toContain("Ändrad av någon annan");
    expect(html).not.toContain("Fel idé");
    expect(await ideaPage(a, otherIdeaId)).not.toContain("Fel idé");
    await a.dispose();
    await b.dispose();
  });

  test("an unknown intent is 400 and an unknown idea 404", async ({ playwright, baseURL }) => {
    const request = await signedIn(playwright, baseURL!);
    const id = await someDemoIdea(request);
    const supports = await supportCount(request, id);

    for (const intent of ["delete-idea", "", "VOTE"]) {
      await expectStatus(
        await request.post(`/ideas/${id}`, { form: { intent }, maxRedirects: 0 }),
        400,
        `intent=${intent}`,
      );
    }
    await expectStatus(
      await request.post(`/ideas/${id}`, { form: { nothing: "here" }, maxRedirects: 0 }),
      400,
      "no intent",
    );
    for (const path of ["/ideas/999999", "/ideas/abc", "/ideas/1e3", "/ideas/-1"]) {
      await expectStatus(
        await request.post(path, { form: { intent: "vote" }, maxRedirects: 0 }),
        404,
        `POST ${path}`,
      );
    }
    expect(await supportCount(request, id)).toBe(supports);
    await request.dispose();
  });

  test("a request from another site is refused and adds no support", async ({
    playwright,
    baseURL,
  }) => {
    const request = await signedIn(playwright, baseURL!);
    const id = await someDemoIdea(request);
    const before = await supportCount(request, id);
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example"]) {
      const response = await request.post(`/ideas/${id}`, {
        headers: { Origin: origin },
        form: { intent: "vote" },
        maxRedirects: 0,
      });
      await expectStatus(response, 403, `Origin: ${origin}`);
    }
    expect(await supportCount(request, id)).toBe(before);
    await request.dispose();
  });
});

test.describe("accounts", () => {
  test("GET never changes state: /logout keeps you signed in, /me/delete deletes nothing", async ({
    playwright,
    baseURL,
  }) => {
    const email = await residentEmail(playwright, baseURL!, "a");
    const request = await signedIn(playwright, baseURL!);

    const logout = await request.get("/logout", { maxRedirects: 0 });
    expect(logout.status()).toBeLessThan(400);
    expect(logout.headers()["set-cookie"] ?? "").not.toMatch(/samskapa_session=;/);
    expect(await (await request.get("/")).text()).toContain("Mina sidor");
    expect((await request.get("/me", { maxRedirects: 0 })).status()).toBe(200);

    const deletePage = await request.get("/me/delete", { maxRedirects: 0 });
    expect(deletePage.status()).toBe(200);
    expect((await request.get("/me", { maxRedirects: 0 })).status()).toBe(200);
    const exported = await request.get("/me/export");
    expect(exported.status()).toBe(200);
    expect(JSON.stringify(await exported.json())).toContain(email);

    // The account still signs in from elsewhere.
    const again = await playwright.request.newContext({ baseURL });
    await loginRequest(again, email, JOIN_PASSWORD);
    await again.dispose();
    await request.dispose();
  });

  test("deleting the account without confirm=yes is 400 and the account still works", async ({
    playwright,
    baseURL,
  }) => {
    const email = await residentEmail(playwright, baseURL!, "a");
    const request = await signedIn(playwright, baseURL!);
    const forms: Record<string, string>[] = [
      {},
      { confirm: "no" },
      { confirm: "YES" },
      { confirm: "yes " },
    ];
    for (const form of forms) {
      const response = await request.post("/me/delete", { form, maxRedirects: 0 });
      await expectStatus(response, 400, `confirm=${JSON.stringify(form)}`);
      expect(await response.text()).toContain("Kryssa i rutan för att bekräfta");
    }
    expect((await request.get("/me", { maxRedirects: 0 })).status()).toBe(200);
    const again = await playwright.request.newContext({ baseURL });
    await loginRequest(again, email, JOIN_PASSWORD);
    await again.dispose();
    await request.dispose();
  });

  test("joining with a taken address answers like any join and tells nothing; a short password is 400", async ({
    request,
    playwright,
    baseURL,
  }) => {
    const mailsBefore = mailsTo(DEMO.resident).length;
    const taken = await request.post("/join", {
      form: {
        name: "Någon Annan",
        email: DEMO.resident,
        password: "ett annat långt lösenord",
        redirectTo: "/ideas/new",
      },
      maxRedirects: 0,
    });
    expect(taken.status()).toBe(302);
    // The way back travels on: signing in from the page returns to where the person was.
    expect(taken.headers().location).toBe("/join/check-email?redirectTo=%2Fideas%2Fnew");
    expect(taken.headers()["set-cookie"] ?? "").not.toContain("samskapa_session=");
    const page = await request.get(taken.headers().location);
    expect(page.status()).toBe(200);
    expect(await page.text()).toContain('href="/login?redirectTo=%2Fideas%2Fnew"');
    // Another site is never a way back: the page's sign-in link falls back to the start page.
    const evil = await (await request.get("/join/check-email?redirectTo=//evil.example/x")).text();
    expect(evil).toContain('href="/login?redirectTo=%2F"');
    // The page is the message, not the join form (the route is not nested in /join).
    expect(visibleText(evil)).toContain("Titta i din e-post");
    expect(visibleText(evil)).not.toContain("Med ett konto kan du lämna idéer");
    const text = visibleText(await page.text());
    expect(text).toContain("Om adressen redan har ett konto");
    expect(text).not.toMatch(/finns redan|already exists|används redan|redan registrerad/i);
    // The taken account kept its password.
    const owner = await playwright.request.newContext({ baseURL });
    await loginRequest(owner, DEMO.resident);
    await owner.dispose();

    // A new address gets the very same answer (the new account is signed in besides).
    const fresh = await playwright.request.newContext({ baseURL });
    const joined = await fresh.post("/join", {
      form: {
        name: "Ny Person",
        email: uniqueEmail("same-answer"),
        password: "ett annat långt lösenord",
        redirectTo: "/ideas/new",
      },
      headers: { "X-Forwarded-For": residentAddress() },
      maxRedirects: 0,
    });
    expect(joined.status()).toBe(302);
    expect(joined.headers().location).toBe(taken.headers().location);
    const same = visibleText(await (await fresh.get(joined.headers().location)).text());
    expect(same).toContain("Om adressen redan har ett konto");
    await fresh.dispose();
    // The owner of the taken address is told, with the ways in.
    await expect
      .poll(() => mailsTo(DEMO.resident).length, { message: "a mail to the owner" })
      .toBeGreaterThan(mailsBefore);
    const told = mailsTo(DEMO.resident).at(-1)!;
    expect(told.subject).toBe("Någon försökte skapa ett konto med din adress");
    expect(told.text).toMatch(/\/login\b[\s\S]*\/forgot-password/);

    const email = uniqueEmail("short");
    const short = await request.post("/join", {
      form: { name: "Kort Lösen", email, password: "123456789" },
      maxRedirects: 0,
    });
    await expectStatus(short, 400, "a 9-character password");
    expect(await short.text()).toContain("minst 10 tecken");
    expect(short.headers()["set-cookie"] ?? "").not.toContain("samskapa_session=");
  });

  test("a reset link that is not valid is refused and changes nothing", async ({ request }) => {
    // Replaying a real link needs the e-mailed token, which E2E cannot read; this covers bad tokens.
    const get = await request.get("/reset-password?token=not-a-real-token");
    expect(get.status()).toBe(400);
    expect(await get.text()).toContain("Länken fungerar inte längre");
    const post = await request.post("/reset-password", {
      form: {
        token: "not-a-real-token",
        password: "ett nytt långt lösenord",
        confirm: "ett nytt långt lösenord",
      },
      maxRedirects: 0,
    });
    await expectStatus(post, 400, "reset with a made-up token");
    expect(await post.text()).toContain("Länken fungerar inte längre");
    expect(post.headers()["set-cookie"] ?? "").not.toContain("samskapa_session=");
  });

  test("after sign-in, redirectTo only leads to this site", async ({
    playwright,
    baseURL,
    page,
  }) => {
    for (const redirectTo of [
      "//evil.example",
      "https://evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const context = await playwright.request.newContext({ baseURL });
      const response = await context.post("/login", {
        form: { email: DEMO.resident, password: "samskapa-demo", redirectTo },
        maxRedirects: 0,
      });
      expect(response.status(), redirectTo).toBe(302);
      expect(response.headers().location, redirectTo).toBe("/");
      await context.dispose();
    }

    // The same through the real form, with redirectTo in the address bar.
    await page.goto("/login?redirectTo=//evil.example");
    await page.getByLabel("E-postadress").fill(DEMO.resident);
    await page.getByLabel("Lösenord").fill("samskapa-demo");
    await page.getByRole("button", { name: "Logga in" }).click();
    await expect(page.getByRole("link", { name: /Mina sidor/ })).toBeVisible();
    expect(page.url()).toBe(`${baseURL}/`);
  });
});

// Keep last: it spends failed sign-ins from 127.0.0.1 (12 of the 50 the address may have per 15
// minutes) and locks one fresh account.
test.describe("signing in with wrong credentials", () => {
  test("an unknown address and a wrong password look the same; the 11th failure is 429", async ({
    playwright,
    baseURL,
  }) => {
    const joiner = await playwright.request.newContext({ baseURL });
    const email = await joinRequest(joiner);
    await joiner.dispose();

    const request = await playwright.request.newContext({ baseURL });
    const attempt = (form: Record<string, string>) =>
      request.post("/login", { form, maxRedirects: 0 });
    const formError = async (response: APIResponse) => {
      const match = /<div[^>]*class="form-errors"[^>]*>([\s\S]*?)<\/div>/.exec(
        await response.text(),
      );
      return match ? match[1].replace(/<[^>]+>/g, "").trim() : "";
    };

    const unknown = await attempt({ email: uniqueEmail("nobody"), password: "fel lösenord igen" });
    const wrong = await attempt({ email, password: "fel lösenord igen" });
    expect(unknown.status()).toBe(400);
    expect(wrong.status()).toBe(unknown.status());
    expect(await unknown.text()).toContain("E-postadressen eller lösenordet stämmer inte");
    expect(await wrong.text()).toContain("E-postadressen eller lösenordet stämmer inte");
    expect(await formError(unknown)).toContain("E-postadressen eller lösenordet stämmer inte");
    expect(await formError(wrong)).toBe(await formError(unknown));
    expect(unknown.headers()["set-cookie"] ?? "").not.toContain("samskapa_session=");

    // Nine more failures make ten for this account.
    for (let n = 0; n < 9; n++) {
      expect(
        (await attempt({ email, password: `fel lösenord ${n}` })).status(),
        `failure ${n + 2}`,
      ).toBe(400);
    }
    const locked = await attempt({ email, password: "fel lösenord igen" });
    await expectStatus(locked, 429, "the 11th failure");
    expect(await locked.text()).toContain("För många försök");

    // Even the right password waits now, and the lock is this account's alone.
    expect((await attempt({ email, password: JOIN_PASSWORD })).status()).toBe(429);
    await loginRequest(request, DEMO.resident);
    await request.dispose();
  });
});
