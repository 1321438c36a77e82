// What a resident does on a phone: join, post an idea after seeing a similar one, support, discuss,
// follow, report, hear back, take their data and leave.
import { expect, test, type Page } from "@playwright/test";
import fs from "node:fs";
import sharp from "sharp";
import { DEMO, expectNoAxeViolations, joinAsNewResident, login } from "./support/people";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function fillIdeaText(page: Page, title: string, body: string) {
  await page.getByLabel("Rubrik").fill(title);
  await page.getByLabel("Beskriv idén").fill(body);
}

/**
 * Publishes the form. Ideas from earlier tests may be close to this one: then the page asks first
 * (the similar-ideas step) and the person publishes anyway, as they would.
 */
async function publish(page: Page, press: "click" | "Enter" = "click") {
  const anyway = page.getByRole("button", { name: "Publicera min idé ändå" });
  await expect(async () => {
    if (await anyway.isVisible()) {
      if (press === "click") await anyway.click();
      else {
        await anyway.focus();
        await page.keyboard.press("Enter");
      }
    }
    await expect(page).toHaveURL(/\/ideas\/\d+/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

test("a resident joins and posts an idea by tapping the map, after being offered a similar idea", async ({
  page,
}) => {
  await joinAsNewResident(page, "Sara Svensson");
  // On a phone the header's links are under Menu.
  await page.locator("summary", { hasText: "Meny" }).click();
  await page.getByRole("link", { name: "Lämna en idé" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lämna en idé");

  await fillIdeaText(
    page,
    "Skugga och fler bänkar på Stora torget",
    "Plantera träd som ger skugga och ställ ut bänkar på torget, så att man kan sitta utan att handla.",
  );
  const similar = page.getByRole("region", { name: "Liknande idéer finns redan" });
  await expect(similar.getByRole("link", { name: /Stora torget/ }).first()).toBeVisible();
  await expect(
    similar.getByRole("button", { name: "Stöd den här i stället" }).first(),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByRole("radio", { name: /Bestående byggnation/ }).check();
  const map = page
    .getByRole("region", { name: "Karta för att välja idéns plats" })
    .or(page.getByLabel("Karta för att välja idéns plats"))
    .first();
  await expect(map).toBeVisible();
  await map.click(); // the middle of the municipality
  await expect(page.getByText(/^(Nära|Vid) /).first()).toBeVisible();

  await page.getByRole("button", { name: "Publicera idén" }).click();
  await publish(page);
  await expect(page.getByText("Tack! Din idé är publicerad.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Skugga och fler bänkar på Stora torget",
  );
  await expect(page.getByText(/Av Sara Svensson/)).toBeVisible();
});

test("without JavaScript an idea is placed by choosing from the place list", async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await joinAsNewResident(page, "Nora Utanskript");
  await page.goto("/ideas/new");
  await fillIdeaText(
    page,
    `Pollinatörsängar i Norrby ${Date.now().toString(36)}`,
    "Låt gräsmattorna i Norrby bli ängar med blommor för bin och fjärilar.",
  );
  await page.getByRole("radio", { name: /Bestående byggnation/ }).check();
  // First without a place: the form says what is missing and keeps the text.
  await page.getByRole("button", { name: "Publicera idén" }).click();
  await expect(page.getByText("Välj en plats på kartan eller i listan.").first()).toBeVisible();
  await expect(page.getByLabel("Beskriv idén")).toHaveValue(/ängar med blommor/);
  await page.getByLabel("Välj stadsdel, ort eller plats").selectOption({ label: "Norrby" });
  await page.getByRole("button", { name: "Publicera idén" }).click();
  await publish(page);
  // Norrby's point from the gazetteer, and no map box that waits for ever.
  await expect(page.getByText("Plats: 57,728, 12,9345")).toBeVisible();
  await expect(page.getByText("Kartan laddas")).toBeHidden();
  await context.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`a photo chosen on a phone shows on the published idea (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled,
    });
    const page = await context.newPage();
    await joinAsNewResident(page, "Fia Fotograf");
    await page.goto("/ideas/new");
    // Close to a demo idea on purpose: the similar-ideas step comes first.
    const title = `Säker cykelväg från Sjöbo till centrum ${Date.now().toString(36)}`;
    await fillIdeaText(page, title, "En säker cykelväg hela vägen från Sjöbo in till centrum.");
    await page.getByRole("radio", { name: /Modig mobilitet/ }).check();
    await page.getByLabel("Välj stadsdel, ort eller plats").selectOption({ label: "Sjöbo" });
    // A real photo, 1200 × 900 pixels: the browser's own multipart body carries it.
    const photo = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: { r: 40, g: 140, b: 60 } },
    })
      .jpeg({ quality: 90 })
      .toBuffer();
    await page.getByLabel("Foto (om du vill)").setInputFiles({
      name: "busskur.jpg",
      mimeType: "image/jpeg",
      buffer: photo,
    });
    await page.getByRole("button", { name: "Publicera idén" }).click();
    const anyway = page.getByRole("button", { name: "Publicera min idé ändå" });
    await expect(anyway).toBeVisible();
    if (!javaScriptEnabled) {
      // Without JavaScript the similar-ideas step is a new page: it keeps the place chosen from
      // the list and asks for the photo again (a browser cannot refill a file input).
      await expect(page.getByText("Välj ditt foto igen innan du publicerar")).toBeVisible();
      await page.getByLabel("Foto (om du vill)").setInputFiles({
        name: "busskur.jpg",
        mimeType: "image/jpeg",
        buffer: photo,
      });
    }
    await publish(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(page.getByText("Plats: 57,75, 12,955")).toBeVisible(); // Sjöbo, kept through the step
    const image = page.getByRole("img", { name: `Foto till idén ”${title}”` });
    await expect(image).toBeVisible();
    // Decoded and shown, not a broken image.
    expect(
      await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
    ).toBeGreaterThan(0);
    await context.close();
  });
}

test("the one-tap 'support this instead' supports the similar idea", async ({ page }) => {
  await joinAsNewResident(page);
  await page.goto("/ideas/new");
  await fillIdeaText(
    page,
    "Fler laddstolpar vid Knalleland",
    "Det behövs fler laddstolpar för elbilar vid Knalleland och handelsområdet.",
  );
  const similar = page.getByRole("region", { name: "Liknande idéer finns redan" });
  const first = similar.getByRole("listitem").first();
  await expect(first).toBeVisible();
  const title = await first.getByRole("link").textContent();
  await first.getByRole("button", { name: "Stöd den här i stället" }).click();
  await expect(first.getByText("Tack! Du stöder nu den här idén.")).toBeVisible();

  await page.goto("/me");
  await expect(
    page.getByRole("region", { name: /Idé(er)? jag stöder/ }).getByRole("link", { name: title! }),
  ).toBeVisible();
});

test("support, follow, comment, reply, report and a notification that reaches the author", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000); // a whole journey of two people, with two sign-ins and an account deletion
  // The author posts an idea, choosing the place from the list.
  const author = await joinAsNewResident(page, "Ali Hassan");
  await page.goto("/ideas/new");
  await fillIdeaText(
    page,
    "Cykelverkstad vid Resecentrum",
    "En självservice-station där man kan laga och pumpa cykeln vid Resecentrum.",
  );
  await page.getByRole("radio", { name: /Modig mobilitet/ }).check();
  await page
    .getByLabel("Välj stadsdel, ort eller plats")
    .selectOption({ label: "Resecentrum (Borås C)" });
  await page.getByRole("button", { name: "Publicera idén" }).click();
  await publish(page);
  const ideaUrl = new URL(page.url()).pathname;

  // A neighbour supports, follows and comments.
  const neighbourContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: "sv-SE",
  });
  const neighbour = await neighbourContext.newPage();
  await login(neighbour, DEMO.resident);
  await neighbour.goto(ideaUrl);
  await expect(neighbour.locator(".support-count")).toHaveText("0 stöd");
  await neighbour.getByRole("button", { name: "Stöd idén" }).click();
  await expect(neighbour.locator(".support-count")).toHaveText("1 stöd");
  await expect(neighbour.getByRole("button", { name: /Du stöder idén/ })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await neighbour.getByRole("button", { name: "Följ idén" }).click();
  await expect(neighbour.getByRole("button", { name: /Du följer idén/ })).toBeVisible();
  await neighbour
    .getByLabel("Skriv en kommentar")
    .fill("Bra idé! Se https://example.org/cykel för inspiration.");
  await neighbour.getByRole("button", { name: "Skicka kommentar" }).click();
  await expect(neighbour.getByText("Din kommentar är publicerad.")).toBeVisible();
  const link = neighbour.getByRole("link", { name: "https://example.org/cykel" });
  await expect(link).toHaveAttribute("rel", "nofollow ugc noopener noreferrer");
  await expectNoAxeViolations(neighbour);

  // The neighbour reports the idea (a test of the form, not of the idea).
  await neighbour.getByText("Anmäl idén").click();
  await neighbour.getByRole("radio", { name: "Hör inte hit" }).check();
  await neighbour.getByRole("button", { name: "Skicka anmälan" }).click();
  await expect(
    neighbour.getByText("Tack! Din anmälan är skickad till moderatorerna."),
  ).toBeVisible();
  await expect(neighbour.getByText("Du har anmält idén.")).toBeVisible();

  // The author hears about the comment and replies.
  await page.goto("/");
  // The link sits in the header's Menu disclosure (shown open on wide screens).
  await expect(page.locator('.main-nav a[href="/me"]')).toHaveText(/Mina sidor.*1 ny/);
  await page.goto("/me/notifications");
  // Names and titles in a notification are isolated (U+2068 … U+2069) for right-to-left pages.
  await expect(
    page.getByText(/kommenterade din idé ”\u2068?Cykelverkstad vid Resecentrum\u2069?”\./),
  ).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Markera alla som lästa" }).click();
  await expect(page.getByText("Du har 0 olästa aviseringar.")).toBeVisible();
  await page.goto(ideaUrl);
  await page.getByText("Svara", { exact: true }).click();
  await page.getByLabel("Ditt svar").fill("Tack! Vi kan ta det med Resecentrum.");
  await page.getByRole("button", { name: "Skicka svar" }).click();
  await expect(page.locator(".comment-replies")).toContainText(
    "Tack! Vi kan ta det med Resecentrum.",
  );

  // The neighbour, who was replied to and follows the idea, hears about it.
  await neighbour.goto("/me/notifications");
  await expect(
    neighbour.getByText(
      /Ali Hassan\u2069? svarade på din kommentar om ”\u2068?Cykelverkstad vid Resecentrum/,
    ),
  ).toBeVisible();
  await neighbourContext.close();

  // The author takes their data and leaves; the idea stays without a name.
  await page.goto("/me");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Ladda ner alla mina uppgifter (JSON)" }).click();
  const file = await (await download).path();
  const data = JSON.parse(fs.readFileSync(file!, "utf8"));
  expect(data.account.email).toBe(author.email);
  expect(data.ideas.map((i: { title: string }) => i.title)).toContain(
    "Cykelverkstad vid Resecentrum",
  );

  await page.getByRole("link", { name: "Ta bort mitt konto" }).click();
  await page.getByLabel("Ja, jag vill ta bort mitt konto").check();
  await page.getByRole("button", { name: "Ta bort mitt konto" }).click();
  await expect(page.getByText("Ditt konto är borttaget.")).toBeVisible();
  await expect(page.locator(".main-nav a[href^='/login']")).toHaveText("Logga in");
  await page.goto(ideaUrl);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cykelverkstad vid Resecentrum");
  await expect(page.getByText(/Av Borttagen användare/)).toBeVisible();
  await expect(page.locator("body")).not.toContainText("Ali Hassan");

  // The old password no longer works.
  await page.goto("/login");
  await page.getByLabel("E-postadress").fill(author.email);
  await page.getByLabel("Lösenord").fill(author.password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page.getByText("E-postadressen eller lösenordet stämmer inte.")).toBeVisible();
});

test("an idea can be posted with the keyboard alone", async ({ page }) => {
  await joinAsNewResident(page, "Kim Tangent");
  await page.goto("/ideas/new");
  const tabTo = async (target: ReturnType<Page["locator"]>, description: string) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      if (await target.evaluate((el) => el === document.activeElement)) return;
    }
    throw new Error(`Could not reach ${description} with Tab`);
  };
  await tabTo(page.getByLabel("Rubrik"), "the title");
  await page.keyboard.type("Solceller på Navets tak");
  await page.keyboard.press("Tab");
  await page.keyboard.type(
    "Navet har ett stort platt tak som passar för solceller och kan visa barn hur solenergi fungerar.",
  );
  await tabTo(page.getByRole("radio", { name: /Modig mobilitet/ }), "the focus areas");
  await page.keyboard.press("ArrowDown"); // from the first radio to the second: construction
  await page.keyboard.press("Space");
  await tabTo(page.getByLabel("Välj stadsdel, ort eller plats"), "the place list");
  await page.keyboard.type("Navet");
  await expect(page.getByText(/^Vid Navet/)).toBeVisible();
  await tabTo(page.getByRole("button", { name: "Publicera idén" }), "the submit button");
  await page.keyboard.press("Enter");
  await publish(page, "Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Solceller på Navets tak");
  await expect(page.getByText("Bestående byggnation")).toBeVisible();
});

test("sign-in pages and the new-idea form pass axe, and signing in returns to where one was", async ({
  page,
}) => {
  await page.goto("/ideas/new");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fideas%2Fnew/);
  await expectNoAxeViolations(page);
  await page.getByLabel("E-postadress").fill(DEMO.resident);
  await page.getByLabel("Lösenord").fill("samskapa-demo");
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page).toHaveURL(/\/ideas\/new$/);
  await page.goto("/join?redirectTo=/");
  await expect(page).toHaveURL(/\/$/);
});

test("the sign-up form explains what is wrong, next to each field", async ({ page }) => {
  await page.goto("/join");
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "Skapa konto" }).click();
  await expect(page.getByText("Skriv ditt namn.")).toBeVisible();
  await expect(page.getByText("Skriv din e-postadress.")).toBeVisible();
  await page.getByLabel("Lösenord").fill("kort");
  await page.getByRole("button", { name: "Skapa konto" }).click();
  await expect(page.getByText("Lösenordet måste ha minst 10 tecken.")).toBeVisible();
  await expect(page.getByLabel("Lösenord")).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
});
