// A moderator's first week (issue 13), in the Swedish UI unless said otherwise: what was hidden can
// be found again and restored (also from the idea's own page, which the public still gets as 404),
// any two ideas can be merged and the merge undone once, groups offer every ungrouped idea and
// refuse to move while empty, and every step that cannot be taken back asks first — without
// JavaScript too. Each journey fails on a console error or a page error.
import {
  expect,
  test,
  type APIRequestContext,
  type Browser,
  type BrowserContextOptions,
  type Page,
} from "@playwright/test";
import { DEMO, PHONE, login, loginRequest } from "./support/people";
import {
  expectStatus,
  postIdeaForm,
  residentPool,
  visibleText,
  type Playwright,
} from "./support/requests";
import { watchConsole } from "./support/console";

type Place = { lat: number; lng: number };
const MODERATOR_NAME = "Karin Ek (innovationsteamet)";
const SJOBO = { lat: 57.7455, lng: 12.9548 };
const BRAMHULT = { lat: 57.7329, lng: 13.0223 };
const TRANDARED = { lat: 57.7063, lng: 12.9544 };
const DALSJOFORS = { lat: 57.7177, lng: 13.0866 };

let serial = 0;
function tag() {
  serial += 1;
  return `${Date.now().toString(36)}${serial}`;
}

type ResidentKey = "author" | "supporter";
const residents = residentPool<ResidentKey>();

async function demo(
  playwright: Playwright,
  baseURL: string,
  email: string,
): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL });
  await loginRequest(context, email);
  return context;
}

async function postIdea(
  request: APIRequestContext,
  title: string,
  place: Place,
  focusArea = "mobility",
): Promise<number> {
  return postIdeaForm(request, {
    title,
    body: `${title}. En idé för ett klimatneutralt Borås, skriven i ett test.`,
    focusArea,
    lat: String(place.lat),
    lng: String(place.lng),
  });
}

/** A signed-in browser page (JavaScript on unless said otherwise) and the problems it reports. */
async function signedIn(browser: Browser, email: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ locale: "sv-SE", ...options });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await login(page, email);
  return { page, problems, close: () => context.close() };
}

/** Text that looks like an untranslated locale key ("moderation.hiddenTitle"). */
async function expectNoRawKeys(page: Page) {
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(/\b(moderation|workflow|suggestions|workshop|groups|merge)\.[a-zA-Z]+/);
}

test.describe("hidden stays findable", () => {
  test("an idea hidden from the queue is listed with who, when and why, opens for the moderator with a banner, and Restore brings it back", async ({
    playwright,
    baseURL,
    browser,
  }, testInfo) => {
    const author = await residents.signedIn(playwright, baseURL!, "author");
    const title = `Reklam för bilar på torget ${tag()}`;
    const id = await postIdea(author, title, SJOBO);
    const anonymous = await playwright.request.newContext({ baseURL });

    const { page, problems, close } = await signedIn(browser, DEMO.moderator);
    // Hidden from the queue, with a reason.
    await page.goto("/moderation");
    const card = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: title }) });
    await card.getByText("Dölj", { exact: true }).click();
    await card.getByLabel("Skäl (visas för den som skrev)").fill("Reklam hör inte hemma här.");
    await card.getByRole("button", { name: "Dölj och meddela skribenten" }).click();
    await expect(page.getByText("Dolt. Den som skrev har fått veta varför.")).toBeVisible();
    expect(
      (await anonymous.get(`/ideas/${id}`, { maxRedirects: 0 })).status(),
      "the public gets 404",
    ).toBe(404);

    // The list of everything hidden has it: by whom, why, with Restore.
    await page
      .getByRole("navigation", { name: "Moderering" })
      .getByRole("link", { name: "Dolt" })
      .click();
    await expect(page).toHaveURL(/\/moderation\/hidden$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dolda idéer och kommentarer");
    const listed = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: title }) });
    await expect(listed).toContainText(`Doldes av ${MODERATOR_NAME}`);
    await expect(listed).toContainText("Reklam hör inte hemma här.");
    await expect(listed.getByRole("button", { name: "Visa igen" })).toBeVisible();
    await expectNoRawKeys(page);
    await page.screenshot({ path: testInfo.outputPath("hidden-list.png"), fullPage: true });

    // Its page opens for the moderator: the banner says it is hidden, why, and offers Restore.
    await listed.getByRole("link", { name: title }).click();
    await expect(page).toHaveURL(new RegExp(`/ideas/${id}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    const banner = page
      .getByRole("status")
      .filter({ hasText: "Den här idén är dold. Bara moderatorer ser den." });
    await expect(banner).toContainText("Reklam hör inte hemma här.");
    await expect(banner).toContainText(MODERATOR_NAME);
    // Nothing on it pretends that a resident could support or comment now.
    await expect(page.getByRole("button", { name: /Stöd idén/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("hidden-idea-banner.png"), fullPage: true });

    // The audit log names it by title and its link works for the moderator.
    await page.goto("/moderation/audit?action=idea.hide");
    await page
      .getByRole("link", { name: new RegExp(`Idé ${id}: ${title}`) })
      .first()
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);

    await banner.getByRole("button", { name: "Visa igen" }).click();
    await expect(page.getByText("Visas igen.")).toBeVisible();
    await expect(page.getByText("Den här idén är dold.")).toHaveCount(0);
    expect((await anonymous.get(`/ideas/${id}`)).status(), "back for everyone").toBe(200);
    await page.goto("/moderation/hidden");
    await expect(page.getByRole("heading", { name: title })).toHaveCount(0);
    expect(problems).toEqual([]);
    await close();
    await author.dispose();
    await anonymous.dispose();
  });

  test("a moderator hides a visible idea from its own page, with a reason, and stays on it; residents get no such tool", async ({
    playwright,
    baseURL,
    browser,
  }) => {
    const author = await residents.signedIn(playwright, baseURL!, "author");
    const title = `Sälj begagnade bildäck här ${tag()}`;
    const id = await postIdea(author, title, TRANDARED);
    const anonymous = await playwright.request.newContext({ baseURL });

    // A resident (the author) sees no moderator tools on the page.
    expect(visibleText(await (await author.get(`/ideas/${id}`)).text())).not.toContain(
      "För moderatorer",
    );

    const { page, problems, close } = await signedIn(browser, DEMO.moderator, PHONE);
    await page.goto(`/ideas/${id}`);
    const tools = page.getByRole("region", { name: "För moderatorer" });
    await tools.getByText("Dölj", { exact: true }).click();
    // A reason is required: an empty one is not sent.
    await tools.getByRole("button", { name: "Dölj och meddela skribenten" }).click();
    await expect(page).toHaveURL(new RegExp(`/ideas/${id}$`));
    await tools
      .getByLabel("Skäl (visas för den som skrev)")
      .fill("Försäljning hör inte hemma här.");
    await tools.getByRole("button", { name: "Dölj och meddela skribenten" }).click();
    await expect(page).toHaveURL(new RegExp(`/ideas/${id}\\?notice=hidden$`));
    await expect(page.getByText("Dolt. Den som skrev har fått veta varför.")).toBeVisible();
    await expect(
      page.getByRole("status").filter({ hasText: "Den här idén är dold." }),
    ).toContainText("Försäljning hör inte hemma här.");
    await expect(page.getByRole("region", { name: "För moderatorer" })).toHaveCount(0);
    expect(
      (await anonymous.get(`/ideas/${id}`, { maxRedirects: 0 })).status(),
      "the public gets 404",
    ).toBe(404);
    // A resident who forges the same POST is refused and the idea stays hidden.
    const forged = await author.post(`/moderation/ideas/${id}`, {
      form: { intent: "restore" },
      maxRedirects: 0,
    });
    expect([302, 303, 403]).toContain(forged.status());
    expect((await anonymous.get(`/ideas/${id}`, { maxRedirects: 0 })).status()).toBe(404);
    expect(problems).toEqual([]);
    await close();
    await author.dispose();
    await anonymous.dispose();
  });

  test("a hidden comment and an auto-hidden idea are listed and restored from the list without JavaScript, in Arabic on a phone too", async ({
    playwright,
    baseURL,
    browser,
  }, testInfo) => {
    const author = await residents.signedIn(playwright, baseURL!, "author");
    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    const ideaTitle = `Bänkar längs Viskan ${tag()}`;
    const ideaId = await postIdea(author, ideaTitle, TRANDARED);
    const commented = await author.post(`/ideas/${ideaId}`, {
      form: { intent: "comment", body: "En kommentar som döljs i testet." },
      maxRedirects: 0,
    });
    expect(commented.status()).toBe(303);
    const commentId = Number(/#comment-(\d+)/.exec(commented.headers().location ?? "")![1]);
    const hid = await moderator.post(`/moderation/comments/${commentId}`, {
      form: { intent: "hide", reason: "Personangrepp" },
      maxRedirects: 0,
    });
    expect(hid.status()).toBe(303);

    const { page, problems, close } = await signedIn(browser, DEMO.moderator, {
      javaScriptEnabled: false,
      ...PHONE,
    });
    await page.goto("/moderation/hidden");
    const comment = page
      .getByRole("listitem")
      .filter({ hasText: "En kommentar som döljs i testet." });
    await expect(comment).toContainText(`Kommentar på ${ideaTitle}`);
    await expect(comment).toContainText("Personangrepp");
    await expect(comment.getByRole("link", { name: ideaTitle })).toHaveAttribute(
      "href",
      `/ideas/${ideaId}#comment-${commentId}`,
    );
    await page.screenshot({ path: testInfo.outputPath("hidden-list-phone.png"), fullPage: true });

    // Arabic: the page reads right to left and every text is translated.
    await page.goto("/moderation/hidden?lang=ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("الأفكار والتعليقات المخفية");
    await expectNoRawKeys(page);
    await page.screenshot({ path: testInfo.outputPath("hidden-list-ar.png"), fullPage: true });
    await page.goto("/moderation/hidden?lang=sv");

    await comment.getByRole("button", { name: "Visa igen" }).click();
    await expect(page).toHaveURL(/\/moderation\/hidden\?notice=restored/);
    await expect(page.getByText("En kommentar som döljs i testet.")).toHaveCount(0);
    const ideaPage = visibleText(
      await (
        await playwright.request.newContext({ baseURL })
      )
        .get(`/ideas/${ideaId}`)
        .then((r) => r.text()),
    );
    expect(ideaPage).toContain("En kommentar som döljs i testet.");
    expect(problems).toEqual([]);
    await close();
    await author.dispose();
    await moderator.dispose();
  });

  test("a resident is refused the hidden list (403) and signed out people are sent to sign in", async ({
    playwright,
    baseURL,
  }) => {
    const resident = await residents.signedIn(playwright, baseURL!, "supporter");
    await expectStatus(
      await resident.get("/moderation/hidden", { maxRedirects: 0 }),
      403,
      "a resident",
    );
    const anonymous = await playwright.request.newContext({ baseURL });
    const response = await anonymous.get("/moderation/hidden", { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toMatch(/^\/login\?redirectTo=/);
    await resident.dispose();
    await anonymous.dispose();
  });
});

test.describe("merge any two", () => {
  test("a moderator merges two unrelated ideas found by number and by title words, keeps the one they choose, and undoes it once", async ({
    playwright,
    baseURL,
    browser,
  }) => {
    const author = await residents.signedIn(playwright, baseURL!, "author");
    const t = tag();
    const first = `Solpaneler på skolans tak ${t}`;
    const second = `Energi från skoltaket i Dalsjöfors ${t}`;
    const firstId = await postIdea(author, first, BRAMHULT, "construction");
    const secondId = await postIdea(author, second, DALSJOFORS, "construction");

    const { page, problems, close } = await signedIn(browser, DEMO.moderator);
    await page.goto("/moderation/suggestions");
    const section = page.getByRole("region", { name: "Slå ihop två valfria idéer" });
    await section.getByLabel("Första idén (nummer eller ord)").fill(String(firstId));
    await section.getByLabel("Andra idén (nummer eller ord)").fill(`Dalsjöfors ${t}`);
    await section.getByRole("button", { name: "Hitta idéerna" }).click();
    await expect(section.getByRole("link", { name: first })).toBeVisible();
    await expect(section.getByRole("link", { name: second })).toBeVisible();
    // Both ways round are offered; the moderator keeps the first.
    await expect(
      section.getByRole("button", { name: `Behåll ”${second}” och slå in ”${first}” i den` }),
    ).toBeVisible();
    await section
      .getByRole("button", { name: `Behåll ”${first}” och slå in ”${second}” i den` })
      .click();
    await expect(page).toHaveURL(new RegExp(`/ideas/${firstId}\\?notice=merged`));
    await expect(
      page.getByRole("region", { name: /Sammanslagna|sammanslagna|Idéer som/ }),
    ).toContainText(second);

    // The log names both titles; undo once, and the button is gone.
    await page.goto("/moderation/audit?action=idea.merge");
    const row = page.getByRole("row").filter({ hasText: `Idé ${secondId} in i idé ${firstId}` });
    await expect(row).toContainText(first);
    await expect(row).toContainText(second);
    await row.getByRole("button", { name: "Ångra sammanslagningen" }).click();
    await expect(page.getByText("Sammanslagningen är ångrad.")).toBeVisible();
    await page.goto("/moderation/audit?action=idea.merge");
    const after = page.getByRole("row").filter({ hasText: `Idé ${secondId} in i idé ${firstId}` });
    await expect(after).toContainText("Ångrad");
    await expect(after.getByRole("button", { name: "Ångra sammanslagningen" })).toHaveCount(0);
    const anonymous = await playwright.request.newContext({ baseURL });
    expect(
      (await anonymous.get(`/ideas/${secondId}`, { maxRedirects: 0 })).status(),
      "the absorbed idea is back",
    ).toBe(200);
    expect(problems).toEqual([]);
    await close();
    await author.dispose();
    await anonymous.dispose();
  });

  test("the same idea twice, or a word that matches nothing, says so instead of merging", async ({
    browser,
    playwright,
    baseURL,
  }) => {
    const author = await residents.signedIn(playwright, baseURL!, "author");
    const id = await postIdea(author, `Gatlyktor i Sjöbo ${tag()}`, SJOBO);
    const { page, problems, close } = await signedIn(browser, DEMO.moderator);
    await page.goto(`/moderation/suggestions?a=${id}&b=%23${id}`);
    const section = page.getByRole("region", { name: "Slå ihop två valfria idéer" });
    await expect(section.getByRole("alert")).toHaveText("En idé kan inte slås ihop med sig själv.");
    await expect(section.getByRole("button", { name: /^Behåll/ })).toHaveCount(0);
    await page.goto(`/moderation/suggestions?a=${id}&b=ingenidéheterså${tag()}`);
    await expect(section).toContainText("Ingen synlig idé matchar");
    expect(problems).toEqual([]);
    await close();
    await author.dispose();
  });
});

test.describe("groups", () => {
  test("an empty group cannot move stage (the form says why, a script gets 400) but can be closed", async ({
    playwright,
    baseURL,
    browser,
  }) => {
    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    const created = await moderator.post("/moderation/groups", {
      form: { title: `Tom grupp ${tag()}`, summary: "", focusArea: "mobility" },
      maxRedirects: 0,
    });
    const groupId = Number(
      /\/moderation\/groups\/(\d+)/.exec(created.headers().location ?? "")![1],
    );
    const refused = await moderator.post(`/moderation/groups/${groupId}`, {
      form: {
        intent: "set-stage",
        stage: "co-creation",
        message: "Vi går vidare.",
        confirm: "yes",
      },
      maxRedirects: 0,
    });
    await expectStatus(refused, 400, "an empty group moving on");
    expect(visibleText(await refused.text())).toContain("Gruppen har inga idéer.");
    expect(visibleText(await (await moderator.get(`/groups/${groupId}`)).text())).toContain(
      "Inga meddelanden ännu.",
    );

    const { page, problems, close } = await signedIn(browser, DEMO.moderator);
    await page.goto(`/moderation/groups/${groupId}`);
    const move = page.getByRole("region", { name: "Flytta gruppen till nästa steg" });
    await expect(move).toContainText("Gruppen har inga idéer.");
    await expect(move.getByRole("radio")).toHaveCount(1);
    await expect(move.getByRole("radio", { name: "Avslutad" })).toBeVisible();
    expect(problems).toEqual([]);
    await close();
    await moderator.dispose();
  });

  test("Add ideas shows how many ungrouped ideas there are and pages through all of them; the map clusters and is tall enough", async ({
    browser,
  }, testInfo) => {
    const { page, problems, close } = await signedIn(browser, DEMO.moderator);
    await page.goto("/moderation/groups");
    await page.locator('a[href^="/moderation/groups/"]').first().click();
    const add = page.getByRole("region", { name: "Lägg till idéer" });
    const count = add.getByText(/^Visar 1–\d+ av \d+ idéer utan grupp\.$/);
    await expect(count).toBeVisible();
    const [, last, total] = /Visar 1–(\d+) av (\d+)/
      .exec((await count.textContent()) ?? "")!
      .map(Number);
    const firstPage = await add
      .getByRole("checkbox")
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(firstPage).toHaveLength(last);
    if (total > last) {
      await add.getByRole("link", { name: "Nästa sida →" }).click();
      await expect(
        add.getByText(new RegExp(`^Visar ${last + 1}–\\d+ av ${total} idéer utan grupp\\.$`)),
      ).toBeVisible();
      const secondPage = await add
        .getByRole("checkbox")
        .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
      expect(
        secondPage.some((id) => firstPage.includes(id)),
        "the second page shows other ideas",
      ).toBe(false);
    }
    const map = page.getByRole("region", { name: "Karta över idéer utan grupp" });
    await expect(map).toBeVisible();
    expect((await map.boundingBox())!.height).toBeGreaterThanOrEqual(320);
    // Markers or clusters: never more markers than ideas, and crowded places become one numbered circle.
    const markers = map.locator(".idea-marker, .cluster-marker");
    await expect(markers.first()).toBeVisible();
    const clusterCounts = await map.locator(".cluster-marker-body").allTextContents();
    const single = await map.locator(".idea-marker").count();
    expect(clusterCounts.reduce((sum, n) => sum + Number(n), 0) + single).toBe(
      await add.getByRole("checkbox").count(),
    );
    await page.screenshot({ path: testInfo.outputPath("add-ideas.png"), fullPage: true });
    expect(problems).toEqual([]);
    await close();
  });
});

test.describe("irreversible steps ask first", () => {
  test("without JavaScript, a stage move shows who gets the e-mail and waits for Confirm; a move back is published as a correction", async ({
    playwright,
    baseURL,
    browser,
  }, testInfo) => {
    const author = await residents.signedIn(playwright, baseURL!, "author");
    const supporter = await residents.signedIn(playwright, baseURL!, "supporter");
    const ideaId = await postIdea(author, `Cykelgarage vid stationen ${tag()}`, BRAMHULT);
    expect(
      (
        await supporter.post(`/ideas/${ideaId}`, { form: { intent: "vote" }, maxRedirects: 0 })
      ).status(),
    ).toBe(303);
    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    const groupTitle = `Cykelgarage ${tag()}`;
    const created = await moderator.post("/moderation/groups", {
      form: { title: groupTitle, summary: "", focusArea: "mobility", ideaId: String(ideaId) },
      maxRedirects: 0,
    });
    const groupId = Number(
      /\/moderation\/groups\/(\d+)/.exec(created.headers().location ?? "")![1],
    );
    const publicStage = async () =>
      visibleText(await (await moderator.get(`/groups/${groupId}`)).text());

    // A script's set-stage without confirm=yes moves nothing (200: the confirmation step).
    const unconfirmed = await moderator.post(`/moderation/groups/${groupId}`, {
      form: { intent: "set-stage", stage: "co-creation", message: "Utan bekräftelse." },
      maxRedirects: 0,
    });
    expect(unconfirmed.status()).toBe(200);
    expect(visibleText(await unconfirmed.text())).toContain("Bekräfta flytten");
    expect(await publicStage()).toContain("Inga meddelanden ännu.");

    const { page, problems, close } = await signedIn(browser, DEMO.moderator, {
      javaScriptEnabled: false,
    });
    await page.goto(`/moderation/groups/${groupId}`);
    const move = page.getByRole("region", { name: "Flytta gruppen till nästa steg" });
    const message = "Vi bjuder in till en workshop om cykelgaraget.";
    await move.getByRole("radio", { name: "Samskapande" }).check();
    await move.getByLabel("Meddelande till invånarna").fill(message);
    await move.getByRole("button", { name: "Flytta och meddela" }).click();
    const confirmStep = page.getByRole("alertdialog", { name: "Bekräfta flytten" });
    await expect(confirmStep).toContainText("Gruppen flyttas från Insamling till Samskapande.");
    await expect(confirmStep).toContainText(
      "2 personer som skrivit, stött eller följt gruppens idéer får meddelandet och ett e-postmeddelande.",
    );
    await expect(confirmStep).toContainText(message);
    await page.screenshot({ path: testInfo.outputPath("confirm-stage.png"), fullPage: true });
    expect(await publicStage(), "nothing moved before the confirmation").toContain(
      "Inga meddelanden ännu.",
    );
    await confirmStep.getByRole("button", { name: "Ja, flytta och meddela 2 personer" }).click();
    await expect(
      page.getByText("Gruppen är flyttad och alla berörda har fått meddelandet."),
    ).toBeVisible();
    expect(await publicStage()).toContain("Gruppen är nu i steget Samskapande");

    // Back one step, with a public reason: a correction in the history, not an edit of it.
    const reason = "Vi flyttade gruppen för tidigt: vi samlar idéer en månad till.";
    await move.getByRole("radio", { name: "Tillbaka till Insamling (rättelse)" }).check();
    await move.getByLabel("Meddelande till invånarna").fill(reason);
    await move.getByRole("button", { name: "Flytta och meddela" }).click();
    await expect(confirmStep).toContainText(
      "Gruppen flyttas tillbaka från Samskapande till Insamling.",
    );
    await confirmStep.getByRole("button", { name: /^Ja, flytta och meddela/ }).click();
    await expect(
      page.getByText("Gruppen är flyttad och alla berörda har fått meddelandet."),
    ).toBeVisible();

    const history = await publicStage();
    expect(history).toContain("Gruppen är nu i steget Insamling");
    expect(history).toContain("Rättelse");
    expect(history).toContain(reason);
    expect(history, "the first message stays in the history").toContain(message);
    const notices = visibleText(await (await supporter.get("/me/notifications")).text());
    expect(notices).toContain(reason);

    // Closing asks as well, and says that it stops further stages.
    await move.getByRole("radio", { name: "Avslutad" }).check();
    await move.getByLabel("Meddelande till invånarna").fill("Gruppen avslutas.");
    await move.getByRole("button", { name: "Flytta och meddela" }).click();
    await expect(confirmStep).toContainText(
      "En avslutad grupp tar inte emot fler steg förrän den öppnas igen.",
    );
    await confirmStep.getByRole("link", { name: "Avbryt" }).click();
    expect(await publicStage()).toContain("Gruppen är nu i steget Insamling");
    expect(problems).toEqual([]);
    await close();
    for (const c of [author, supporter, moderator]) await c.dispose();
  });

  test("closing a workshop asks first, without JavaScript too; Cancel keeps it open", async ({
    playwright,
    baseURL,
    browser,
  }, testInfo) => {
    const facilitator = await demo(playwright, baseURL!, DEMO.facilitator);
    const created = await facilitator.post("/workshops", {
      form: { title: `Workshop om stängning ${tag()}`, dots: "3" },
      maxRedirects: 0,
    });
    expect(created.status()).toBe(303);
    const path = created.headers().location!.replace(/\?.*$/, "");

    const { page, problems, close } = await signedIn(browser, DEMO.facilitator, {
      javaScriptEnabled: false,
    });
    await page.goto(path);
    await page.getByRole("button", { name: "Avsluta workshoppen", exact: true }).click();
    const ask = page.getByRole("alertdialog", { name: "Avsluta workshoppen?" });
    await expect(ask).toContainText("kan inte längre lämna idéer eller prickar");
    await expect(ask).toContainText("Det går inte att öppna workshoppen igen.");
    await page.screenshot({ path: testInfo.outputPath("confirm-close.png"), fullPage: true });
    await ask.getByRole("link", { name: "Nej, fortsätt workshoppen" }).click();
    await expect(page.getByRole("heading", { name: "Styr workshoppen" })).toBeVisible();

    await page.getByRole("button", { name: "Avsluta workshoppen", exact: true }).click();
    await ask.getByRole("button", { name: "Ja, avsluta workshoppen" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Resultat" })).toBeVisible();
    expect(problems).toEqual([]);
    await close();
    await facilitator.dispose();
  });
});

test("hostile input on the moderators' new pages gets a page, never a 500, and nothing moves without confirm=yes", async ({
  playwright,
  baseURL,
}) => {
  const moderator = await demo(playwright, baseURL!, DEMO.moderator);
  const created = await moderator.post("/moderation/groups", {
    form: { title: `Fientlig ${tag()}`, summary: "", focusArea: "mobility" },
    maxRedirects: 0,
  });
  const groupId = Number(/\/moderation\/groups\/(\d+)/.exec(created.headers().location ?? "")![1]);
  for (const page of ["abc", "-5", "0", "1e400", "99999999999999999999", "1%27%20OR%201=1"]) {
    await expectStatus(
      await moderator.get(`/moderation/groups/${groupId}?page=${page}`),
      200,
      `page=${page}`,
    );
  }
  for (const [a, b] of [
    ["<script>alert(1)</script>", "' OR 1=1 --"],
    ["%_%", "\\"],
    ["#", "99999999999999999999"],
    ["x".repeat(5000), ""],
  ]) {
    const response = await moderator.get(
      `/moderation/suggestions?${new URLSearchParams({ a, b })}`,
    );
    await expectStatus(response, 200, `a=${a.slice(0, 20)} b=${b}`);
    expect(await response.text()).not.toContain("<script>alert(1)</script>");
  }
  // confirm with any value but "yes" only asks (the group has no ideas, so only closing is possible).
  for (const confirm of ["no", "YES", "yes ", "1", ""]) {
    const response = await moderator.post(`/moderation/groups/${groupId}`, {
      form: { intent: "set-stage", stage: "closed", message: "Stängs.", confirm },
      maxRedirects: 0,
    });
    expect(response.status(), `confirm=${JSON.stringify(confirm)}`).toBe(200);
  }
  expect(visibleText(await (await moderator.get(`/groups/${groupId}`)).text())).toContain(
    "Inga meddelanden ännu.",
  );
  await moderator.dispose();
});
