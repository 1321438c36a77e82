// Confirmed e-mail (issue 16): a new resident's supports and reports are held until the link in
// the confirmation mail (MAIL_OUTBOX_DIR) is followed; then they count. Used, expired and wrong
// links get a clear page; asking for a new link answers the same for every address.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ageAccount, expireConfirmationLink } from "./support/clock";
import {
  confirmationLink,
  DEMO,
  expectNoAxeViolations,
  joinAsNewResident,
  joinRequest,
  loginRequest,
  mailsTo,
  residentAddress,
  uniqueEmail,
} from "./support/people";
import { postIdeaForm, supportCount, visibleText } from "./support/requests";

type Place = { lat: number; lng: number };

async function supportsOnMap(request: APIRequestContext, id: number, place: Place) {
  const d = 0.002;
  const bbox = [place.lng - d, place.lat - d, place.lng + d, place.lat + d].join(",");
  const response = await request.get(`/api/map?bbox=${bbox}&zoom=18`);
  expect(response.status()).toBe(200);
  const { features } = (await response.json()) as {
    features: { properties: { id?: number; cluster?: boolean; supports?: number } }[];
  };
  return features.find((f) => !f.properties.cluster && f.properties.id === id)?.properties.supports;
}

/** An idea by a confirmed resident, at a place of its own. */
async function anIdea(request: APIRequestContext, title: string, place: Place) {
  await joinRequest(request);
  return postIdeaForm(request, {
    title,
    body: "Fler sittplatser i skugga längs gångstråket, så att äldre orkar gå hela vägen till torget.",
    focusArea: "co-creation",
    lat: String(place.lat),
    lng: String(place.lng),
  });
}

const HELD = "Ditt stöd räknas när du har bekräftat din e-postadress.";

test("join → support is held (shown as pending, count unchanged) → follow the mailed link → it counts", async ({
  page,
  playwright,
  baseURL,
}) => {
  const stamp = Date.now().toString(36);
  const place = { lat: 57.7183, lng: 12.9452 };
  const author = await playwright.request.newContext({ baseURL });
  const id = await anIdea(author, `Bänkar längs Allégatan ${stamp}`, place);
  const visitor = await playwright.request.newContext({ baseURL });
  expect(await supportCount(visitor, id)).toBe(0);

  const { email } = await joinAsNewResident(page, "Nora Ny", { confirm: false });
  await page.goto(`/ideas/${id}`);
  const box = page.locator("#support");
  await box.getByRole("button", { name: "Stöd idén" }).click();
  await expect(box.getByRole("button", { name: "Du stöder idén – ta tillbaka" })).toBeVisible();
  await expect(page.getByText(HELD)).toBeVisible();
  await expect(box.locator(".support-count")).toHaveText("0 stöd");
  // The server says the same after a reload, and nobody else sees a support either.
  await page.reload();
  await expect(page.getByText(HELD)).toBeVisible();
  await expect(box.getByRole("button", { name: "Du stöder idén – ta tillbaka" })).toBeVisible();
  await expect(box.locator(".support-count")).toHaveText("0 stöd");
  expect(await supportCount(visitor, id)).toBe(0);
  expect(await supportsOnMap(visitor, id, place)).toBe(0);

  // The mail came at once, in Swedish, with an absolute link.
  await confirmationLink(email);
  const [mail] = mailsTo(email);
  expect(mail.subject).toBe("Bekräfta din e-postadress för Samskapa Borås");
  expect(mail.text).toMatch(/ https?:\/\/[^/\s]+\/join\/confirm\?token=[\w-]{40,}\s/);
  expect(mail.text).toContain("48 timmar");

  // "Send the link again" beside the held support: a second mail; its link is the one used below.
  await page.getByRole("button", { name: "Skicka länken igen" }).click();
  await expect(page).toHaveURL(/\/join\/resend\?sent=1$/);
  await expect(page.getByText("Om ett konto med den adressen väntar")).toBeVisible();
  const link = await confirmationLink(email, 1);

  // Opening the link changes nothing by itself (mail scanners open links): its button does.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bekräfta din e-postadress");
  expect(await supportCount(visitor, id)).toBe(0);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Bekräfta e-postadressen" }).click();
  await expect(page).toHaveURL(/\/join\/confirm\?confirmed=1$/);
  await expect(
    page.getByText("Tack! Din e-postadress är bekräftad, och dina stöd räknas nu.", {
      exact: true,
    }),
  ).toBeVisible();

  // It counts: on the page, for everyone, and on the map.
  await page.goto(`/ideas/${id}`);
  await expect(box.locator(".support-count")).toHaveText("1 stöd");
  await expect(page.getByText(HELD)).toHaveCount(0);
  expect(await supportCount(visitor, id)).toBe(1);
  await expect.poll(() => supportsOnMap(visitor, id, place)).toBe(1);
  // From now on taking it back and giving it again count at once.
  await box.getByRole("button", { name: "Du stöder idén – ta tillbaka" }).click();
  await expect(box.locator(".support-count")).toHaveText("0 stöd");
  await expect.poll(() => supportCount(visitor, id)).toBe(0);
  await box.getByRole("button", { name: "Stöd idén" }).click();
  await expect(box.locator(".support-count")).toHaveText("1 stöd");
  await expect.poll(() => supportCount(visitor, id)).toBe(1);

  // The same link again: already used, and nothing counts twice.
  const again = await page.goto(link);
  expect(again?.status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText(
    "Den här länken har redan använts. Din e-postadress är bekräftad – du kan logga in som vanligt.",
  );
  const replay = await visitor.post("/join/confirm", {
    form: { token: new URL(link, baseURL).searchParams.get("token")! },
    maxRedirects: 0,
  });
  expect(replay.status()).toBe(400);
  expect(await supportCount(visitor, id)).toBe(1);
  await author.dispose();
  await visitor.dispose();
});

test("an expired and a wrong link each get a clear page and change nothing", async ({
  page,
  playwright,
  baseURL,
}) => {
  const place = { lat: 57.7302, lng: 12.9168 };
  const author = await playwright.request.newContext({ baseURL });
  const id = await anIdea(author, `Skuggträd vid Norrby ${Date.now().toString(36)}`, place);
  const resident = await playwright.request.newContext({ baseURL });
  const email = await joinRequest(resident, { confirm: false });
  expect(
    (await resident.post(`/ideas/${id}`, { form: { intent: "vote" }, maxRedirects: 0 })).status(),
  ).toBe(303);
  const link = await confirmationLink(email);
  const token = new URL(link, baseURL).searchParams.get("token")!;
  expireConfirmationLink(token);

  const expired = await page.goto(link);
  expect(expired?.status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText(
    "Länken har gått ut (den gäller i 48 timmar). Be om en ny länk.",
  );
  await expect(page.getByRole("button", { name: "Bekräfta e-postadressen" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Skicka länken igen" })).toHaveAttribute(
    "href",
    "/join/resend",
  );
  // Posting it anyway is refused the same way.
  const posted = await resident.post("/join/confirm", { form: { token }, maxRedirects: 0 });
  expect(posted.status()).toBe(400);
  expect(await supportCount(resident, id)).toBe(0);

  for (const wrong of [`${token.slice(0, -2)}xy`, "", "a".repeat(300)]) {
    const response = await page.goto(`/join/confirm?token=${wrong}`);
    expect(response?.status(), `token ${wrong.slice(0, 10)}…`).toBe(400);
    await expect(page.getByRole("alert")).toHaveText(
      "Länken fungerar inte. Kontrollera att hela länken kom med, eller be om en ny.",
    );
  }
  await page.goto("/join/confirm?token=nonsense&lang=ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("alert")).toHaveText(
    "الرابط لا يعمل. تحقّق من أن الرابط وصل كاملًا، أو اطلب رابطًا جديدًا.",
  );
  await page.goto("/?lang=sv");
  expect(await supportCount(resident, id)).toBe(0);
  await author.dispose();
  await resident.dispose();
});

test("asking for a new link answers the same for an unknown, a waiting and a confirmed address", async ({
  page,
  playwright,
  baseURL,
}) => {
  const waitingContext = await playwright.request.newContext({ baseURL });
  const waiting = await joinRequest(waitingContext, { confirm: false });
  const confirmedContext = await playwright.request.newContext({ baseURL });
  const confirmed = await joinRequest(confirmedContext);
  await confirmationLink(waiting);
  const unknown = uniqueEmail("nobody");

  const anonymous = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": residentAddress() },
  });
  const answers: string[] = [];
  for (const email of [unknown, confirmed, waiting]) {
    const response = await anonymous.post("/join/resend", { form: { email }, maxRedirects: 0 });
    expect(response.status(), email).toBe(303);
    answers.push(response.headers().location ?? "");
  }
  expect(new Set(answers)).toEqual(new Set(["/join/resend?sent=1"]));
  // Only the address that waits gets a mail (queued after the others: when it has come, they
  // would have too).
  await confirmationLink(waiting, 1);
  expect(mailsTo(unknown)).toHaveLength(0);
  expect(mailsTo(confirmed).filter((m) => m.text.includes("/join/confirm"))).toHaveLength(1);

  // In the browser: the same words for an address nobody has.
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": residentAddress() });
  await page.goto("/join/resend");
  await page.getByLabel("E-postadress").fill(uniqueEmail("nobody"));
  await page.getByRole("button", { name: "Skicka en ny länk" }).click();
  await expect(
    page.getByText(
      "Om ett konto med den adressen väntar på att bekräftas har vi nu skickat en ny länk. Titta i inkorgen (och i skräpposten).",
      { exact: true },
    ),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  // A few requests for one address, then a pause, whoever asks and whether or not it exists.
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const other = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { "X-Forwarded-For": residentAddress() },
    });
    statuses.push(
      (await other.post("/join/resend", { form: { email: unknown }, maxRedirects: 0 })).status(),
    );
    await other.dispose();
  }
  expect(statuses).toEqual([303, 303, 429, 429]);
  await waitingContext.dispose();
  await confirmedContext.dispose();
  await anonymous.dispose();
});

test("reports from unconfirmed accounts are held: they never hide an idea, and moderators see who sent them", async ({
  playwright,
  baseURL,
}) => {
  const stamp = Date.now().toString(36);
  const place = { lat: 57.7125, lng: 12.9605 };
  const title = `Laddstolpar vid Sjöbo ${stamp}`;
  const author = await playwright.request.newContext({ baseURL });
  const id = await anIdea(author, title, place);
  const visitor = await playwright.request.newContext({ baseURL });

  // Three accounts old enough to count, but never confirmed: the idea stays.
  for (let n = 0; n < 3; n++) {
    const reporter = await playwright.request.newContext({ baseURL });
    const email = await joinRequest(reporter, { confirm: false });
    ageAccount(email, 2);
    const response = await reporter.post(`/ideas/${id}`, {
      form: { intent: "flag", reason: "spam" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    const page = visibleText(await (await reporter.get(`/ideas/${id}`)).text());
    expect(page).toContain("Anmälan räknas när du har bekräftat din e-postadress.");
    await reporter.dispose();
  }
  expect((await visitor.get(`/ideas/${id}`, { maxRedirects: 0 })).status()).toBe(200);
  expect(await supportsOnMap(visitor, id, place)).toBe(0);

  const moderator = await playwright.request.newContext({ baseURL });
  await loginRequest(moderator, DEMO.moderator);
  const queue = visibleText(await (await moderator.get("/moderation")).text());
  const card = queue.slice(queue.indexOf(title), queue.indexOf(title) + 600);
  expect(card).toContain("3 anmälningar");
  expect(card).toMatch(/Anmält av: .*API Person \(e-post inte bekräftad, räknas inte\)/);
  await author.dispose();
  await visitor.dispose();
  await moderator.dispose();
});
