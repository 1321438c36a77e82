// What the innovation team does (Karin Ek, the demo moderator), in the Swedish UI on a desktop:
// reports that hide an idea until a moderator restores it, hiding with a reason its author reads,
// a group made from a suggestion and moved to co-creation with a public message, the workflow's
// refusals, merging duplicates and undoing it, the audit log — and everyone else kept out.
//
// Rate limits are in memory per server and every request comes from 127.0.0.1: this file joins
// four residents (once per worker, reused by every test) and otherwise uses the demo accounts.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { DEMO, JOIN_PASSWORD, expectNoAxeViolations, login, loginRequest } from "./support/people";
import { ageAccount } from "./support/clock";
import {
  expectStatus,
  postIdeaForm,
  residentPool,
  supportCount,
  visibleText,
  type Playwright,
} from "./support/requests";
type Feature = {
  properties: {
    id?: number;
    title?: string;
    supports?: number;
    stage?: string | null;
    cluster?: boolean;
  };
};
type Place = { lat: number; lng: number };

const MODERATOR_NAME = "Karin Ek (innovationsteamet)";
// Places with few demo ideas around them, so that at zoom 18 each new idea is a point of its own.
const KNALLELAND = { lat: 57.738, lng: 12.944 };
const HESTRA = { lat: 57.7301, lng: 12.9061 };
const NORRBY = { lat: 57.7262, lng: 12.9312 };
const RAMNAPARKEN = { lat: 57.7168, lng: 12.9196 };

let serial = 0;
/** Makes titles unique per run and per test, so nothing here collides with other files' data. */
function tag() {
  serial += 1;
  return `${Date.now().toString(36)}${serial}`;
}

// ---------------------------------------------------------------------------------------------
// People

// Four residents, joined once per worker on first use; each test signs them in afresh.
type ResidentKey = "r1" | "r2" | "r3" | "r4";
const residents = residentPool<ResidentKey>();
const residentEmail = residents.email;
const resident = residents.signedIn;

/** An API context signed in with a demo account (moderator, facilitator, the demo resident). */
async function demo(
  playwright: Playwright,
  baseURL: string,
  email: string,
): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL });
  await loginRequest(context, email);
  return context;
}

/** A browser page of its own, signed in through the real form. */
async function signedInPage(browser: Browser, email: string, password?: string): Promise<Page> {
  const context = await browser.newContext({ locale: "sv-SE" });
  const page = await context.newPage();
  await login(page, email, password);
  return page;
}

// ---------------------------------------------------------------------------------------------
// Ideas and what the public sees of them

/** Posts an idea; returns its id. */
async function postIdea(
  request: APIRequestContext,
  idea: { title: string; body: string; place: Place; focusArea?: string },
): Promise<number> {
  return postIdeaForm(request, {
    title: idea.title,
    body: idea.body,
    focusArea: idea.focusArea ?? "mobility",
    lat: String(idea.place.lat),
    lng: String(idea.place.lng),
  });
}

/** The idea as a point on the public map at zoom 18 around its place, or undefined. */
async function onMap(
  request: APIRequestContext,
  id: number,
  place: Place,
  extra = "",
): Promise<Feature | undefined> {
  const d = 0.002;
  const bbox = [place.lng - d, place.lat - d, place.lng + d, place.lat + d].join(",");
  const response = await request.get(`/api/map?bbox=${bbox}&zoom=18${extra}`);
  expect(response.status()).toBe(200);
  const { features } = (await response.json()) as { features: Feature[] };
  return features.find((f) => !f.properties.cluster && f.properties.id === id);
}

async function support(request: APIRequestContext, id: number) {
  const response = await request.post(`/ideas/${id}`, {
    form: { intent: "vote" },
    maxRedirects: 0,
  });
  expect(response.status(), `support idea ${id}`).toBe(303);
}

/** The audit log's row for an action on a target ("Idé 12", "Grupp 3"), as the moderator sees it. */
/** A row of the audit log: what happened, and its target's link ("Idé 12", named "Idé 12: <title>"). */
function auditRow(page: Page, what: string, target: string) {
  return page
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: what, exact: true }) })
    .filter({ has: page.getByRole("link", { name: new RegExp(`^${target}(: |$)`) }) });
}

// ---------------------------------------------------------------------------------------------

test.describe("the queue", () => {
  test("three reports hide an idea from the map; the moderator finds it in the queue and shows it again", async ({
    playwright,
    baseURL,
    browser,
    page,
  }) => {
    const t = tag();
    const title = `Byt gatlyktorna på Hestra mot LED ${t}`;
    const author = await resident(playwright, baseURL!, "r4");
    const id = await postIdea(author, {
      title,
      body: "Gatlyktorna längs gångvägarna på Hestra drar mycket ström. Byt till LED med närvarostyrning.",
      place: HESTRA,
      focusArea: "construction",
    });
    await author.dispose();
    const visitor = await playwright.request.newContext({ baseURL });
    expect(await onMap(visitor, id, HESTRA), "the new idea is on the map").toBeDefined();
    // Only confirmed accounts at least a day old count towards hiding (issue 16): these joined
    // (and confirmed) as the suite started; here they have been around for two days.
    for (const key of ["r1", "r2", "r3"] as const)
      ageAccount(await residentEmail(playwright, baseURL!, key), 2);

    // Two residents report it through the form action: still visible after two.
    for (const key of ["r1", "r2"] as const) {
      const reporter = await resident(playwright, baseURL!, key);
      const response = await reporter.post(`/ideas/${id}`, {
        form: { intent: "flag", reason: "off-topic" },
        maxRedirects: 0,
      });
      expect(response.status(), `${key} reports`).toBe(303);
      await reporter.dispose();
    }
    expect(await onMap(visitor, id, HESTRA), "two reports do not hide it").toBeDefined();
    expect((await visitor.get(`/ideas/${id}`)).status()).toBe(200);

    // The same person reporting again does not count twice.
    const again = await resident(playwright, baseURL!, "r1");
    await again.post(`/ideas/${id}`, { form: { intent: "flag", reason: "spam" }, maxRedirects: 0 });
    await again.dispose();
    expect(
      await onMap(visitor, id, HESTRA),
      "a second report from the same person does not hide it",
    ).toBeDefined();

    // A third resident reports it in the browser.
    const third = await signedInPage(
      browser,
      await residentEmail(playwright, baseURL!, "r3"),
      JOIN_PASSWORD,
    );
    await third.goto(`/ideas/${id}`);
    await third.getByText("Anmäl idén").click();
    await third.getByRole("radio", { name: "Hör inte hit" }).check();
    await third.getByRole("button", { name: "Skicka anmälan" }).click();
    await third.waitForURL(/notice=reported/);
    await third.context().close();

    // Gone from the map and from its address, for everyone.
    await expect
      .poll(async () => onMap(visitor, id, HESTRA), { message: "hidden from the map" })
      .toBeUndefined();
    expect((await visitor.get(`/ideas/${id}`)).status()).toBe(404);

    // The moderator finds it in the queue, hidden by the reports, and shows it again.
    await login(page, DEMO.moderator);
    await page.getByRole("link", { name: "Moderering" }).click();
    await expect(page).toHaveURL(/\/moderation$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Att gå igenom");
    const reported = page.getByRole("region", { name: /^Anmälda? idé(er)? \(\d+\)$/ });
    const card = reported
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: title }) });
    await expect(card).toHaveCount(1);
    await expect(card).toContainText("Dold efter anmälningar");
    await expect(card).toContainText("3 anmälningar:");
    await expect(card).toContainText("Hör inte hit");
    await card.getByRole("button", { name: "Visa igen" }).click();
    await expect(page).toHaveURL(/\/moderation\?notice=restored$/);
    await expect(page.getByText("Visas igen.")).toBeVisible();
    await expect(reported.getByRole("heading", { name: title })).toHaveCount(0);

    // Back on the map and at its address.
    expect(await onMap(visitor, id, HESTRA), "back on the map").toBeDefined();
    expect((await visitor.get(`/ideas/${id}`)).status()).toBe(200);
    await visitor.dispose();

    // The log says who did what: the reports hid it automatically, Karin showed it again.
    await page.goto("/moderation/audit");
    await expect(auditRow(page, "Dolde idé efter anmälningar", `Idé ${id}`)).toContainText(
      "Automatiskt",
    );
    await expect(auditRow(page, "Visade idé igen", `Idé ${id}`)).toContainText(MODERATOR_NAME);
  });

  test("a moderator hides an idea with a reason; its author reads the reason", async ({
    playwright,
    baseURL,
    browser,
    page,
  }) => {
    const t = tag();
    const title = `Köp in begagnade kontorsmöbler ${t}`;
    const reason = `Idén innehöll ett telefonnummer till en privatperson (${t}). Skriv gärna in den igen utan det.`;
    const author = await resident(playwright, baseURL!, "r4");
    const id = await postIdea(author, {
      title,
      body: "Kommunens förvaltningar borde köpa begagnade kontorsmöbler i stället för nya. Ring 070-000 00 00.",
      place: NORRBY,
      focusArea: "leadership",
    });
    await author.dispose();

    await login(page, DEMO.moderator);
    await page.goto("/moderation");
    const fresh = page.getByRole("region", { name: /^Nya? idé(er)? \(\d+\)$/ });
    const card = fresh
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: title }) });
    await expect(card).toHaveCount(1);
    await card.getByText("Dölj", { exact: true }).click();
    await card.getByLabel("Skäl (visas för den som skrev)").fill(reason);
    await card.getByRole("button", { name: "Dölj och meddela skribenten" }).click();
    await expect(page.getByText("Dolt. Den som skrev har fått veta varför.")).toBeVisible();
    await expect(fresh.getByRole("heading", { name: title })).toHaveCount(0);

    const visitor = await playwright.request.newContext({ baseURL });
    expect((await visitor.get(`/ideas/${id}`)).status()).toBe(404);
    expect(await onMap(visitor, id, NORRBY)).toBeUndefined();
    await visitor.dispose();

    // The log has the hide, by Karin, with the reason.
    await page.goto("/moderation/audit");
    const row = auditRow(page, "Dolde idé", `Idé ${id}`);
    await expect(row).toContainText(MODERATOR_NAME);
    await expect(row).toContainText(reason);

    // The author is told, and reads why.
    const authorPage = await signedInPage(
      browser,
      await residentEmail(playwright, baseURL!, "r4"),
      JOIN_PASSWORD,
    );
    await authorPage.goto("/me/notifications");
    const notice = authorPage
      .getByRole("listitem")
      .filter({ hasText: `Din idé ”\u2068${title}\u2069” är dold av en moderator.` }); // the title is isolated (U+2068 … U+2069)
    await expect(notice).toHaveCount(1);
    await expect(notice.locator(".notification-message")).toHaveText(reason);
    await authorPage.goto("/me");
    const mine = authorPage
      .getByRole("region", { name: /^Mina? idé(er)? \(\d+\)$/ })
      .getByRole("listitem")
      .filter({ hasText: title });
    await expect(mine).toContainText("Idén är dold av en moderator.");
    await expect(mine).toContainText(`Skäl: ${reason}`);
    await expect(mine.getByRole("link", { name: title })).toHaveCount(0); // no link to a page that is not there
    await authorPage.context().close();
  });
});

test.describe("co-creation groups", () => {
  test("four related ideas become a group from a suggestion; the move to co-creation reaches a supporter", async ({
    playwright,
    baseURL,
    browser,
    page,
  }) => {
    const t = tag();
    const ideas = [
      {
        key: "r1",
        title: `Laddstolpar för elcyklar vid Knalleland ${t}`,
        body: "Sätt upp laddstolpar för elcyklar vid Knalleland så att man kan ladda cykeln medan man handlar.",
      },
      {
        key: "r2",
        title: `Ladda elcykeln när man handlar på Knalleland ${t}`,
        body: "Det borde finnas laddstolpar för elcyklar på Knalleland, då skulle fler cykla dit och handla i stället för att ta bilen.",
      },
      {
        key: "r3",
        title: `Fler laddplatser för elcyklar på Knalleland ${t}`,
        body: "Bygg laddplatser och laddstolpar för elcyklar vid butikerna på Knalleland, gärna under tak.",
      },
      {
        key: "r4",
        title: `Elcykelladdning vid Knallelands parkering ${t}`,
        body: "Laddstolpar för elcyklar vid parkeringen på Knalleland skulle göra det lättare att cykla och handla.",
      },
    ] as const;
    const places = ideas.map((_, n) => ({
      lat: KNALLELAND.lat + 0.0004 * n,
      lng: KNALLELAND.lng + 0.0005 * n,
    }));
    const ids: number[] = [];
    for (const [n, idea] of ideas.entries()) {
      const author = await resident(playwright, baseURL!, idea.key);
      ids.push(await postIdea(author, { title: idea.title, body: idea.body, place: places[n] }));
      await author.dispose();
    }

    // The demo resident supports the first idea before anything happens to it.
    const supporter = await demo(playwright, baseURL!, DEMO.resident);
    await support(supporter, ids[0]);
    await supporter.dispose();

    // The suggestions page offers the four together.
    await login(page, DEMO.moderator);
    await page.goto("/moderation/suggestions");
    const groupTitle = `Laddning för elcyklar på Knalleland ${t}`;
    const summary =
      "Fyra invånare vill kunna ladda elcykeln vid Knalleland. Vi samlar idéerna och tar dem vidare tillsammans.";
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Förslag på dubbletter och grupper",
    );
    const candidate = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: /^Gruppförslag \d+: \d+ idéer$/ }) })
      .filter({ has: page.getByRole("checkbox", { name: ideas[0].title, exact: true }) });
    const fromSuggestion = (await candidate.count()) === 1;
    if (fromSuggestion) {
      await expect(candidate).toContainText("Därför föreslås det:");
      for (const idea of ideas)
        await expect(
          candidate.getByRole("checkbox", { name: idea.title, exact: true }),
        ).toBeChecked();
      // Only the four: anything else suggested with them is left out.
      for (const box of await candidate.getByRole("checkbox").all()) {
        if (!ids.includes(Number(await box.getAttribute("value")))) await box.uncheck();
      }
      await candidate.getByLabel("Gruppens namn").fill(groupTitle);
      await candidate.getByLabel("Sammanfattning", { exact: true }).fill(summary);
      await candidate.getByLabel("Fokusområde").selectOption("mobility");
      await candidate.getByRole("button", { name: /^Skapa grupp av förslag \d+$/ }).click();
    } else {
      test.info().annotations.push({
        type: "issue",
        description: "No suggestion held the four related ideas; grouped by hand",
      });
      await page.goto("/moderation/groups");
      const form = page.getByRole("region", { name: "Ny grupp" });
      await form.getByLabel("Gruppens namn").fill(groupTitle);
      await form.getByLabel("Sammanfattning (visas för alla)").fill(summary);
      await form.getByLabel("Fokusområde").selectOption("mobility");
      await form.getByRole("button", { name: "Skapa gruppen" }).click();
      await expect(page.getByText("Gruppen är skapad.")).toBeVisible();
      const add = page.getByRole("region", { name: "Lägg till idéer" });
      await add.getByRole("searchbox", { name: "Sök" }).fill(t);
      await add.getByRole("button", { name: "Visa" }).click();
      for (const idea of ideas)
        await add.getByRole("checkbox", { name: new RegExp(idea.title) }).check();
      await add.getByRole("button", { name: "Lägg till valda idéer" }).click();
    }
    // The issue asks for the group to come from a suggestion: flag it, but carry on with the rest.
    expect.soft(fromSuggestion, "a suggestion holds the four related ideas").toBe(true);

    await expect(page).toHaveURL(/\/moderation\/groups\/\d+\?notice=/);
    const groupId = Number(/\/moderation\/groups\/(\d+)/.exec(page.url())![1]);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(groupTitle);
    const members = page.getByRole("region", { name: "Gruppens idéer (4)" });
    for (const idea of ideas)
      await expect(members.getByRole("link", { name: idea.title })).toBeVisible();

    // Only the next step and closing are offered.
    const move = page.getByRole("region", { name: "Flytta gruppen till nästa steg" });
    await expect(move.getByRole("radio")).toHaveCount(2);
    await expect(move.getByRole("radio", { name: "Samskapande" })).toBeVisible();
    await expect(move.getByRole("radio", { name: "Avslutad" })).toBeVisible();

    // Move to co-creation with a public message.
    const message = `Tack för era idéer! Vi bjuder in till en workshop på Knalleland och bjuder in handlarna (${t}).`;
    await move.getByRole("radio", { name: "Samskapande" }).check();
    await move.getByLabel("Meddelande till invånarna").fill(message);
    await move.getByRole("button", { name: "Flytta och meddela" }).click();
    // Nothing moves before the moderator has read what will happen and who gets the e-mail.
    const confirmStep = move.getByRole("alertdialog", { name: "Bekräfta flytten" });
    await expect(confirmStep).toContainText("Gruppen flyttas från Insamling till Samskapande.");
    await expect(confirmStep).toContainText(message);
    await expect(confirmStep).toContainText(
      /\d+ personer som skrivit, stött eller följt gruppens idéer får meddelandet/,
    );
    await confirmStep.getByRole("button", { name: /^Ja, flytta och meddela \d+ person/ }).click();
    await expect(
      page.getByText("Gruppen är flyttad och alla berörda har fått meddelandet."),
    ).toBeVisible();
    await expect(page.locator(".stage-badge").first()).toHaveText("Samskapande");
    await expect(page.getByRole("region", { name: "Vad har hänt?" })).toContainText(message);

    // The supporter reads the message among their notifications.
    const supporterPage = await signedInPage(browser, DEMO.resident);
    await supporterPage.goto("/me/notifications");
    const told = supporterPage.getByRole("listitem").filter({
      hasText: `Samskapandegruppen som ”\u2068${ideas[0].title}\u2069” ingår i har gått vidare till skedet Samskapande.`,
    });
    await expect(told).toHaveCount(1);
    await expect(told.locator(".notification-message")).toHaveText(message);
    await supporterPage.context().close();

    // An author is told as well (once, though they also had the "grouped" notice).
    const author = await resident(playwright, baseURL!, "r2");
    const authorNotices = visibleText(await (await author.get("/me/notifications")).text());
    expect(authorNotices).toContain(
      `Samskapandegruppen som ”\u2068${ideas[1].title}\u2069” ingår i har gått vidare till skedet Samskapande.`,
    );
    expect(authorNotices.split(message).length - 1).toBe(1);
    await author.dispose();

    // The public group page shows the stage and the message.
    const visitor = await browser.newContext({ locale: "sv-SE" });
    const publicPage = await visitor.newPage();
    await publicPage.goto(`/groups/${groupId}`);
    await expect(publicPage.getByRole("heading", { level: 1 })).toHaveText(groupTitle);
    await expect(publicPage.getByText("Gruppen är nu i steget")).toContainText("Samskapande");
    await expect(publicPage.locator('[aria-current="step"]')).toHaveText("Samskapande");
    await expect(publicPage.getByRole("region", { name: "Vad har hänt?" })).toContainText(message);
    await expect(publicPage.getByRole("region", { name: "4 idéer" })).toBeVisible();
    // …the groups list has it under its stage, and each idea's page names the group and stage.
    await publicPage.goto("/groups");
    const coCreation = publicPage.getByRole("region", { name: /^Samskapande \(\d+\)$/ });
    await expect(coCreation.getByRole("link", { name: groupTitle })).toBeVisible();
    await publicPage.goto(`/ideas/${ids[2]}`);
    const fate = publicPage.getByRole("region", { name: "Vad hände sedan?" });
    await expect(fate.getByRole("link", { name: groupTitle })).toBeVisible();
    await expect(fate).toContainText("Samskapande");
    await visitor.close();

    // The map knows the stage too.
    const api = await playwright.request.newContext({ baseURL });
    expect((await onMap(api, ids[3], places[3]))?.properties.stage).toBe("co-creation");
    expect(await onMap(api, ids[3], places[3], "&stage=collecting")).toBeUndefined();
    expect(await onMap(api, ids[3], places[3], "&stage=co-creation")).toBeDefined();
    await api.dispose();

    // The log: the group, its ideas and the move, by Karin, with the message.
    await page.goto("/moderation/audit");
    await expect(auditRow(page, "Skapade grupp", `Grupp ${groupId}`)).toContainText(MODERATOR_NAME);
    const moved = auditRow(page, "Flyttade grupp", `Grupp ${groupId}`);
    await expect(moved).toContainText(MODERATOR_NAME);
    await expect(moved).toContainText(message);
  });

  test("the workflow refuses skipped stages, unknown stages and moves without a message, and nothing changes", async ({
    playwright,
    baseURL,
  }) => {
    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    // A group with one idea (an empty group cannot move at all: moderator-journeys.spec.ts).
    const member = await postIdea(moderator, {
      title: `Idé för stegtest ${tag()}`,
      body: "En idé så att gruppen har någon att berätta för.",
      place: NORRBY,
      focusArea: "co-creation",
    });
    const created = await moderator.post("/moderation/groups", {
      form: {
        title: `Stegtest ${tag()}`,
        summary: "En grupp för att pröva arbetsflödet.",
        focusArea: "co-creation",
        ideaId: String(member),
      },
      maxRedirects: 0,
    });
    expect(created.status()).toBe(303);
    const groupId = Number(
      /^\/moderation\/groups\/(\d+)\?notice=group-created$/.exec(
        created.headers().location ?? "",
      )![1],
    );
    const setStage = (form: Record<string, string>) =>
      moderator.post(`/moderation/groups/${groupId}`, {
        form: { intent: "set-stage", ...form },
        maxRedirects: 0,
      });

    const cases: [string, Record<string, string>, string][] = [
      [
        "collecting → decided",
        { stage: "decided", message: "Vi hoppar fram." },
        "En grupp flyttas ett steg i taget.",
      ],
      [
        "collecting → proposal",
        { stage: "proposal", message: "Vi hoppar fram." },
        "En grupp flyttas ett steg i taget.",
      ],
      [
        "collecting → done",
        { stage: "done", message: "Klart!" },
        "En grupp flyttas ett steg i taget.",
      ],
      [
        "an empty message",
        { stage: "co-creation", message: "" },
        "Skriv ett meddelande till invånarna om vad som har hänt.",
      ],
      [
        "a message of spaces",
        { stage: "co-creation", message: "   \n " },
        "Skriv ett meddelande till invånarna om vad som har hänt.",
      ],
      [
        "no message field",
        { stage: "co-creation" },
        "Skriv ett meddelande till invånarna om vad som har hänt.",
      ],
      ["stage=flying", { stage: "flying", message: "Hej" }, "Välj ett av stegen i listan."],
      [
        "stage=Samskapande",
        { stage: "Samskapande", message: "Hej" },
        "Välj ett av stegen i listan.",
      ],
      ["no stage field", { message: "Hej" }, "Välj ett av stegen i listan."],
      ["the same stage", { stage: "collecting", message: "Hej" }, "Gruppen är redan i det steget."],
    ];
    for (const [label, form, reason] of cases) {
      const response = await setStage(form);
      await expectStatus(response, 400, label);
      expect(visibleText(await response.text()), label).toContain(reason);
    }
    // A group that does not exist.
    await expectStatus(
      await moderator.post("/moderation/groups/999999", {
        form: { intent: "set-stage", stage: "co-creation", message: "Hej" },
        maxRedirects: 0,
      }),
      404,
      "an unknown group",
    );

    // Still collecting, with an empty timeline.
    const publicPage = visibleText(await (await moderator.get(`/groups/${groupId}`)).text());
    expect(publicPage).toContain("Gruppen är nu i steget Insamling");
    expect(publicPage).toContain("Inga meddelanden ännu.");

    // The allowed steps (confirmed in the same POST, as a script does), then two steps back is refused.
    expect(
      (
        await setStage({ stage: "co-creation", message: "Nu samskapar vi.", confirm: "yes" })
      ).status(),
    ).toBe(303);
    expect(
      (
        await setStage({ stage: "proposal", message: "Ett förslag finns.", confirm: "yes" })
      ).status(),
    ).toBe(303);
    const back = await setStage({ stage: "collecting", message: "Tillbaka.", confirm: "yes" });
    await expectStatus(back, 400, "proposal → collecting");
    expect(visibleText(await back.text())).toContain(
      "En grupp kan bara flyttas tillbaka ett steg i taget, som en rättelse.",
    );
    await moderator.dispose();
  });
});

test.describe("merging duplicates", () => {
  /** Two fresh near-duplicates A and B by r4, with r1 and r2 supporting A and r2 and r3 supporting B. */
  async function duplicates(playwright: Playwright, baseURL: string) {
    const t = tag();
    const r4 = await resident(playwright, baseURL, "r4");
    const a = {
      title: `Dricksvattenfontän i Ramnaparken ${t}`,
      place: RAMNAPARKEN,
    };
    const b = {
      title: `Dricksvattenfontän vid Ramnaparken ${t}`,
      place: { lat: RAMNAPARKEN.lat + 0.0003, lng: RAMNAPARKEN.lng + 0.0004 },
    };
    const aId = await postIdea(r4, {
      ...a,
      body: "En fontän med dricksvatten i Ramnaparken så att man kan fylla sin vattenflaska i stället för att köpa vatten i plastflaska.",
      focusArea: "construction",
    });
    const bId = await postIdea(r4, {
      ...b,
      body: "En dricksvattenfontän i Ramnaparken där man kan fylla vattenflaskan, så slipper man köpa vatten i plastflaska.",
      focusArea: "construction",
    });
    await r4.dispose();
    for (const [key, ideaIds] of [
      ["r1", [aId]],
      ["r2", [aId, bId]],
      ["r3", [bId]],
    ] as const) {
      const person = await resident(playwright, baseURL, key);
      for (const id of ideaIds) await support(person, id);
      await person.dispose();
    }
    return { t, a: { ...a, id: aId }, b: { ...b, id: bId } };
  }

  test("supports add up without double counting, the old address leads on, and the merge can be undone", async ({
    playwright,
    baseURL,
    page,
  }) => {
    const { a, b } = await duplicates(playwright, baseURL!);
    const visitor = await playwright.request.newContext({ baseURL });
    expect(await supportCount(visitor, a.id)).toBe(2);
    expect(await supportCount(visitor, b.id)).toBe(2);

    // The suggestions page offers them as a likely duplicate pair, with a button that merges them.
    await login(page, DEMO.moderator);
    await page.goto("/moderation/suggestions");
    const pair = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: /^Möjlig dubblett \d+$/ }) })
      .filter({ has: page.getByRole("link", { name: a.title, exact: true }) })
      .filter({ has: page.getByRole("link", { name: b.title, exact: true }) });
    let from = a;
    let into = b;
    const suggested = (await pair.count()) === 1;
    if (suggested) {
      // Equal supports: the page keeps the older one and says so.
      const fromId = Number(
        /\/moderation\/ideas\/(\d+)$/.exec(
          (await pair.locator("form").getAttribute("action")) ?? "",
        )?.[1],
      );
      [from, into] = fromId === a.id ? [a, b] : [b, a];
      await expect(pair).toContainText(
        `Båda har lika många stöd. ”${into.title}” kom först och finns kvar.`,
      );
      await pair
        .getByRole("button", { name: `Slå ihop: ”${from.title}” in i ”${into.title}”` })
        .click();
      await expect(page).toHaveURL(/\/moderation\/suggestions\?notice=merged$/);
      await expect(
        page.getByText("Idéerna är sammanslagna. Stöden är räknade en gång per person."),
      ).toBeVisible();
      await expect(page.getByRole("link", { name: from.title, exact: true })).toHaveCount(0);
    } else {
      test.info().annotations.push({
        type: "issue",
        description: "The duplicates were not suggested; merged by direct POST",
      });
      const merged = await page.request.post(`/moderation/ideas/${a.id}`, {
        form: { intent: "merge", intoId: String(b.id) },
        maxRedirects: 0,
      });
      expect(merged.status()).toBe(303);
      expect(merged.headers().location).toBe(`/ideas/${b.id}?notice=merged`);
    }
    expect.soft(suggested, "the two duplicates are suggested as a pair").toBe(true);

    expect(await supportCount(visitor, into.id), "r1, r2 and r3: r2 counts once").toBe(3);
    expect((await onMap(visitor, into.id, into.place))?.properties.supports).toBe(3);
    expect(
      await onMap(visitor, from.id, from.place),
      "the absorbed idea leaves the map",
    ).toBeUndefined();
    const old = await visitor.get(`/ideas/${from.id}`, { maxRedirects: 0 });
    expect([301, 302, 303, 308]).toContain(old.status());
    expect(old.headers().location).toMatch(new RegExp(`^/ideas/${into.id}(\\?|$)`));

    // In the browser: the old address leads to the idea kept, which names the absorbed one among its merged ideas.
    await page.goto(`/ideas/${from.id}`);
    await expect(page).toHaveURL(new RegExp(`/ideas/${into.id}\\?notice=merged-away$`));
    await expect(page.getByText("Idén du sökte har slagits samman med den här.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(into.title);
    await expect(page.locator(".support-count")).toHaveText("3 stöd");
    await expect(page.getByRole("region", { name: "Sammanslagna idéer" })).toContainText(
      from.title,
    );

    // The log has the merge, by Karin; undoing it from there puts everything back.
    await page.goto("/moderation/audit");
    const row = page.getByRole("row").filter({ hasText: `Idé ${from.id} in i idé ${into.id}` });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Slog ihop idéer");
    await expect(row).toContainText(MODERATOR_NAME);
    const mergeId = await row.locator('input[name="mergeId"]').inputValue();
    await row.getByRole("button", { name: "Ångra sammanslagningen" }).click();
    await expect(page.getByText("Sammanslagningen är ångrad.")).toBeVisible();
    await expect(
      page.getByRole("row").filter({ hasText: "Ångrade sammanslagning" }).first(),
    ).toContainText(MODERATOR_NAME);

    expect(await supportCount(visitor, from.id)).toBe(2);
    expect(await supportCount(visitor, into.id)).toBe(2);
    expect(
      await onMap(visitor, from.id, from.place),
      "the absorbed idea is back on the map",
    ).toBeDefined();
    expect((await onMap(visitor, into.id, into.place))?.properties.supports).toBe(2);
    expect(visibleText(await (await visitor.get(`/ideas/${into.id}`)).text())).not.toContain(
      "Sammanslagna idéer",
    );
    await visitor.dispose();

    // Once undone, the row says so and offers no second undo; a second one posted anyway is refused, with the reason.
    const undoneRow = page
      .getByRole("row")
      .filter({ hasText: `Idé ${from.id} in i idé ${into.id}` })
      .filter({ hasText: "Slog ihop idéer" });
    await expect(undoneRow).toContainText("Ångrad");
    await expect(undoneRow.getByRole("button", { name: "Ångra sammanslagningen" })).toHaveCount(0);
    const again = await page.request.post("/moderation/audit", {
      form: { intent: "undo-merge", mergeId },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(409);
    expect(visibleText(await again.text())).toContain("Sammanslagningen är redan ångrad.");
  });

  test("merging into itself, into a hidden idea, in a circle or with ids that do not exist is refused with the reason", async ({
    playwright,
    baseURL,
  }) => {
    const { t, a, b } = await duplicates(playwright, baseURL!);
    const r4 = await resident(playwright, baseURL!, "r4");
    const hidden = await postIdea(r4, {
      title: `Vattenlek i Ramnaparken ${t}`,
      body: "En liten vattenlek för barnen i Ramnaparken, med vatten som återanvänds.",
      place: { lat: RAMNAPARKEN.lat - 0.0004, lng: RAMNAPARKEN.lng - 0.0004 },
      focusArea: "construction",
    });
    await r4.dispose();
    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    const hide = await moderator.post(`/moderation/ideas/${hidden}`, {
      form: { intent: "hide", reason: "Testar en dold idé." },
      maxRedirects: 0,
    });
    expect(hide.status()).toBe(303);
    const merge = (from: number | string, intoId: string) =>
      moderator.post(`/moderation/ideas/${from}`, {
        form: { intent: "merge", intoId },
        maxRedirects: 0,
      });

    // A hidden idea cannot join a group either (that route answers as it should).
    const group = await moderator.post("/moderation/groups", {
      form: {
        title: `Vatten i parkerna ${t}`,
        summary: "",
        focusArea: "construction",
        ideaId: String(hidden),
      },
      maxRedirects: 0,
    });
    await expectStatus(group, 400, "a group with a hidden idea");
    expect(visibleText(await group.text())).toContain(
      "En av idéerna är dold, sammanslagen eller finns inte. Inget har ändrats.",
    );

    const cases: [string, number | string, string, number, string | null][] = [
      ["into itself", a.id, String(a.id), 400, "En idé kan inte slås ihop med sig själv."],
      [
        "into a hidden idea",
        a.id,
        String(hidden),
        409,
        "Idén att slå ihop med är dold eller väntar på granskning.",
      ],
      // Merging a hidden idea would put its title on the other idea's page.
      [
        "from a hidden idea",
        hidden,
        String(b.id),
        409,
        "Idén som skulle slås ihop är dold eller väntar på granskning.",
      ],
      [
        "into an idea that does not exist",
        a.id,
        "999999",
        404,
        "Idén att slå ihop med finns inte eller är inte synlig.",
      ],
      [
        "from an idea that does not exist",
        999999,
        String(b.id),
        404,
        "Idén som skulle slås ihop finns inte",
      ],
      ["intoId empty", a.id, "", 400, null],
      ["intoId=abc", a.id, "abc", 400, null],
      ["intoId=-1", a.id, "-1", 400, null],
    ];
    const refusals: string[] = [];
    for (const [label, from, intoId, status, reason] of cases) {
      const response = await merge(from, intoId);
      const text = visibleText(await response.text());
      // Every refusal is checked, and all wrong answers reported together.
      if (response.status() !== status)
        refusals.push(`${label}: ${response.status()} ${response.headers().location ?? ""}`);
      else if (reason && !text.includes(reason)) refusals.push(`${label}: no "${reason}"`);
    }
    // A circle: once A is merged into B, B cannot be merged into A.
    expect((await merge(a.id, String(b.id))).status()).toBe(303);
    const circle = await merge(b.id, String(a.id));
    if (circle.status() < 400 || circle.status() >= 500)
      refusals.push(`in a circle: ${circle.status()} ${circle.headers().location ?? ""}`);
    await moderator.dispose();

    // Nothing was changed by the refusals: B has A's supports once, the hidden idea stays hidden.
    const visitor = await playwright.request.newContext({ baseURL });
    expect(await supportCount(visitor, b.id)).toBe(3);
    expect((await visitor.get(`/ideas/${hidden}`)).status()).toBe(404);
    expect(
      visibleText(await (await visitor.get(`/ideas/${b.id}`)).text()),
      "the hidden idea's title stays hidden",
    ).not.toContain(`Vattenlek i Ramnaparken ${t}`);
    expect(await onMap(visitor, b.id, b.place)).toBeDefined();
    await visitor.dispose();

    expect(
      refusals,
      "POST /moderation/ideas/:id answers a refused merge with 4xx and the reason",
    ).toEqual([]);
  });
});

test.describe("who may moderate", () => {
  const PAGES = [
    "/moderation",
    "/moderation/groups",
    "/moderation/groups/1",
    "/moderation/suggestions",
    "/moderation/audit",
    "/admin",
  ];
  // Each would change something if it were allowed.
  const POSTS: [string, Record<string, string>][] = [
    ["/moderation/ideas/1", { intent: "hide", reason: "x" }],
    ["/moderation/ideas/1", { intent: "merge", intoId: "2" }],
    ["/moderation/comments/1", { intent: "hide", reason: "x" }],
    [
      "/moderation/groups",
      { title: "Inte tillåten grupp", summary: "Får inte skapas.", focusArea: "mobility" },
    ],
    [
      "/moderation/groups/1",
      { intent: "set-stage", stage: "closed", message: "Får inte flyttas." },
    ],
    [
      "/moderation/groups/1",
      { intent: "edit", title: "Kapad grupp", summary: "", focusArea: "mobility" },
    ],
    ["/moderation/audit", { intent: "undo-merge", mergeId: "1" }],
    ["/admin", { intent: "settings", autoHideReports: "1" }],
  ];

  /** What the refused requests could have changed, as the public and the moderator see it. */
  async function snapshot(visitor: APIRequestContext, moderator: APIRequestContext) {
    const auditText = visibleText(await (await moderator.get("/moderation/audit")).text());
    return {
      idea1: (await visitor.get("/ideas/1", { maxRedirects: 0 })).status(),
      group1: visibleText(await (await visitor.get("/groups/1")).text()).replace(/\d+ stöd/g, ""),
      groups: visibleText(await (await visitor.get("/groups")).text()).replace(/\d+ stöd/g, ""),
      audit: auditText.slice(auditText.indexOf("Varför")),
    };
  }

  test("a resident is refused every moderator route, also by direct POST, and nothing changes", async ({
    playwright,
    baseURL,
    page,
  }) => {
    const visitor = await playwright.request.newContext({ baseURL });
    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    const before = await snapshot(visitor, moderator);

    const person = await resident(playwright, baseURL!, "r1");
    for (const path of PAGES)
      await expectStatus(await person.get(path, { maxRedirects: 0 }), 403, `GET ${path}`);
    for (const [path, form] of POSTS) {
      await expectStatus(
        await person.post(path, { form, maxRedirects: 0 }),
        403,
        `POST ${path} ${form.intent ?? ""}`,
      );
    }
    await person.dispose();
    const demoResident = await demo(playwright, baseURL!, DEMO.resident);
    for (const path of PAGES)
      await expectStatus(
        await demoResident.get(path, { maxRedirects: 0 }),
        403,
        `resident GET ${path}`,
      );
    await demoResident.dispose();

    expect(await snapshot(visitor, moderator)).toEqual(before);
    await visitor.dispose();
    await moderator.dispose();

    // The UI mirrors it: no way in from the menu, and the page says no.
    await login(page, DEMO.resident);
    await expect(page.getByRole("link", { name: "Moderering" })).toHaveCount(0);
    const response = await page.goto("/moderation");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Att gå igenom" })).toHaveCount(0);
  });

  test("signed out, every moderator route sends you to sign in", async ({
    playwright,
    baseURL,
  }) => {
    const visitor = await playwright.request.newContext({ baseURL });
    for (const path of PAGES) {
      const response = await visitor.get(path, { maxRedirects: 0 });
      expect(response.status(), `GET ${path}`).toBe(302);
      expect(response.headers().location, `GET ${path}`).toBe(
        `/login?${new URLSearchParams({ redirectTo: path })}`,
      );
    }
    for (const [path, form] of POSTS) {
      const response = await visitor.post(path, { form, maxRedirects: 0 });
      expect([302, 303], `POST ${path}`).toContain(response.status());
      expect(response.headers().location, `POST ${path}`).toMatch(/^\/login\?redirectTo=/);
    }
    await visitor.dispose();
  });

  test("a facilitator is refused too, and a moderator is refused the admin page", async ({
    playwright,
    baseURL,
  }) => {
    const facilitator = await demo(playwright, baseURL!, DEMO.facilitator);
    for (const path of PAGES)
      await expectStatus(
        await facilitator.get(path, { maxRedirects: 0 }),
        403,
        `facilitator GET ${path}`,
      );
    for (const [path, form] of POSTS) {
      await expectStatus(
        await facilitator.post(path, { form, maxRedirects: 0 }),
        403,
        `facilitator POST ${path} ${form.intent ?? ""}`,
      );
    }
    await facilitator.dispose();

    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    await expectStatus(
      await moderator.get("/admin", { maxRedirects: 0 }),
      403,
      "moderator GET /admin",
    );
    await expectStatus(
      await moderator.post("/admin", {
        form: { intent: "settings", autoHideReports: "1" },
        maxRedirects: 0,
      }),
      403,
      "moderator POST /admin",
    );
    await expectStatus(
      await moderator.post("/admin", {
        form: { intent: "set-role", userId: "1", role: "admin" },
        maxRedirects: 0,
      }),
      403,
      "moderator makes someone admin",
    );
    for (const path of PAGES.filter((p) => p !== "/admin")) {
      await expectStatus(
        await moderator.get(path, { maxRedirects: 0 }),
        200,
        `moderator GET ${path}`,
      );
    }
    await moderator.dispose();
  });
});

test("the moderators' pages and the public group pages pass axe", async ({ page }) => {
  test.setTimeout(90_000); // seven pages, each with a full axe run
  await login(page, DEMO.moderator);
  for (const path of [
    "/moderation",
    "/moderation/hidden",
    "/moderation/groups/1",
    "/moderation/suggestions",
    "/moderation/audit",
    "/groups",
    "/groups/1",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
    await test.step(`axe ${path}`, () => expectNoAxeViolations(page));
  }
});

test("an idea that is both reported and new shows once in the queue, under its reports, and can be hidden there", async ({
  playwright,
  baseURL,
  page,
}) => {
  const t = tag();
  const title = `Cykelpump vid Sjöbo torg ${t}`;
  const author = await resident(playwright, baseURL!, "r1");
  const id = await postIdea(author, {
    title,
    body: "En cykelpump som alltid fungerar vid Sjöbo torg, gärna med verktyg fastkedjade bredvid.",
    place: { lat: 57.7512, lng: 12.9573 },
  });
  await author.dispose();
  const reporter = await resident(playwright, baseURL!, "r2");
  expect(
    (
      await reporter.post(`/ideas/${id}`, {
        form: { intent: "flag", reason: "other" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(303);
  await reporter.dispose();

  await login(page, DEMO.moderator);
  await page.goto("/moderation");
  const cards = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { name: title }) });
  await expect(cards, "only under the reported ideas").toHaveCount(1);
  await expect(
    page.getByRole("region", { name: /Anmäld(a)? idé/ }).getByRole("heading", { name: title }),
  ).toBeVisible();
  // Each card's reason field is labelled by its own label: the page's ids are unique.
  const duplicateIds = await page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of Array.from(document.querySelectorAll("[id]")))
      seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([name]) => name);
  });
  expect.soft(duplicateIds, "ids on /moderation").toEqual([]);
  for (const card of await cards.all()) {
    await card.getByText("Dölj", { exact: true }).click();
    await expect(card.getByLabel("Skäl (visas för den som skrev)")).toBeVisible();
  }
});

test("a moderator ticks ideas for a group by drawing a rectangle on the map", async ({ page }) => {
  await login(page, DEMO.moderator);
  await page.goto("/moderation/groups/3");
  const map = page.getByRole("region", { name: "Karta över idéer utan grupp" });
  await expect(map).toBeVisible();
  await expect(page.locator('#add-ideas-form input[name="ideaId"]:checked')).toHaveCount(0);
  await page.getByRole("button", { name: "Välj med rektangel" }).click();
  // The map is taller now (up to 65% of the screen): bring all of it into view before drawing.
  await map.evaluate((element) => element.scrollIntoView({ block: "center" }));
  const box = (await map.boundingBox())!;
  // A rectangle over the whole map picks every idea shown on it.
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 5, box.y + box.height - 5, { steps: 6 });
  await page.mouse.up();
  const ticked = await page.locator('#add-ideas-form input[name="ideaId"]:checked').count();
  expect(ticked).toBeGreaterThan(0);
  await expect(page.getByText(/inom rektangeln är ikryssad/)).toBeVisible();
  await expectNoAxeViolations(page);
});
