// A resident's first week (issue 13): forms that empty themselves after they went through and send
// once however often they are tapped, reports that stay reported, one's own idea (edit, withdraw,
// no supporting or reporting oneself), sign-up that returns to the page it came from, the privacy
// notice, and "near me" that never puts the exact position in the address.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import os from "node:os";
import path from "node:path";
import { DEMO, joinRequest, loginRequest, PHONE, uniqueEmail } from "./support/people";
import { watchConsole } from "./support/console";

// Outside test-results, which the next run empties.
const SCREENSHOTS = path.join(os.tmpdir(), "samskapa-resident-journeys");

/** Joins through the form as a new resident (any viewport: does not rely on the header's menu). */
async function joinAsNewResident(page: Page, name: string) {
  await page.goto("/join");
  await page.getByLabel("Namn").fill(name);
  await page.getByLabel("E-postadress").fill(uniqueEmail());
  await page.getByLabel("Lösenord").fill("ett långt lösenord");
  await page.getByRole("button", { name: "Skapa konto" }).click();
  // The same answer as for a taken address: "look in your e-mail", already signed in.
  await expect(page.getByRole("heading", { name: "Titta i din e-post" })).toBeVisible();
}

/**
 * Fails the test on any console error or uncaught error in the page. The map tiles come from an
 * address that is closed on purpose in these tests (the map must work without them): those misses
 * are expected.
 */
function watchForErrors(page: Page) {
  const problems = watchConsole(page);
  return () => expect(problems).toEqual([]);
}

let serial = 0;
const unique = (text: string) => `${text} ${Date.now().toString(36)}${++serial}`;

/** A new idea by a new resident (an API context that stays signed in); returns its id. */
async function ideaBySomeoneElse(
  request: APIRequestContext,
  title = unique("Cykelparkering vid resecentrum"),
) {
  const response = await request.post("/ideas/new", {
    form: {
      title,
      body: "Fler säkra cykelplatser vid resecentrum, med tak.",
      focusArea: "mobility",
      lat: "57.7210",
      lng: "12.9401",
    },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  return Number(/\/ideas\/(\d+)/.exec(response.headers().location ?? "")![1]);
}

async function commentIds(request: APIRequestContext, ideaId: number): Promise<number[]> {
  const html = await (await request.get(`/ideas/${ideaId}`)).text();
  return [...html.matchAll(/class="comment" id="comment-(\d+)"/g)].map((m) => Number(m[1]));
}

test.describe("on a phone", () => {
  test.use(PHONE);

  test("comment, reply and report forms empty themselves, a double tap sends once, a report stays reported", async ({
    page,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const checkErrors = watchForErrors(page);
    const other = await playwright.request.newContext({ baseURL });
    await joinRequest(other);
    const ideaId = await ideaBySomeoneElse(other);
    await other.post(`/ideas/${ideaId}`, {
      form: { intent: "comment", body: "En kommentar från idéns författare." },
    });

    await joinAsNewResident(page, "Nora Nilsson");
    await page.goto(`/ideas/${ideaId}`);

    // A comment, sent with a double tap: one comment, and the box is empty again.
    const box = page.getByLabel("Skriv en kommentar");
    await box.fill("Jättebra, jag cyklar dit varje dag.");
    await page.getByRole("button", { name: "Skicka kommentar" }).dblclick();
    await expect(
      page.getByRole("status").filter({ hasText: "Din kommentar är publicerad." }),
    ).toBeVisible();
    await expect(
      page.locator(".comment-body").filter({ hasText: "Jättebra, jag cyklar dit varje dag." }),
    ).toHaveCount(1);
    await expect(box).toHaveValue("");
    expect(await commentIds(other, ideaId)).toHaveLength(2);

    // A reply: it appears under the comment, and the reply box closes empty.
    const firstComment = page.locator("ol.comment-list > li").first();
    await firstComment.getByText("Svara", { exact: true }).click();
    const replyBox = firstComment.getByLabel("Ditt svar");
    await replyBox.fill("Håller med om taket.");
    await firstComment.getByRole("button", { name: "Skicka svar" }).click();
    await expect(firstComment.locator(".comment-replies .comment-body")).toHaveText([
      "Håller med om taket.",
    ]);
    await expect(replyBox).toBeHidden();
    await firstComment.getByText("Svara", { exact: true }).click();
    await expect(replyBox).toHaveValue("");

    // Reporting the other person's comment: it says so, and offers no second report (also after a reload).
    const theirs = page
      .locator(".comment")
      .filter({ hasText: "En kommentar från idéns författare." });
    await theirs.getByText("Anmäl kommentaren").click();
    await theirs.getByRole("radio", { name: "Reklam eller spam" }).check();
    await theirs.getByRole("button", { name: "Skicka anmälan" }).click();
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: "Tack! Din anmälan är skickad till moderatorerna." }),
    ).toBeVisible();
    await expect(
      theirs.getByText("Du har anmält kommentaren. Moderatorerna tittar på den."),
    ).toBeVisible();
    await expect(theirs.getByText("Anmäl kommentaren")).toHaveCount(0);

    // Reporting the idea, the same.
    await page.getByText("Anmäl idén").click();
    await page.locator(".report-form").last().getByRole("radio", { name: "Hör inte hit" }).check();
    await page.getByRole("button", { name: "Skicka anmälan" }).last().click();
    await expect(page.getByText("Du har anmält idén. Moderatorerna tittar på den.")).toBeVisible();
    await page.reload();
    await expect(page.getByText("Du har anmält idén. Moderatorerna tittar på den.")).toBeVisible();
    await expect(
      theirs.getByText("Du har anmält kommentaren. Moderatorerna tittar på den."),
    ).toBeVisible();
    await expect(page.getByText("Anmäl idén")).toHaveCount(0);
    await expect(page.getByText("Anmäl kommentaren")).toHaveCount(0);
    await page.screenshot({ path: `${SCREENSHOTS}/reported-phone.png`, fullPage: true });
    checkErrors();
    await other.dispose();
  });

  test("the workshop phone's idea form is empty again after an idea went through", async ({
    page,
    playwright,
    baseURL,
  }) => {
    const checkErrors = watchForErrors(page);
    const facilitator = await playwright.request.newContext({ baseURL });
    await loginRequest(facilitator, DEMO.facilitator);
    const created = await facilitator.post("/workshops", {
      form: {
        title: unique("Workshop om cykling"),
        dots: "3",
        place: "navet",
        publish: "immediately",
      },
      maxRedirects: 0,
    });
    expect(created.status()).toBe(303);
    const html = await (await facilitator.get(created.headers().location!)).text();
    const code = /\/w\/([A-Z0-9]{4,12})\/screen/.exec(html)![1];

    await page.goto(`/w/${code}`);
    await page.getByRole("button", { name: "Gå med" }).click();
    await page.getByLabel("Rubrik").fill("Cykelbana längs Viskan");
    await page
      .getByLabel("Beskriv idén")
      .fill("En sammanhängande cykelbana längs Viskan genom centrum.");
    await page
      .getByLabel("Välj stadsdel, ort eller plats")
      .selectOption({ label: "Navet Science Center" });
    await page.getByRole("button", { name: "Skicka idén" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Tack!" })).toBeVisible();
    await expect(
      page.locator(".room-idea-title").filter({ hasText: "Cykelbana längs Viskan" }),
    ).toHaveCount(1);
    await expect(page.getByLabel("Rubrik")).toHaveValue("");
    await expect(page.getByLabel("Beskriv idén")).toHaveValue("");
    await expect(page.getByText("Du har inte valt någon plats än.")).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/workshop-phone-after-idea.png`, fullPage: true });
    checkErrors();
    await facilitator.dispose();
  });
});

test("an author edits their idea within 30 minutes, withdraws it later, and can neither support nor report it", async ({
  page,
  baseURL,
  playwright,
}) => {
  test.setTimeout(60_000);
  const checkErrors = watchForErrors(page);
  await joinAsNewResident(page, "Elin Ek");
  const ideaId = await ideaBySomeoneElse(page.request, unique("Solceller på skolans tak"));
  const visitor = await playwright.request.newContext({ baseURL });
  await joinRequest(visitor);
  await visitor.post(`/ideas/${ideaId}`, {
    form: { intent: "comment", body: "Bra, gör det på fler skolor." },
  });
  await visitor.post(`/ideas/${ideaId}`, { form: { intent: "vote" } });

  await page.goto(`/ideas/${ideaId}`);
  // Nothing to support or report on one's own idea…
  await expect(page.getByRole("button", { name: "Stöd idén" })).toHaveCount(0);
  await expect(page.getByText("Anmäl idén")).toHaveCount(0);
  // …and the server refuses it too, in the person's language.
  const vote = await page.request.post(`/ideas/${ideaId}`, {
    form: { intent: "vote" },
    maxRedirects: 0,
  });
  expect(vote.status()).toBe(403);
  expect(await vote.text()).toContain("Du kan inte stödja din egen idé.");
  const flag = await page.request.post(`/ideas/${ideaId}`, {
    form: { intent: "flag", reason: "spam" },
    maxRedirects: 0,
  });
  expect(flag.status()).toBe(403);
  expect(await flag.text()).toContain("Du kan inte anmäla något du själv har skrivit.");

  // Editing the words.
  await page.getByText("Ändra idén").click();
  await page.getByLabel("Rubrik").fill("Solceller på alla skolors tak");
  await page.getByRole("button", { name: "Spara ändringen" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sparat." })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Solceller på alla skolors tak");
  // Someone else cannot.
  const foreign = await visitor.post(`/ideas/${ideaId}`, {
    form: { intent: "edit-idea", title: "Kapad rubrik", body: "Någon annan skriver om idén." },
    maxRedirects: 0,
  });
  expect(foreign.status()).toBe(403);

  // Withdrawing: the page stays with a notice and its comment; the map and the open data let it go.
  const onMap = async () => {
    const map = await (await visitor.get("/api/map?bbox=12.93,57.71,12.95,57.73&zoom=18")).json();
    return map.features.some((f: { properties: { id?: number } }) => f.properties.id === ideaId);
  };
  expect(await onMap()).toBe(true);
  await page.getByText("Dra tillbaka idén", { exact: true }).click();
  await page.getByRole("button", { name: "Ja, dra tillbaka idén" }).click();
  await expect(page.getByText("Författaren har dragit tillbaka idén.")).toBeVisible();
  await expect(page.locator(".comment-body")).toHaveText(["Bra, gör det på fler skolor."]);
  await expect(page.getByLabel("Skriv en kommentar")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/withdrawn.png`, fullPage: true });
  expect(await onMap()).toBe(false);
  expect(await (await visitor.get("/open-data/ideas.csv")).text()).not.toContain(
    "Solceller på alla skolors tak",
  );
  const late = await visitor.post(`/ideas/${ideaId}`, {
    form: { intent: "comment", body: "Kommer detta fram?" },
    maxRedirects: 0,
  });
  expect(late.status()).toBe(409);
  expect((await visitor.get(`/ideas/${ideaId}`)).status()).toBe(200);
  checkErrors();
  await visitor.dispose();
});

test("signing in and joining return to the page they were opened from, also when switching between the two", async ({
  page,
  playwright,
  baseURL,
}) => {
  const checkErrors = watchForErrors(page);
  const author = await playwright.request.newContext({ baseURL });
  await joinRequest(author);
  const ideaId = await ideaBySomeoneElse(author);

  // From an idea: sign in → "create an account" → join → back on the idea.
  await page.goto(`/ideas/${ideaId}`);
  await page.getByRole("link", { name: "Logga in för att kommentera" }).click();
  await expect(page).toHaveURL(new RegExp(`/login\\?redirectTo=%2Fideas%2F${ideaId}$`));
  // The header's links on the sign-in page keep the way back instead of pointing at /login itself.
  await expect(
    page.getByRole("banner").getByRole("link", { name: "Skapa konto", exact: true }),
  ).toHaveAttribute("href", `/join?redirectTo=%2Fideas%2F${ideaId}`);
  await page.getByRole("main").getByRole("link", { name: "Skapa ett konto" }).click();
  await expect(page).toHaveURL(new RegExp(`/join\\?redirectTo=%2Fideas%2F${ideaId}$`));
  await expect(
    page.getByRole("banner").getByRole("link", { name: "Logga in", exact: true }),
  ).toHaveAttribute("href", `/login?redirectTo=%2Fideas%2F${ideaId}`);
  await page.getByLabel("Namn").fill("Vera Vik");
  await page.getByLabel("E-postadress").fill(`vera-${Date.now()}@example.se`);
  await page.getByLabel("Lösenord").fill("ett långt lösenord");
  await page.getByRole("button", { name: "Skapa konto" }).click();
  await expect(page.getByRole("heading", { name: "Titta i din e-post" })).toBeVisible();
  await page.getByRole("link", { name: "Fortsätt" }).click();
  await expect(page).toHaveURL(new RegExp(`/ideas/${ideaId}$`));
  await expect(page.getByLabel("Skriv en kommentar")).toBeVisible();

  // The header's "create account" carries the page too; an address to another site is dropped.
  const anonymous = await playwright.request.newContext({ baseURL });
  const groups = await (await anonymous.get("/groups")).text();
  expect(groups).toContain('href="/join?redirectTo=%2Fgroups"');
  const hostile = await (await anonymous.get("/login?redirectTo=%2F%2Fevil.example%2Fx")).text();
  expect(hostile).toContain('name="redirectTo" value="/"');
  expect(hostile).toContain('href="/join?redirectTo=%2F"');
  checkErrors();
  await Promise.all([author.dispose(), anonymous.dispose()]);
});

test("the privacy notice is linked from the footer and the join form, in all four languages", async ({
  page,
}) => {
  const checkErrors = watchForErrors(page);
  await page.goto("/join");
  await expect(
    page.getByRole("main").getByRole("link", { name: "Så behandlar vi dina personuppgifter" }),
  ).toHaveAttribute("href", "/privacy");
  await page.getByRole("contentinfo").getByRole("link", { name: "Personuppgifter" }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Personuppgifter på Samskapa Borås",
  );
  for (const heading of [
    "Personuppgiftsansvarig",
    "Varför",
    "Rättslig grund",
    "Hur länge",
    "Dina rättigheter",
    "Kontakt",
  ]) {
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
  }
  await expect(page.getByText(/artikel 6\.1 e/)).toBeVisible();
  await expect(page.getByRole("link", { name: "dataskyddsombud@boras.se" })).toHaveAttribute(
    "href",
    "mailto:dataskyddsombud@boras.se",
  );

  const titles = {
    en: "Privacy notice for Samskapa Borås",
    fi: "Samskapa Boråsin tietosuojaseloste",
    ar: "إشعار الخصوصية لموقع Samskapa Borås",
  };
  for (const [lang, title] of Object.entries(titles)) {
    await page.goto(`/privacy?lang=${lang}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    const text = await page.locator("main").innerText();
    expect(text, "no untranslated key").not.toMatch(/\bprivacy\.[a-zA-Z]+/);
    expect(text).toContain("kommun@boras.se");
  }
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await page.screenshot({ path: `${SCREENSHOTS}/privacy-ar.png`, fullPage: true });
  await page.goto("/?lang=sv");
  checkErrors();
});

test.describe("near me", () => {
  test.use({
    ...PHONE,
    geolocation: { latitude: 57.7213456, longitude: 12.9401234 },
    permissions: ["geolocation"],
  });

  test("sorts by distance without writing the exact position into the address", async ({
    page,
  }) => {
    const checkErrors = watchForErrors(page);
    await page.goto("/");
    // On a phone "near me" sits with search and sorting behind one button.
    await page.getByRole("button", { name: "Sök och fler filter" }).click();
    await page.getByRole("button", { name: "Nära mig" }).click();
    await expect(page).toHaveURL(/near=57\.721%2C12\.940/);
    const url = decodeURIComponent(page.url());
    expect(url).not.toContain("57.72135");
    expect(url).not.toContain("12.94012");
    expect(url).toMatch(/sort=nearest/);
    checkErrors();
  });
});
