// Live workshops: a facilitator runs the room from a laptop, the projector shows the map filling
// up, and people take part from their phones without an account (issue 6).
import fs from "node:fs";
import {
  expect,
  test as base,
  type APIRequestContext,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from "@playwright/test";
import {
  DEMO,
  PHONE,
  expectNoAxeViolations,
  login,
  loginRequest,
  createAccount,
  JOIN_PASSWORD,
} from "./support/people";

// Contexts and API clients made in a test are closed when it ends.
const test = base.extend<{
  open: (options?: BrowserContextOptions) => Promise<Page>;
  api: (signedInAs?: string) => Promise<APIRequestContext>;
}>({
  open: async ({ browser }, provide) => {
    const contexts: BrowserContext[] = [];
    await provide(async (options = {}) => {
      const context = await browser.newContext({ locale: "sv-SE", ...options });
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
  api: async ({ playwright, baseURL }, provide) => {
    const clients: APIRequestContext[] = [];
    await provide(async (signedInAs) => {
      const client = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { "Accept-Language": "sv-SE,sv;q=0.9" },
      });
      clients.push(client);
      if (signedInAs) await loginRequest(client, signedInAs);
      return client;
    });
    for (const client of clients) await client.dispose();
  },
});

const PROJECTOR = { viewport: { width: 1280, height: 720 } };
/** Around Navet and Stora torget; zoom 18 shows single ideas, not clusters. */
const NAVET_BBOX = "12.925,57.715,12.95,57.727";
const NAVET = { lat: 57.7208, lng: 12.934 };
const CSV_HEADER = "id,title,body,focus_area,lat,lng,dots,status,created_at";

let serial = 0;
const unique = (text: string) => `${text} ${Date.now().toString(36)}${++serial}`;

// ---------------------------------------------------------------------------------------------
// Through the API: the same forms the pages post.

type Workshop = { id: number; code: string; title: string };

async function createWorkshop(
  facilitator: APIRequestContext,
  fields: Record<string, string> = {},
): Promise<Workshop> {
  const title = fields.title ?? unique("Testworkshop");
  const response = await facilitator.post("/workshops", {
    form: { title, dots: "3", place: "navet", publish: "on-close", ...fields },
    maxRedirects: 0,
  });
  expect(response.status(), "POST /workshops redirects to the console").toBe(303);
  const id = Number(/\/workshops\/(\d+)$/.exec(response.headers().location ?? "")?.[1]);
  expect(id).toBeGreaterThan(0);
  const html = await (await facilitator.get(`/workshops/${id}`)).text();
  const code = /\/w\/([A-Z0-9]{4,12})\/screen/.exec(html)?.[1];
  expect(code, "the console shows the join code").toBeTruthy();
  return { id, code: code!, title };
}

async function control(
  facilitator: APIRequestContext,
  workshop: Workshop,
  form: Record<string, string>,
) {
  return facilitator.post(`/workshops/${workshop.id}`, { form, maxRedirects: 0 });
}

async function joinRoom(participant: APIRequestContext, code: string, name?: string) {
  const response = await participant.post(`/w/${code}`, {
    form: { intent: "join", ...(name ? { name } : {}) },
    maxRedirects: 0,
  });
  expect(response.status(), "joining a workshop redirects back to it").toBe(303);
}

function postIdea(
  participant: APIRequestContext,
  code: string,
  idea: { title: string; body?: string; lat?: number; lng?: number },
) {
  return participant.post(`/w/${code}`, {
    form: {
      intent: "idea",
      title: idea.title,
      body: idea.body ?? "En idé från rummet, med tillräckligt mycket text.",
      lat: String(idea.lat ?? NAVET.lat),
      lng: String(idea.lng ?? NAVET.lng),
    },
    maxRedirects: 0,
  });
}

function placeDot(
  participant: APIRequestContext,
  code: string,
  ideaId: number,
  intent: "dot" | "undot" = "dot",
) {
  return participant.post(`/w/${code}`, {
    form: { intent, ideaId: String(ideaId) },
    maxRedirects: 0,
  });
}

// ---------------------------------------------------------------------------------------------
// Reading the live events as EventSource would, but by hand: fetch and split the stream.

type SseEvent = { id: string | null; event: string; data: string };

async function readEvents(
  url: string,
  options: {
    lastEventId?: string;
    until?: (events: SseEvent[]) => boolean;
    timeoutMs?: number;
  } = {},
): Promise<{ status: number; contentType: string | null; events: SseEvent[] }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 4000);
  const events: SseEvent[] = [];
  let status = 0;
  let contentType: string | null = null;
  try {
    const response = await fetch(url, {
      headers: {
        Accept: "text/event-stream",
        ...(options.lastEventId !== undefined ? { "Last-Event-ID": options.lastEventId } : {}),
      },
      signal: controller.signal,
    });
    status = response.status;
    contentType = response.headers.get("content-type");
    if (!response.ok || !response.body) return { status, contentType, events };
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let id: string | null = null;
        let event = "message";
        const data: string[] = [];
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) continue;
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "id") id = value;
          else if (field === "event") event = value;
          else if (field === "data") data.push(value);
        }
        if (data.length) events.push({ id, event, data: data.join("\n") });
      }
      if (options.until?.(events)) break;
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === "AbortError")) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { status, contentType, events };
}

type ScreenIdea = { id: number; title: string; body: string; name: string | null; dots: number };
type ScreenState = {
  code: string;
  title: string;
  status: string;
  frozen: boolean;
  namesHidden: boolean;
  spotlightIdeaId: number | null;
  dots: number;
  ideas: ScreenIdea[];
};

/** What a screen that connects now is told first. */
async function screenState(baseURL: string, code: string): Promise<ScreenState> {
  const { events } = await readEvents(`${baseURL}/api/workshops/${code}/events`, {
    until: (e) => e.length > 0,
  });
  expect(events[0]?.event, "a fresh connection starts with the state").toBe("state");
  return JSON.parse(events[0].data) as ScreenState;
}

async function ideaIdByTitle(baseURL: string, code: string, title: string) {
  const idea = (await screenState(baseURL, code)).ideas.find((i) => i.title === title);
  expect(idea, `"${title}" is on the screen`).toBeTruthy();
  return idea!.id;
}

async function mapIdeaIds(request: APIRequestContext) {
  const response = await request.get(`/api/map?bbox=${NAVET_BBOX}&zoom=18`);
  expect(response.status()).toBe(200);
  const collection = (await response.json()) as {
    features: { properties: { id?: number; cluster?: boolean } }[];
  };
  return collection.features.filter((f) => !f.properties.cluster).map((f) => f.properties.id);
}

async function expectNoScrollbars(page: Page) {
  const sizes = await page.evaluate(() => {
    const d = document.documentElement;
    const b = document.body;
    return {
      sw: d.scrollWidth,
      cw: d.clientWidth,
      sh: d.scrollHeight,
      ch: d.clientHeight,
      bsw: b.scrollWidth,
      bsh: b.scrollHeight,
    };
  });
  expect(sizes.sw, `no horizontal scrollbar (${JSON.stringify(sizes)})`).toBeLessThanOrEqual(
    sizes.cw,
  );
  expect(sizes.sh, `no vertical scrollbar (${JSON.stringify(sizes)})`).toBeLessThanOrEqual(
    sizes.ch,
  );
  expect(sizes.bsw).toBeLessThanOrEqual(sizes.cw);
  expect(sizes.bsh).toBeLessThanOrEqual(sizes.ch);
}

async function expectInViewport(page: Page, selector: string) {
  const viewport = page.viewportSize()!;
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is shown`).not.toBeNull();
  expect(box!.x, `${selector} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.y, `${selector} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${selector} ends on screen`).toBeLessThanOrEqual(
    viewport.width + 0.5,
  );
  expect(box!.y + box!.height, `${selector} ends on screen`).toBeLessThanOrEqual(
    viewport.height + 0.5,
  );
}

// ---------------------------------------------------------------------------------------------

test("a room fills the projector live from a phone; spotlight, freeze, hidden names, close, results and CSV", async ({
  open,
  api,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const title = unique("Klimatverkstad på Navet");
  const name = "Maja Lind";
  const ideaA = unique("Solceller på Navets tak");
  const bodyA = "Navet har ett stort platt tak som kunde ge el till hela kvarteret.";
  const ideaB = unique("Cykelparkering vid Stora torget");
  const bodyB = "Fler säkra cykelställ med tak, så att fler tar cykeln in till stan.";
  const anonymous = await api();

  // The facilitator creates the workshop from the console.
  const facilitator = await open();
  await login(facilitator, DEMO.facilitator);
  await facilitator.goto("/workshops");
  await expect(facilitator.getByRole("heading", { level: 1 })).toHaveText("Workshoppar");
  const form = facilitator.getByRole("region", { name: "Ny workshop" });
  await form.getByLabel("Namn på workshoppen").fill(title);
  await form.getByLabel("Kartan öppnas över").selectOption({ label: "Navet Science Center" });
  await form.getByLabel("Prickar per deltagare").fill("3");
  await form.getByRole("radio", { name: "När workshoppen avslutas" }).check();
  await form.getByRole("button", { name: "Skapa workshoppen" }).click();
  await expect(facilitator).toHaveURL(/\/workshops\/\d+$/);
  await expect(facilitator.getByRole("heading", { level: 1 })).toHaveText(title);
  const code = (await facilitator.locator(".join-code strong").textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  await expect(facilitator.getByRole("link", { name: new RegExp(`/w/${code}$`) })).toBeVisible();
  await expect(facilitator.getByRole("img", { name: /^QR-kod till / })).toBeVisible();

  // The projector opens the screen and stays on the same document throughout.
  const projector = await open(PROJECTOR);
  await projector.goto(`/w/${code}/screen`);
  await expect(projector.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(projector.locator(".screen-map.leaflet-container")).toBeVisible();
  await expect(projector.locator(".screen-code")).toHaveText(`Kod ${code}`);
  await projector.evaluate(
    () => ((window as unknown as { sameDocument: boolean }).sameDocument = true),
  );
  const latest = projector.getByRole("list", { name: "Senaste idéerna" });
  const markers = projector.locator(".screen-marker");
  const count = projector.locator(".screen-count");
  await expect(count).toHaveText("0 idéer · 0 prickar");
  // The console counts the connected screen (so the idea below really arrives live).
  await expect(async () => {
    await facilitator.reload();
    await expect(facilitator.getByText(/1 skärm ansluten/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });

  // A phone joins with a name, without an account.
  const phone = await open(PHONE);
  await phone.goto(`/w/${code}`);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText(title);
  await phone.getByLabel("Ditt namn (om du vill)").fill(name);
  await phone.getByRole("button", { name: "Gå med" }).click();
  await expect(phone.getByText("Du har 3 prickar kvar av 3.")).toBeVisible();
  await expect(phone.getByText("Inga idéer ännu. Bli först!")).toBeVisible();

  const postFromPhone = async (ideaTitle: string, body: string, place: string, notice: string) => {
    await phone.getByLabel("Rubrik").fill(ideaTitle);
    await phone.getByLabel("Beskriv idén").fill(body);
    await phone.getByLabel("Välj stadsdel, ort eller plats").selectOption({ label: place });
    await expect(phone.locator(".place-picker-description")).toContainText(place.split(" ")[0]);
    await phone.getByRole("button", { name: "Skicka idén" }).click();
    await expect(phone.getByRole("status").filter({ hasText: notice })).toBeVisible();
  };

  // The phone's idea arrives on the projector: in the latest list and as a marker.
  await postFromPhone(ideaA, bodyA, "Navet Science Center", "Tack! Din idé syns nu på skärmen.");
  await expect(latest.getByRole("listitem").filter({ hasText: ideaA })).toContainText(
    `${name} · 0 prickar`,
  );
  await expect(markers).toHaveCount(1);
  await expect(count).toHaveText("1 idé · 0 prickar");
  await expect(projector.getByRole("region", { name: "Karta med 1 idé" })).toBeVisible();

  // Not on the main map until the workshop closes.
  const idA = await ideaIdByTitle(baseURL!, code, ideaA);
  expect(await mapIdeaIds(anonymous)).not.toContain(idA);
  expect(
    (await anonymous.get(`/ideas/${idA}`)).status(),
    "a workshop idea is not public before closing",
  ).toBe(404);

  // A dot from the phone: the projector's count and the marker's badge rise.
  await phone.getByRole("button", { name: `Sätt en prick på ”${ideaA}”` }).click();
  await expect(phone.getByText("Du har 2 prickar kvar av 3.")).toBeVisible();
  await expect(count).toHaveText("1 idé · 1 prick");
  await expect(markers.first().locator(".dot-badge")).toHaveText("1");
  await expect(latest.getByRole("listitem").filter({ hasText: ideaA })).toContainText("1 prick");

  // Spotlight: the idea large on the projector.
  await facilitator.reload();
  await facilitator.getByLabel("Lyft fram en idé").selectOption({ label: ideaA });
  await facilitator.getByRole("button", { name: "Visa på skärmen" }).click();
  const spotlight = projector.getByRole("region", { name: ideaA });
  await expect(spotlight).toContainText("I fokus just nu");
  await expect(spotlight.getByRole("heading", { level: 2 })).toHaveText(ideaA);
  await expect(spotlight).toContainText(bodyA);
  await expect(spotlight).toContainText(`${name} · 1 prick`);
  await expect(projector.locator(".screen-marker.is-spotlight")).toHaveCount(1);

  // Freeze: a new idea waits; a later dot gets through, so the screen has caught up meanwhile.
  await facilitator.getByRole("button", { name: "Frys skärmen" }).click();
  await expect(facilitator.getByText(/Fryst: nya idéer väntar/)).toBeVisible();
  await expect(projector.getByText("Nya idéer visas snart.")).toBeVisible();
  await postFromPhone(ideaB, bodyB, "Stora torget", "Tack! Din idé visas på skärmen lite senare.");
  await phone.getByRole("button", { name: `Sätt en prick på ”${ideaA}”` }).click();
  await expect(phone.getByText("Du har 1 prick kvar av 3.")).toBeVisible();
  await expect(count).toHaveText("1 idé · 2 prickar");
  await expect(latest).not.toContainText(ideaB);
  await expect(markers).toHaveCount(1);
  expect((await screenState(baseURL!, code)).ideas.map((i) => i.title)).toEqual([ideaA]);

  // Unfreeze: the idea that waited appears.
  await facilitator.getByRole("button", { name: "Släpp fram nya idéer" }).click();
  await expect(facilitator.getByText(/Nya idéer syns direkt/)).toBeVisible();
  await expect(latest.getByRole("listitem").filter({ hasText: ideaB })).toContainText(
    `${name} · 0 prickar`,
  );
  await expect(markers).toHaveCount(2);
  await expect(count).toHaveText("2 idéer · 2 prickar");
  await expect(projector.getByText("Nya idéer visas snart.")).toBeHidden();
  const idB = await ideaIdByTitle(baseURL!, code, ideaB);

  // Hide names: the name leaves the projector (the latest list and the spotlight).
  await expect(projector.locator("body")).toContainText(name);
  await facilitator.getByRole("button", { name: "Dölj namn" }).click();
  await expect(facilitator.getByText(/namn dolda/)).toBeVisible();
  await expect(projector.locator("body")).not.toContainText(name);
  await expect(latest.getByRole("listitem").filter({ hasText: ideaA })).toContainText("2 prickar");
  await expect(spotlight).toContainText("2 prickar");

  // Close: the projector thanks the room.
  // Closing asks first (moderator-journeys.spec.ts): the button, then the explicit confirmation.
  await facilitator.getByRole("button", { name: "Avsluta workshoppen", exact: true }).click();
  await facilitator.getByRole("button", { name: "Ja, avsluta workshoppen" }).click();
  await expect(projector.getByText("Workshoppen är avslutad. Tack!")).toBeVisible();
  expect(
    await projector.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument),
    "the projector never reloaded",
  ).toBe(true);

  // The results: ideas by dots and the CSV.
  await expect(facilitator.getByRole("heading", { level: 2, name: "Resultat" })).toBeVisible();
  await expect(
    facilitator.getByRole("heading", { name: "Idéer efter antal prickar" }),
  ).toBeVisible();
  const results = facilitator.locator(".results-list > li");
  await expect(results).toHaveCount(2);
  await expect(results.nth(0)).toContainText(ideaA);
  await expect(results.nth(0)).toContainText("2 prickar");
  await expect(results.nth(1)).toContainText(ideaB);
  await expect(results.nth(1)).toContainText("0 prickar");
  await expect(results.nth(0).getByRole("link", { name: ideaA })).toHaveAttribute(
    "href",
    `/ideas/${idA}`,
  );

  const download = facilitator.waitForEvent("download");
  await facilitator.getByRole("link", { name: "Ladda ner resultatet (CSV)" }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file!, "utf8").replace(/^\uFEFF/, "");
  const lines = csv.split("\r\n").filter(Boolean);
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines).toHaveLength(3);
  expect(csv).toContain(ideaA);
  expect(csv).toContain(ideaB);
  expect(lines[1].startsWith(`${idA},${ideaA},`)).toBe(true);
  expect(lines[1]).toMatch(/,2,visible,/);
  expect(lines[2]).toMatch(new RegExp(`^${idB},.*,0,visible,`));

  // The ideas are now on the main map and have public pages.
  await expect.poll(() => mapIdeaIds(anonymous)).toEqual(expect.arrayContaining([idA, idB]));
  for (const id of [idA, idB])
    expect((await anonymous.get(`/ideas/${id}`)).status(), `/ideas/${id}`).toBe(200);
  await facilitator.getByRole("link", { name: ideaA }).click();
  await expect(facilitator.getByRole("heading", { level: 1 })).toHaveText(ideaA);
});

test("the projector fits 1920×1080 and 1280×720 without scrollbars, however full it gets", async ({
  open,
  api,
}) => {
  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator, {
    title:
      "Workshop med ett väldigt långt namn om hur Borås kan bli en klimatneutral kommun till år 2030 x",
  });
  const participant = await api();
  await joinRoom(
    participant,
    workshop.code,
    "Ett långt namn på en deltagare som vill synas på skärmen x",
  );
  for (let i = 1; i <= 7; i++) {
    const response = await postIdea(participant, workshop.code, {
      title:
        `Idé nummer ${i} med en lång rubrik som fyller hela raden på skärmen och lite till, för att se vad som händer ${i}`.slice(
          0,
          120,
        ),
      body: "Lång text. ".repeat(60),
      lat: NAVET.lat + i * 0.0004,
    });
    expect(response.status()).toBe(303);
  }
  const html = await (await facilitator.get(`/workshops/${workshop.id}`)).text();
  const firstIdea = /<option value="(\d+)">Idé nummer 1 /.exec(html)?.[1];
  expect(firstIdea).toBeTruthy();
  expect(
    (await control(facilitator, workshop, { intent: "spotlight", ideaId: firstIdea! })).status(),
  ).toBe(303);
  expect(
    (
      await control(facilitator, workshop, {
        intent: "timer",
        minutes: "10",
        label: "Övning 1: Drömmarnas Borås",
      })
    ).status(),
  ).toBe(303);
  expect((await control(facilitator, workshop, { intent: "freeze" })).status()).toBe(303);

  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ]) {
    const screen = await open({ viewport });
    await screen.goto(`/w/${workshop.code}/screen`);
    await expect(screen.locator(".screen-marker")).toHaveCount(7);
    await expect(screen.getByRole("timer")).toContainText("Övning 1");
    await expect(screen.getByText("Nya idéer visas snart.")).toBeVisible();
    await expectNoScrollbars(screen);
    for (const part of [
      ".screen-title",
      ".screen-join .qr svg",
      ".screen-code",
      ".screen-timer",
      "#spotlight-title",
      ".screen-count",
    ]) {
      await expectInViewport(screen, part);
    }
  }
});

test("a screen that reconnects with Last-Event-ID gets what it missed; a fresh one starts with the state", async ({
  api,
  baseURL,
}) => {
  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator, { dots: "4" });
  const participant = await api();
  await joinRoom(participant, workshop.code, "Kim");
  const first = unique("Idé före avbrottet");
  expect((await postIdea(participant, workshop.code, { title: first })).status()).toBe(303);

  // A fresh connection: the first message is the full state.
  const url = `${baseURL}/api/workshops/${workshop.code}/events`;
  const fresh = await readEvents(url, { until: (e) => e.length > 0 });
  expect(fresh.status).toBe(200);
  expect(fresh.contentType).toMatch(/^text\/event-stream/);
  expect(fresh.events[0].event).toBe("state");
  expect(fresh.events[0].id).toMatch(/^\d+$/);
  const state = JSON.parse(fresh.events[0].data) as ScreenState;
  expect(state).toMatchObject({
    code: workshop.code,
    title: workshop.title,
    status: "open",
    frozen: false,
    namesHidden: false,
    spotlightIdeaId: null,
    dots: 4,
  });
  expect(state.ideas).toEqual([
    expect.objectContaining({
      title: first,
      name: "Kim",
      dots: 0,
      lat: expect.any(Number),
      lng: expect.any(Number),
    }),
  ]);
  const lastId = fresh.events[0].id!;

  // While no one listens, an idea and a dot happen.
  const missed = unique("Idé under avbrottet");
  expect((await postIdea(participant, workshop.code, { title: missed })).status()).toBe(303);
  const missedId = (await screenState(baseURL!, workshop.code)).ideas.find(
    (i) => i.title === missed,
  )!.id;
  expect((await placeDot(participant, workshop.code, missedId)).status()).toBe(303);

  // Reconnecting with the last id replays them, in order, and nothing from before.
  const replay = await readEvents(url, {
    lastEventId: lastId,
    until: (e) => e.some((x) => x.event === "dot"),
  });
  expect(replay.status).toBe(200);
  expect(replay.events.map((e) => e.event)).toEqual(["idea", "dot"]);
  expect(JSON.parse(replay.events[0].data)).toMatchObject({
    id: missedId,
    title: missed,
    name: "Kim",
  });
  expect(JSON.parse(replay.events[1].data)).toEqual({ ideaId: missedId, dots: 1 });
  expect(Number(replay.events[0].id)).toBeGreaterThan(Number(lastId));
  expect(Number(replay.events[1].id)).toBeGreaterThan(Number(replay.events[0].id));

  // And the connection stays open for what comes next.
  const live = readEvents(url, {
    lastEventId: replay.events[1].id!,
    until: (e) => e.some((x) => x.event === "spotlight"),
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(
    (
      await control(facilitator, workshop, { intent: "spotlight", ideaId: String(missedId) })
    ).status(),
  ).toBe(303);
  const after = await live;
  expect(after.events.map((e) => e.event)).toEqual(["spotlight"]);
  expect(JSON.parse(after.events[0].data)).toEqual({ ideaId: missedId });
});

test("wrong codes answer 404 and a closed workshop 410, each with a page", async ({
  page,
  api,
  baseURL,
}) => {
  for (const path of ["/w/XXXXXX", "/w/XXXXXX/screen", "/w/ab", "/w/%3Cscript%3E"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 }), path).toHaveText(
      /^(Sidan finns inte|Ingen workshop har den koden)$/,
    );
  }
  const anonymous = await api();
  expect((await anonymous.get("/api/workshops/XXXXXX/events")).status()).toBe(404);
  expect(
    (await anonymous.post("/w/XXXXXX", { form: { intent: "join" }, maxRedirects: 0 })).status(),
  ).toBe(404);

  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator);
  const participant = await api();
  await joinRoom(participant, workshop.code);
  expect((await control(facilitator, workshop, { intent: "close" })).status()).toBe(303);

  const closed = await page.goto(`/w/${workshop.code}`);
  expect(closed?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Workshoppen är avslutad");
  // The code is not case-sensitive when read aloud and typed in.
  expect((await page.goto(`/w/${workshop.code.toLowerCase()}`))?.status()).toBe(410);
  // The screen still shows the end of the workshop.
  const screen = await page.goto(`/w/${workshop.code}/screen`);
  expect(screen?.status()).toBe(200);
  await expect(page.getByText("Workshoppen är avslutad. Tack!")).toBeVisible();
  expect(
    (
      await readEvents(`${baseURL}/api/workshops/${workshop.code}/events`, {
        until: (e) => e.length > 0,
      })
    ).events[0].event,
  ).toBe("state");
});

test("participants' bad input changes nothing: not joined, a dot too many, another workshop's idea, a hidden idea, outside Borås, after close", async ({
  api,
  baseURL,
}) => {
  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator);
  const other = await createWorkshop(facilitator);
  const participant = await api();
  await joinRoom(participant, workshop.code, "Alva");
  const title = unique("Träd längs Allégatan");
  expect((await postIdea(participant, workshop.code, { title })).status()).toBe(303);
  const ideaId = await ideaIdByTitle(baseURL!, workshop.code, title);

  // Not joined: 401 for an idea and for a dot.
  const stranger = await api();
  const strangerIdea = await postIdea(stranger, workshop.code, { title: unique("Obehörig idé") });
  expect(strangerIdea.status()).toBe(401);
  expect(await strangerIdea.text()).toContain("Gå med i workshoppen först.");
  expect((await placeDot(stranger, workshop.code, ideaId)).status()).toBe(401);
  // Joined to another workshop is not joined to this one.
  await joinRoom(stranger, other.code);
  expect((await placeDot(stranger, workshop.code, ideaId)).status()).toBe(401);

  // Three dots allowed: the fourth is refused and the count stays 3.
  for (let i = 0; i < 3; i++)
    expect((await placeDot(participant, workshop.code, ideaId)).status()).toBe(303);
  const fourth = await placeDot(participant, workshop.code, ideaId);
  expect(fourth.status()).toBe(409);
  expect(await fourth.text()).toContain("Du har inga prickar kvar.");
  expect(
    (await screenState(baseURL!, workshop.code)).ideas.find((i) => i.id === ideaId)?.dots,
  ).toBe(3);
  expect(await (await participant.get(`/w/${workshop.code}`)).text()).toContain(
    "Du har 0 prickar kvar av 3.",
  );
  // Taking one back frees it; taking back one that is not there is refused.
  expect((await placeDot(participant, workshop.code, ideaId, "undot")).status()).toBe(303);
  expect(
    (await screenState(baseURL!, workshop.code)).ideas.find((i) => i.id === ideaId)?.dots,
  ).toBe(2);

  // A dot on an idea of another workshop, or one that does not exist: 404.
  const otherParticipant = await api();
  await joinRoom(otherParticipant, other.code);
  const otherTitle = unique("Idé i en annan workshop");
  expect((await postIdea(otherParticipant, other.code, { title: otherTitle })).status()).toBe(303);
  const otherIdeaId = await ideaIdByTitle(baseURL!, other.code, otherTitle);
  expect((await placeDot(participant, workshop.code, otherIdeaId)).status()).toBe(404);
  expect((await placeDot(participant, workshop.code, 999_999_999)).status()).toBe(404);
  expect(
    (await screenState(baseURL!, other.code)).ideas.find((i) => i.id === otherIdeaId)?.dots,
  ).toBe(0);
  expect((await placeDot(otherParticipant, other.code, ideaId, "undot")).status()).toBe(409);

  // A dot on an idea the moderators hid: 4xx, and it leaves the screen.
  const moderator = await api(DEMO.moderator);
  const hidden = unique("Idé som moderatorn döljer");
  expect((await postIdea(otherParticipant, other.code, { title: hidden })).status()).toBe(303);
  const hiddenId = await ideaIdByTitle(baseURL!, other.code, hidden);
  expect(
    (
      await moderator.post(`/moderation/ideas/${hiddenId}`, {
        form: { intent: "hide", reason: "Test av dold idé." },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(303);
  const onHidden = await placeDot(otherParticipant, other.code, hiddenId);
  expect(onHidden.status()).toBeGreaterThanOrEqual(400);
  expect(onHidden.status()).toBeLessThan(500);
  expect((await screenState(baseURL!, other.code)).ideas.map((i) => i.id)).not.toContain(hiddenId);

  // A point outside Borås municipality: 400 with the reason, nothing posted.
  const outside = await postIdea(participant, workshop.code, {
    title: unique("Idé i Göteborg"),
    lat: 57.7089,
    lng: 11.9746,
  });
  expect(outside.status()).toBe(400);
  expect(await outside.text()).toContain("Platsen ligger utanför Borås kommun");
  // Missing or broken fields: 400, never 500.
  const noPlace = await participant.post(`/w/${workshop.code}`, {
    form: { intent: "idea", title: "Utan plats", body: "En idé utan någon plats alls." },
    maxRedirects: 0,
  });
  expect(noPlace.status()).toBe(400);
  expect(
    (
      await participant.post(`/w/${workshop.code}`, {
        form: { intent: "dot", ideaId: "abc" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(400);
  expect(
    (
      await participant.post(`/w/${workshop.code}`, {
        form: { intent: "teleport" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(400);
  expect((await screenState(baseURL!, workshop.code)).ideas.map((i) => i.title)).toEqual([title]);

  // A dot on an idea held back by a freeze: 404 until it is released.
  const before = unique("Idé före frysningen");
  expect((await postIdea(participant, workshop.code, { title: before })).status()).toBe(303);
  const beforeId = await ideaIdByTitle(baseURL!, workshop.code, before);
  expect((await control(facilitator, workshop, { intent: "freeze" })).status()).toBe(303);
  const held = unique("Idé som väntar");
  const heldPost = await postIdea(participant, workshop.code, { title: held });
  expect(heldPost.status()).toBe(303);
  expect(heldPost.headers().location).toContain("notice=idea-held");
  const heldId = beforeId + 1; // this server makes no other ideas meanwhile; checked below
  const onHeld = await placeDot(participant, workshop.code, heldId);
  expect(onHeld.status()).toBe(404);
  expect((await screenState(baseURL!, workshop.code)).ideas.map((i) => i.title)).toEqual([
    title,
    before,
  ]);
  expect((await control(facilitator, workshop, { intent: "unfreeze" })).status()).toBe(303);
  expect(await ideaIdByTitle(baseURL!, workshop.code, held)).toBe(heldId);
  expect((await placeDot(participant, workshop.code, heldId)).status()).toBe(303);
  expect((await screenState(baseURL!, workshop.code)).ideas.map((i) => i.dots)).toEqual([2, 0, 1]);

  // After closing: 410 for ideas and dots.
  expect((await control(facilitator, workshop, { intent: "close" })).status()).toBe(303);
  expect((await postIdea(participant, workshop.code, { title: unique("För sent") })).status()).toBe(
    410,
  );
  expect((await placeDot(participant, workshop.code, ideaId)).status()).toBe(410);
  expect(
    (
      await participant.post(`/w/${workshop.code}`, { form: { intent: "join" }, maxRedirects: 0 })
    ).status(),
  ).toBe(410);
  // And a closed workshop takes no more controls.
  expect((await control(facilitator, workshop, { intent: "freeze" })).status()).toBe(409);
});

test("only the workshop's own facilitator may run it: 403 for others, sign-in for no one", async ({
  api,
}) => {
  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator);

  // A second facilitator, made with the contract's command against the test server's database.
  const email = createAccount({ role: "facilitator", name: "Annan Ledare" });
  const otherFacilitator = await api();
  await loginRequest(otherFacilitator, email, JOIN_PASSWORD);

  for (const [who, client] of [
    ["a resident", await api(DEMO.resident)],
    ["a moderator", await api(DEMO.moderator)],
    ["another facilitator", otherFacilitator],
  ] as const) {
    const forms: Record<string, string>[] = [
      { intent: "freeze" },
      { intent: "close" },
      { intent: "hide-names" },
      {
        intent: "capture",
        title: "Lapp",
        body: "En lapp från någon annan.",
        lat: String(NAVET.lat),
        lng: String(NAVET.lng),
      },
    ];
    for (const form of forms) {
      expect((await control(client, workshop, form)).status(), `${who}: ${form.intent}`).toBe(403);
    }
    expect((await client.get(`/workshops/${workshop.id}`)).status(), `${who}: the console`).toBe(
      403,
    );
    expect(
      (await client.get(`/workshops/${workshop.id}/results.csv`)).status(),
      `${who}: the CSV`,
    ).toBe(403);
  }
  for (const client of [await api(DEMO.resident), await api(DEMO.moderator)]) {
    expect(
      (
        await client.post("/workshops", { form: { title: "Inte min workshop" }, maxRedirects: 0 })
      ).status(),
    ).toBe(403);
  }
  // The other facilitator's own list does not show it.
  expect(await (await otherFacilitator.get("/workshops")).text()).not.toContain(workshop.title);

  // Signed out: to the sign-in page.
  const signedOut = await api();
  const freeze = await control(signedOut, workshop, { intent: "freeze" });
  expect([302, 303]).toContain(freeze.status());
  expect(freeze.headers().location).toMatch(/^\/login(\?|$)/);
  const consolePage = await signedOut.get(`/workshops/${workshop.id}`, { maxRedirects: 0 });
  expect([302, 303]).toContain(consolePage.status());
  expect(consolePage.headers().location).toMatch(/^\/login/);

  // Nothing changed: still open, not frozen, names shown.
  const html = await (await facilitator.get(`/workshops/${workshop.id}`)).text();
  expect(html).toContain("Nya idéer syns direkt");
  expect(html).toContain("namn visas");

  // The facilitator cannot spotlight an idea from outside the workshop.
  const spot = await control(facilitator, workshop, { intent: "spotlight", ideaId: "1" });
  expect(spot.status()).toBe(400);
  // A sticky note outside Borås is refused too.
  const note = await control(facilitator, workshop, {
    intent: "capture",
    title: "Lapp",
    body: "En lapp från rummet om Göteborg.",
    lat: "57.7089",
    lng: "11.9746",
  });
  expect(note.status()).toBe(400);
  expect(await note.text()).toContain("Platsen ligger utanför Borås kommun");
});

test("names are text: a name like an HTML tag shows as written and runs nothing", async ({
  open,
  api,
}) => {
  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator);
  const name = "<img src=x onerror=alert(1)>";
  const dialogs: string[] = [];

  const projector = await open(PROJECTOR);
  projector.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await projector.goto(`/w/${workshop.code}/screen`);
  await expect(projector.locator(".screen-map.leaflet-container")).toBeVisible();

  const phone = await open(PHONE);
  phone.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await phone.goto(`/w/${workshop.code}`);
  await phone.getByLabel("Ditt namn (om du vill)").fill(name);
  await phone.getByRole("button", { name: "Gå med" }).click();
  const ideaTitle = unique("Idé från <b>fet</b> deltagare");
  await phone.getByLabel("Rubrik").fill(ideaTitle);
  await phone
    .getByLabel("Beskriv idén")
    .fill("En idé vars rubrik och namn ser ut som HTML men är text.");
  await phone
    .getByLabel("Välj stadsdel, ort eller plats")
    .selectOption({ label: "Navet Science Center" });
  await phone.getByRole("button", { name: "Skicka idén" }).click();
  await expect(
    phone.getByRole("status").filter({ hasText: "Tack! Din idé syns nu på skärmen." }),
  ).toBeVisible();

  const item = projector
    .getByRole("list", { name: "Senaste idéerna" })
    .getByRole("listitem")
    .filter({ hasText: ideaTitle });
  await expect(item).toContainText(`${name} · 0 prickar`);
  await expect(phone.locator(".room-idea")).toContainText(name);
  for (const page of [projector, phone]) {
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    await expect(page.locator("b", { hasText: "fet" })).toHaveCount(0);
  }
  const consoleHtml = await (await facilitator.get(`/workshops/${workshop.id}`)).text();
  expect(consoleHtml).not.toContain(name);
  expect(dialogs).toEqual([]);
});

test("the console, the results and the phone pass axe", async ({ open, api }) => {
  test.setTimeout(90_000); // a workshop set up, then five pages each with a full axe run
  const facilitatorApi = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitatorApi, {
    title: unique("Workshop för tillgänglighet"),
  });
  const participant = await api();
  await joinRoom(participant, workshop.code, "Noor");
  const title = unique("Fler bänkar i Stadsparken");
  expect((await postIdea(participant, workshop.code, { title })).status()).toBe(303);
  const html = await (await facilitatorApi.get(`/workshops/${workshop.id}`)).text();
  const ideaId = new RegExp(`<option value="(\\d+)">${title}</option>`).exec(html)?.[1];
  expect(
    (await control(facilitatorApi, workshop, { intent: "spotlight", ideaId: ideaId! })).status(),
  ).toBe(303);
  expect(
    (
      await control(facilitatorApi, workshop, { intent: "timer", minutes: "5", label: "Övning 1" })
    ).status(),
  ).toBe(303);

  const facilitator = await open();
  await login(facilitator, DEMO.facilitator);
  await facilitator.goto("/workshops");
  await expectNoAxeViolations(facilitator);
  await facilitator.goto(`/workshops/${workshop.id}`);
  await expect(facilitator.getByRole("heading", { name: "Styr workshoppen" })).toBeVisible();
  await expectNoAxeViolations(facilitator);

  const phone = await open(PHONE);
  await phone.goto(`/w/${workshop.code}`);
  await expect(phone.getByRole("button", { name: "Gå med" })).toBeVisible();
  await expectNoAxeViolations(phone);
  await phone.getByRole("button", { name: "Gå med" }).click();
  await expect(phone.getByText("Du har 3 prickar kvar av 3.")).toBeVisible();
  await expect(
    phone.locator(".place-picker-map.leaflet-container, .place-picker-map").first(),
  ).toBeVisible();
  await expectNoAxeViolations(phone);

  // The results page after closing, too.
  expect((await control(facilitatorApi, workshop, { intent: "close" })).status()).toBe(303);
  await facilitator.reload();
  await expect(facilitator.getByRole("heading", { name: "Resultat" })).toBeVisible();
  await expectNoAxeViolations(facilitator);
});

test("the projector passes axe", async ({ open, api }) => {
  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator);
  const participant = await api();
  await joinRoom(participant, workshop.code, "Noor");
  const title = unique("Regnbäddar på Stora torget");
  expect((await postIdea(participant, workshop.code, { title })).status()).toBe(303);
  const html = await (await facilitator.get(`/workshops/${workshop.id}`)).text();
  const ideaId = new RegExp(`<option value="(\\d+)">${title}</option>`).exec(html)?.[1];
  expect(
    (await control(facilitator, workshop, { intent: "spotlight", ideaId: ideaId! })).status(),
  ).toBe(303);
  expect(
    (
      await control(facilitator, workshop, { intent: "timer", minutes: "5", label: "Övning 1" })
    ).status(),
  ).toBe(303);

  const projector = await open(PROJECTOR);
  await projector.goto(`/w/${workshop.code}/screen`);
  await expect(projector.locator(".screen-marker")).toHaveCount(1);
  await expect(projector.getByRole("region", { name: title })).toBeVisible();
  await expect(projector.getByRole("timer")).toContainText("Övning 1");
  await expectNoAxeViolations(projector);
});

test("a closed workshop's page says that it has ended", async ({ page, api }) => {
  const facilitator = await api(DEMO.facilitator);
  const workshop = await createWorkshop(facilitator);
  expect((await control(facilitator, workshop, { intent: "close" })).status()).toBe(303);
  const response = await page.goto(`/w/${workshop.code}`);
  expect(response?.status()).toBe(410);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Workshoppen är avslutad");
  await expect(page.getByText(/finns nu på kartan över Borås/)).toBeVisible();
});
