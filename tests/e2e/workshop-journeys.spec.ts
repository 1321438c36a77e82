// A workshop in week one, as the room lives it (issue 13): a facilitator's laptop, a projector and
// three phones (390×844), in Swedish and in Arabic, without a single console error or page error
// on any of them. Screenshots of the projector and a phone land in test-results/ to look at.
import fs from "node:fs";
import {
  expect,
  test,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Page,
} from "@playwright/test";
import { DEMO, DEMO_PASSWORD, PHONE } from "./support/people";
import { watchConsole } from "./support/console";

type Lang = "sv" | "ar";
type Strings = Record<string, unknown>;
const strings: Record<Lang, Strings> = {
  sv: JSON.parse(
    fs.readFileSync(new URL("../../app/locales/sv.json", import.meta.url), "utf8"),
  ) as Strings,
  ar: JSON.parse(
    fs.readFileSync(new URL("../../app/locales/ar.json", import.meta.url), "utf8"),
  ) as Strings,
};

/** The text a person reads, from the same locale files the app uses (plural forms as i18next picks them). */
function tr(lang: Lang, key: string, values: Record<string, string | number> = {}): string {
  const path = key.split(".");
  const leaf = path.pop()!;
  const parent = path.reduce<Strings>((node, part) => node[part] as Strings, strings[lang]);
  const count = values.count;
  const template =
    (typeof count === "number"
      ? parent[`${leaf}_${new Intl.PluralRules(lang).select(count)}`]
      : undefined) ?? parent[leaf];
  expect(typeof template, `${lang}: ${key}`).toBe("string");
  return (template as string).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

/** What a sentence says before its {{date}}: the date's format is not the test's business. */
const beforeDate = (lang: Lang, key: string, values: Record<string, string>) =>
  tr(lang, key, { ...values, date: "\u0000" }).split("\u0000")[0];

/** A phone that refreshes after the workshop closed is answered 410 (and shows the closed page). */
const closedWorkshopRefresh = (message: ConsoleMessage) =>
  /status of 410/.test(message.text()) && /\/w\/[A-Z0-9]+/.test(message.location().url);

async function opener(browser: Browser, problems: string[]) {
  const contexts: BrowserContext[] = [];
  const open = async (options: BrowserContextOptions = {}) => {
    const context = await browser.newContext({ locale: "sv-SE", ...options });
    contexts.push(context);
    const page = await context.newPage();
    watchConsole(page, { into: problems, allow: closedWorkshopRefresh });
    return page;
  };
  return { open, closeAll: () => Promise.all(contexts.map((c) => c.close())) };
}

const FACILITATOR_NAME = "Johan Berg";

/** Signs the demo facilitator in through the form (whatever the header shows afterwards). */
async function login(page: Page, email: string) {
  await page.goto("/login?lang=sv");
  await page.getByLabel("E-postadress").fill(email);
  await page.getByLabel("Lösenord").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Logga in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
const PROJECTOR = { viewport: { width: 1280, height: 720 } };

async function expectNoSideways(page: Page) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, `no sideways scrolling on ${page.url()}`).toBeLessThanOrEqual(client);
}

const ROOM: Record<
  Lang,
  {
    title: string;
    prompt: string;
    names: [string, string];
    ideas: [string, string, string];
    note: string;
  }
> = {
  sv: {
    title: "Cykelverkstad på Navet",
    prompt: "Rita in var cykelställen saknas",
    names: ["Maja Lind", "Omar"],
    ideas: [
      "Tak över cykelställen vid Navet",
      "Cykelbana längs Viskan",
      "Lånecyklar vid resecentrum",
    ],
    note: "Lapp: fler bänkar vid Stora torget",
  },
  ar: {
    title: "ورشة الدراجات في نافيت",
    prompt: "ارسموا أين تنقص مواقف الدراجات",
    names: ["ليلى", "Maja Lind"],
    ideas: ["سقف فوق مواقف الدراجات", "مسار دراجات على طول النهر", "دراجات للإعارة عند المحطة"],
    note: "ملاحظة: مقاعد أكثر في الساحة الكبرى",
  },
};

for (const lang of ["sv", "ar"] as const) {
  test(`a workshop with a projector and three phones runs in ${lang}: timer and prompt on the phones, a freeze, a sticky note, close, credit and results`, async ({
    browser,
  }) => {
    test.setTimeout(240_000);
    const t = (key: string, values?: Record<string, string | number>) => tr(lang, key, values);
    const problems: string[] = [];
    const { open, closeAll } = await opener(browser, problems);
    const room = ROOM[lang];
    const title = `${room.title} ${Date.now().toString(36)}`;
    const locale = lang === "ar" ? "ar" : "sv-SE";

    try {
      // The facilitator signs in and creates the workshop in the console.
      const facilitator = await open({ viewport: { width: 1280, height: 900 } });
      await login(facilitator, DEMO.facilitator);
      await facilitator.goto(`/workshops?lang=${lang}`);
      await expect(facilitator.locator("html")).toHaveAttribute(
        "dir",
        lang === "ar" ? "rtl" : "ltr",
      );
      await facilitator.getByLabel(t("workshop.titleLabel")).fill(title);
      await facilitator
        .getByLabel(t("workshop.placeLabel"))
        .selectOption({ label: "Navet Science Center" });
      await facilitator.getByRole("radio", { name: t("workshop.publishOnClose") }).check();
      await facilitator.getByRole("button", { name: t("workshop.create") }).click();
      await expect(facilitator).toHaveURL(/\/workshops\/\d+$/);
      const workshopId = Number(/\/workshops\/(\d+)$/.exec(facilitator.url())![1]);
      const code = (await facilitator.locator(".join-code strong").textContent())!.trim();

      // The projector: a room PC, signed in as no one.
      const projector = await open({ ...PROJECTOR, locale });
      await projector.goto(`/w/${code}/screen?lang=${lang}`);
      await expect(projector.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(projector.locator(".screen-code")).toContainText(code);
      const latest = projector.getByRole("list", { name: t("workshop.latestIdeas") });

      // Three phones. The first cannot scan the QR code: it types the code at /w, in lower case
      // and with a space, as read off the wall.
      const phones = [
        await open({ ...PHONE, locale }),
        await open({ ...PHONE, locale }),
        await open({ ...PHONE, locale }),
      ];
      await phones[0].goto(`/w?lang=${lang}`);
      await phones[0]
        .getByLabel(t("workshop.code"))
        .fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
      await phones[0].getByRole("button", { name: t("workshop.enterCodeButton") }).click();
      await expect(phones[0]).toHaveURL(new RegExp(`/w/${code}$`));
      for (const [n, phone] of phones.entries()) {
        if (n > 0) await phone.goto(`/w/${code}?lang=${lang}`);
        await expect(phone.getByRole("heading", { level: 1 })).toHaveText(title);
        if (room.names[n]) await phone.getByLabel(t("workshop.nameLabel")).fill(room.names[n]);
        await phone.getByRole("button", { name: t("workshop.joinButton") }).click();
        await expect(phone.getByText(t("workshop.dotsLeft", { count: 3, total: 3 }))).toBeVisible();
        await expectNoSideways(phone);
      }

      // The console counts three phones and one screen, apart (the facilitator is neither).
      const counts = `${t("workshop.inRoom", { count: 3 })} · ${t("workshop.phonesConnected", { count: 3 })} · ${t("workshop.screensConnected", { count: 1 })}`;
      await expect(async () => {
        await facilitator.reload();
        await expect(facilitator.getByText(counts)).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 15_000 });

      // A timer with the exercise: every phone and the projector show both.
      await facilitator.getByLabel(t("workshop.timerMinutes")).fill("5");
      await facilitator.getByLabel(t("workshop.timerLabel")).fill(room.prompt);
      await facilitator.getByRole("button", { name: t("workshop.startTimer") }).click();
      for (const phone of phones) {
        await expect(phone.getByText(room.prompt)).toBeVisible();
        await expect(phone.getByRole("timer")).toContainText(/[45]:\d\d/);
      }
      await expect(projector.getByRole("timer")).toContainText(room.prompt);
      await expect(projector.getByRole("timer")).toContainText(/[45]:\d\d/);

      const post = async (phone: Page, ideaTitle: string, place: string, notice: string) => {
        await phone.getByLabel(t("newIdea.titleLabel")).fill(ideaTitle);
        await phone
          .getByLabel(t("newIdea.bodyLabel"))
          .fill(`${ideaTitle} – ${room.prompt}. ${room.prompt}.`);
        await phone.getByLabel(t("placePicker.placeListLabel")).selectOption({ label: place });
        await phone.getByRole("button", { name: t("workshop.sendIdea") }).click();
        await expect(phone.getByRole("status").filter({ hasText: t(notice) })).toBeVisible();
      };
      await post(phones[0], room.ideas[0], "Navet Science Center", "notices.idea-sent");
      await post(phones[2], room.ideas[1], "Stora torget", "notices.idea-sent");
      await expect(latest.getByRole("listitem").filter({ hasText: room.ideas[0] })).toContainText(
        room.names[0],
      );
      await expect(latest.getByRole("listitem").filter({ hasText: room.ideas[1] })).toBeVisible();
      await phones[1]
        .getByRole("button", { name: t("workshop.dotOn", { title: room.ideas[0] }) })
        .click();
      await expect(
        phones[1].getByText(t("workshop.dotsLeft", { count: 2, total: 3 })),
      ).toBeVisible();

      // A sticky note typed on the laptop, its place picked from the list: the workshop's, no name.
      const capture = facilitator.getByRole("region", { name: t("workshop.capture") });
      await capture.getByLabel(t("newIdea.titleLabel")).fill(room.note);
      await capture.getByLabel(t("newIdea.bodyLabel")).fill(`${room.note}. ${room.note}.`);
      await capture
        .getByLabel(t("placePicker.placeListLabel"))
        .selectOption({ label: "Stora torget" });
      await capture.getByRole("button", { name: t("workshop.captureButton") }).click();
      const noteOnScreen = latest.getByRole("listitem").filter({ hasText: room.note });
      await expect(noteOnScreen).toBeVisible();
      await expect(noteOnScreen).not.toContainText(FACILITATOR_NAME);
      await expect(projector.locator("body")).not.toContainText(FACILITATOR_NAME);
      await expect(projector.locator(".screen-marker")).toHaveCount(3);

      // Frozen: the room does not see the new idea yet, but its author does.
      await facilitator.getByRole("button", { name: t("workshop.freeze") }).click();
      await expect(projector.getByText(t("workshop.frozenScreen"))).toBeVisible();
      await post(phones[1], room.ideas[2], "Navet Science Center", "notices.idea-held");
      const held = phones[1].getByRole("region", { name: t("workshop.heldHeading") });
      await expect(held).toContainText(room.ideas[2]);
      await expect(phones[0].getByRole("region", { name: t("workshop.heldHeading") })).toHaveCount(
        0,
      );
      await expect(latest).not.toContainText(room.ideas[2]);
      await phones[1].screenshot({
        path: test.info().outputPath(`phone-frozen-${lang}.png`),
        fullPage: true,
      });

      // Spotlight, then close: the projector thanks the room, with no code to join and nothing left over.
      await facilitator
        .getByLabel(t("workshop.spotlightLabel"))
        .selectOption({ label: room.ideas[0] });
      await facilitator.getByRole("button", { name: t("workshop.spotlight") }).click();
      await expect(projector.getByRole("region", { name: room.ideas[0] })).toBeVisible();
      await projector.screenshot({ path: test.info().outputPath(`projector-live-${lang}.png`) });
      expect(
        (
          await facilitator.request.post(`/workshops/${workshopId}`, {
            form: { intent: "close" },
            maxRedirects: 0,
          })
        ).status(),
      ).toBe(303);
      await expect(projector.getByText(t("workshop.closedScreen"))).toBeVisible();
      await expect(projector.getByText(t("workshop.closedScreenBody"))).toBeVisible();
      await expect(projector.locator(".qr")).toHaveCount(0);
      await expect(projector.locator(".screen-code")).toHaveCount(0);
      await expect(projector.getByRole("region", { name: room.ideas[0] })).toHaveCount(0);
      await expect(projector.getByRole("timer")).toHaveCount(0);
      await expect(projector.getByText(t("workshop.frozenScreen"))).toHaveCount(0);
      await projector.screenshot({ path: test.info().outputPath(`projector-closed-${lang}.png`) });

      // The results: the CSV opens in Excel in Swedish (a UTF-8 byte-order mark, like open data).
      const csv = await (
        await facilitator.request.get(`/workshops/${workshopId}/results.csv`)
      ).body();
      expect([...csv.subarray(0, 3)], "a UTF-8 byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.toString("utf8")).toContain(room.ideas[0]);

      // Each idea's page credits the workshop: the chosen name, "a participant", or the workshop alone.
      await facilitator.goto(`/workshops/${workshopId}?lang=${lang}`);
      const ideaPath = async (ideaTitle: string) =>
        (await facilitator
          .getByRole("link", { name: ideaTitle, exact: true })
          .getAttribute("href"))!;
      const reader = await open({ locale });
      const expectations: [string, string][] = [
        [
          room.ideas[0],
          beforeDate(lang, "idea.bylineWorkshop", { workshop: title, author: room.names[0] }),
        ],
        [
          room.ideas[1],
          beforeDate(lang, "idea.bylineWorkshop", {
            workshop: title,
            author: t("idea.aParticipant"),
          }),
        ],
        [room.note, beforeDate(lang, "idea.bylineWorkshopNote", { workshop: title })],
      ];
      for (const [ideaTitle, byline] of expectations) {
        await reader.goto(`${await ideaPath(ideaTitle)}?lang=${lang}`);
        await expect(reader.getByRole("heading", { level: 1 })).toHaveText(ideaTitle);
        const meta = reader.locator(".idea-meta");
        await expect(meta).toContainText(byline);
        await expect(meta).not.toContainText(t("idea.deletedUser"));
        await expect(meta).not.toContainText(FACILITATOR_NAME);
      }
      await reader.getByRole("link", { name: t("idea.workshopResults") }).click();
      await expect(reader).toHaveURL(new RegExp(`/workshops/${workshopId}/results$`));
      await expect(reader.getByRole("heading", { level: 1 })).toHaveText(title);
      const results = reader.locator(".results-list > li");
      await expect(results).toHaveCount(4);
      await expect(results.first()).toContainText(room.ideas[0]);
      await expect(results.first()).toContainText(t("workshop.dotCount", { count: 1 }));
      await expect(reader.locator("body")).not.toContainText(code);

      await expect(phones[2].locator("body")).toBeVisible();
      expect(problems, "no console error or page error on any screen").toEqual([]);
    } finally {
      await closeAll();
    }
  });
}

test("without JavaScript: a code typed at /w, joining, an idea placed from the place list, and the facilitator's note by coordinates", async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const problems: string[] = [];
  const { open, closeAll } = await opener(browser, problems);
  try {
    const facilitator = await open({ javaScriptEnabled: false });
    await login(facilitator, DEMO.facilitator);
    const title = `Utan skript ${Date.now().toString(36)}`;
    await facilitator.goto("/workshops");
    await facilitator.getByLabel("Namn på workshoppen").fill(title);
    await facilitator.getByRole("button", { name: "Skapa workshoppen" }).click();
    await expect(facilitator).toHaveURL(/\/workshops\/\d+$/);
    const code = (await facilitator.locator(".join-code strong").textContent())!.trim();

    // The sticky note: without a map the place picker takes coordinates.
    const capture = facilitator.getByRole("region", { name: "Skriv in en lapp från rummet" });
    await capture.getByLabel("Rubrik").fill("Lapp utan skript");
    await capture.getByLabel("Beskriv idén").fill("En lapp inskriven utan JavaScript.");
    await capture.getByLabel("Latitud (nord)").fill("57.7212");
    await capture.getByLabel("Longitud (öst)").fill("12.9402");
    await capture.getByRole("button", { name: "Lägg till lappen" }).click();
    await expect(facilitator.getByRole("heading", { name: "Rummets idé (1)" })).toBeVisible();

    const phone = await open({ ...PHONE, javaScriptEnabled: false });
    await phone.goto("/w");
    await phone.getByLabel("Kod").fill(` ${code.toLowerCase()} `);
    await phone.getByRole("button", { name: "Gå till workshoppen" }).click();
    await expect(phone).toHaveURL(new RegExp(`/w/${code}$`));
    await phone.getByRole("button", { name: "Gå med" }).click();
    await phone.getByLabel("Rubrik").fill("Idé utan skript");
    await phone.getByLabel("Beskriv idén").fill("En idé från en telefon utan JavaScript.");
    await phone
      .getByLabel("Välj stadsdel, ort eller plats")
      .selectOption({ label: "Stora torget" });
    await phone.getByRole("button", { name: "Skicka idén" }).click();
    await expect(phone.getByText("Tack! Din idé syns nu på skärmen.")).toBeVisible();
    await expect(phone.getByText("Lapp utan skript")).toBeVisible();
    await expectNoSideways(phone);

    // An unknown code: a page that says so and offers another try.
    await phone.goto("/w?code=ZZZZZZ");
    await expect(phone.getByRole("heading", { level: 1 })).toHaveText(
      "Ingen workshop har den koden",
    );
    await phone.getByRole("link", { name: "Gå med i en workshop" }).click();
    await expect(phone.getByLabel("Kod")).toBeVisible();
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
  } finally {
    await closeAll();
  }
});

test("a workshop's public results show nothing of a running room, and unknown ones are 404", async ({
  browser,
  playwright,
  baseURL,
}) => {
  const problems: string[] = [];
  const { open, closeAll } = await opener(browser, problems);
  try {
    const facilitator = await open();
    await login(facilitator, DEMO.facilitator);
    const title = `Pågående ${Date.now().toString(36)}`;
    await facilitator.goto("/workshops");
    await facilitator.getByLabel("Namn på workshoppen").fill(title);
    await facilitator.getByRole("button", { name: "Skapa workshoppen" }).click();
    await expect(facilitator).toHaveURL(/\/workshops\/\d+$/);
    const id = Number(/\/workshops\/(\d+)$/.exec(facilitator.url())![1]);
    const code = (await facilitator.locator(".join-code strong").textContent())!.trim();
    const form = {
      intent: "capture",
      title: "Hemlig lapp innan stängning",
      body: "Syns inte förrän workshoppen stängs.",
      lat: "57.7212",
      lng: "12.9402",
    };
    expect(
      (await facilitator.request.post(`/workshops/${id}`, { form, maxRedirects: 0 })).status(),
    ).toBe(303);

    const reader = await open();
    const response = await reader.goto(`/workshops/${id}/results`);
    expect(response?.status()).toBe(200);
    await expect(reader.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(
      reader.getByText(
        "Workshoppen pågår fortfarande. Resultatet visas här när den har avslutats.",
      ),
    ).toBeVisible();
    const html = await response!.text();
    expect(html).not.toContain("Hemlig lapp");
    expect(html).not.toContain(code);

    const anonymous = await playwright.request.newContext({ baseURL });
    for (const path of [
      "/workshops/99999999/results",
      "/workshops/abc/results",
      "/workshops/1e3/results",
      `/workshops/${"9".repeat(40)}/results`,
    ]) {
      expect((await anonymous.get(path)).status(), path).toBe(404);
    }
    await anonymous.dispose();
    expect(problems).toEqual([]);
  } finally {
    await closeAll();
  }
});
