// Live workshops against hostile or careless clients (issue 12): guessing codes, holding every
// event stream, replaying what was hidden, a blocked account's cookie, rejoining for fresh dots,
// and pre-moderation. Different clients are told apart by X-Forwarded-For (the server trusts it
// from loopback only, as behind its reverse proxy), so that this file's limits touch no other.
import http from "node:http";
import { expect, test as base, type APIRequestContext } from "@playwright/test";
import { DEMO, JOIN_PASSWORD, joinRequest, loginRequest, createAccount } from "./support/people";

const test = base.extend<{
  api: (options?: {
    signedInAs?: string;
    address?: string;
    language?: string;
  }) => Promise<APIRequestContext>;
}>({
  api: async ({ playwright, baseURL }, provide) => {
    const clients: APIRequestContext[] = [];
    await provide(async ({ signedInAs, address, language = "sv-SE,sv;q=0.9" } = {}) => {
      const client = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: {
          "Accept-Language": language,
          ...(address ? { "X-Forwarded-For": address } : {}),
        },
      });
      clients.push(client);
      if (signedInAs) await loginRequest(client, signedInAs);
      return client;
    });
    for (const client of clients) await client.dispose();
  },
});

const NAVET = { lat: 57.7208, lng: 12.934 };
let serial = 0;
const unique = (text: string) => `${text} ${Date.now().toString(36)}${++serial}`;
/** An address no other test uses (TEST-NET-2, one per call). */
const freshAddress = () => `198.51.${Math.floor(Math.random() * 200) + 1}.${++serial % 250}`;

type Workshop = { id: number; code: string };

async function createWorkshop(
  facilitator: APIRequestContext,
  fields: Record<string, string> = {},
): Promise<Workshop> {
  const response = await facilitator.post("/workshops", {
    form: { title: unique("Fientlig workshop"), dots: "3", publish: "on-close", ...fields },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  const id = Number(/\/workshops\/(\d+)$/.exec(response.headers().location ?? "")?.[1]);
  const code = /\/w\/([A-Z0-9]{4,12})\/screen/.exec(
    await (await facilitator.get(`/workshops/${id}`)).text(),
  )?.[1];
  expect(code).toBeTruthy();
  return { id, code: code! };
}

async function join(participant: APIRequestContext, code: string, name?: string) {
  const response = await participant.post(`/w/${code}`, {
    form: { intent: "join", ...(name ? { name } : {}) },
    maxRedirects: 0,
  });
  expect(response.status(), "joining redirects back").toBe(303);
}

function postIdea(participant: APIRequestContext, code: string, title: string) {
  return participant.post(`/w/${code}`, {
    form: {
      intent: "idea",
      title,
      body: "En idé från rummet, med tillräckligt mycket text.",
      lat: String(NAVET.lat),
      lng: String(NAVET.lng),
    },
    maxRedirects: 0,
  });
}

// ---------------------------------------------------------------------------------------------
// Event streams by hand: one open connection each, read as EventSource would.

type SseEvent = { id: string | null; event: string; data: string };
type Stream = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: () => string;
  events: () => SseEvent[];
  close: () => void;
};

function openStream(url: string, headers: Record<string, string> = {}): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { Accept: "text/event-stream", ...headers }, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("error", () => {});
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: () => text,
          events: () =>
            text
              .split("\n\n")
              .map((block) => {
                const field = (name: string) =>
                  block
                    .split("\n")
                    .find((l) => l.startsWith(`${name}: `))
                    ?.slice(name.length + 2) ?? null;
                return {
                  id: field("id"),
                  event: field("event") ?? "message",
                  data: field("data") ?? "",
                };
              })
              .filter((e) => e.data !== ""),
          close: () => req.destroy(),
        });
      },
    );
    req.on("error", reject);
  });
}

async function until(what: string, check: () => boolean, timeoutMs = 8000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function fullText(url: string, headers: Record<string, string> = {}) {
  const stream = await openStream(url, headers);
  await new Promise((r) => setTimeout(r, 300));
  stream.close();
  return stream;
}

const cookieHeader = async (client: APIRequestContext, baseURL: string) =>
  (await client.storageState()).cookies
    .filter((c) => baseURL.includes(c.domain))
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");

// ---------------------------------------------------------------------------------------------

test("an address that names 30 unknown codes gets 429 in its language on every code surface; a joined phone still gets in", async ({
  api,
  baseURL,
}) => {
  const facilitator = await api({ signedInAs: DEMO.facilitator });
  const workshop = await createWorkshop(facilitator);
  const address = freshAddress();
  const phone = await api({ address });
  await join(phone, workshop.code, "Kim");

  const guesser = await api({ address, language: "en" });
  const misses = ["/w/ZZZZZ2", "/w/ZZZZZ3/screen", "/w?code=ZZZZZ4", "/w/%3Cscript%3E"];
  for (let i = 0; i < 30; i++) {
    const response = await guesser.get(misses[i % misses.length], { maxRedirects: 0 });
    expect(response.status(), `miss ${i + 1}`).toBe(404);
  }

  for (const [what, response] of [
    ["the phone page", await guesser.get(`/w/${workshop.code}`)],
    ["the screen", await guesser.get(`/w/${workshop.code}/screen`)],
    ["the code form", await guesser.get(`/w?code=${workshop.code}`, { maxRedirects: 0 })],
    [
      "joining",
      await guesser.post(`/w/${workshop.code}`, { form: { intent: "join" }, maxRedirects: 0 }),
    ],
  ] as const) {
    expect(response.status(), `${what}: a real code answers 429 too, or guessing would go on`).toBe(
      429,
    );
    expect(
      Number(response.headers()["retry-after"]),
      `${what} says when to try again`,
    ).toBeGreaterThan(0);
    expect(await response.text()).toContain("Too many wrong workshop codes");
  }
  // Another unknown code past the limit: the short text, answered before any page is rendered.
  const guessed = await guesser.get("/w/ZZZZZ5");
  expect(guessed.status()).toBe(429);
  expect(guessed.headers()["content-type"]).toContain("text/plain");
  expect(Number(guessed.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await guessed.text()).toContain("Too many wrong workshop codes");

  const events = await fullText(`${baseURL}/api/workshops/${workshop.code}/events`, {
    "X-Forwarded-For": address,
    "Accept-Language": "en",
  });
  expect(events.status).toBe(429);
  expect(Number(events.headers["retry-after"])).toBeGreaterThan(0);
  expect(events.body()).toContain("Too many wrong workshop codes");

  const swedish = await api({ address });
  const inSwedish = await swedish.get(`/w/${workshop.code}`);
  expect(inSwedish.status()).toBe(429);
  expect(await inSwedish.text()).toContain("För många felaktiga workshopkoder");

  // Someone who already joined from the same venue address is not locked out.
  expect((await phone.get(`/w/${workshop.code}`)).status()).toBe(200);
  const phoneStream = await openStream(`${baseURL}/api/workshops/${workshop.code}/events`, {
    "X-Forwarded-For": address,
    Cookie: await cookieHeader(phone, baseURL!),
  });
  expect(phoneStream.status).toBe(200);
  phoneStream.close();
  // Nor is the facilitator, nor another address.
  const facilitatorThere = await api({ signedInAs: DEMO.facilitator, address });
  expect((await facilitatorThere.get(`/w/${workshop.code}/screen`)).status()).toBe(200);
  expect((await (await api({ address: freshAddress() })).get(`/w/${workshop.code}`)).status()).toBe(
    200,
  );
});

test("GET /w is a form for the code, and /w?code= leads to the workshop", async ({ api }) => {
  const facilitator = await api({ signedInAs: DEMO.facilitator });
  const workshop = await createWorkshop(facilitator);
  const visitor = await api({ address: freshAddress() });
  const form = await visitor.get("/w");
  expect(form.status()).toBe(200);
  expect(await form.text()).toContain("Gå med i en workshop");
  const found = await visitor.get(`/w?code=${workshop.code.toLowerCase()}`, { maxRedirects: 0 });
  expect(found.status()).toBe(302);
  expect(found.headers().location).toBe(`/w/${workshop.code}`);
  expect((await visitor.get("/w?code=ZZZZZ9", { maxRedirects: 0 })).status()).toBe(404);
});

test("one client cannot hold a workshop's event streams; a room behind one address can; the facilitator's projector always gets in", async ({
  api,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const facilitator = await api({ signedInAs: DEMO.facilitator });
  const workshop = await createWorkshop(facilitator);
  const url = `${baseURL}/api/workshops/${workshop.code}/events`;
  const open: Stream[] = [];
  try {
    // One address without a participant cookie: a handful of screens, not hundreds.
    const greedy = freshAddress();
    let refused: Stream | null = null;
    for (let i = 0; i < 30 && !refused; i++) {
      const stream = await openStream(url, { "X-Forwarded-For": greedy, "Accept-Language": "en" });
      if (stream.status === 200) open.push(stream);
      else refused = stream;
    }
    expect(refused?.status, "a script opening streams from one address is stopped early").toBe(429);
    expect(open.length).toBeLessThanOrEqual(10);
    expect(refused!.headers["retry-after"]).toBeTruthy();
    await until("the refusal's text", () => refused!.body().includes("too many open connections"));

    // A venue: 200 phones behind one NAT address, each with its own participant cookie.
    const venue = freshAddress();
    for (let i = 0; i < 200; i++) {
      const phone = await api({ address: venue });
      await join(phone, workshop.code);
      const stream = await openStream(url, {
        "X-Forwarded-For": venue,
        Cookie: await cookieHeader(phone, baseURL!),
      });
      expect(stream.status, `phone ${i + 1} of the room`).toBe(200);
      open.push(stream);
      await phone.dispose();
    }

    // Fill the rest of the workshop from many addresses, ten each.
    let other = 0;
    let extra = freshAddress();
    for (;;) {
      if (other % 10 === 0) extra = freshAddress();
      const stream = await openStream(url, { "X-Forwarded-For": extra });
      other += 1;
      if (stream.status !== 200) {
        expect(stream.status, "the workshop is full").toBe(503);
        stream.close();
        break;
      }
      open.push(stream);
      expect(other).toBeLessThan(700);
    }

    const projector = await openStream(url, {
      "X-Forwarded-For": freshAddress(),
      Cookie: await cookieHeader(facilitator, baseURL!),
    });
    open.push(projector);
    expect(projector.status, "the facilitator's screen gets in when the workshop is full").toBe(
      200,
    );
    await until("the projector's state", () => projector.events().some((e) => e.event === "state"));
  } finally {
    for (const stream of open) stream.close();
  }
});

test("a replay from Last-Event-ID 0 brings back nothing hidden and no name after 'hide names'; hiding reaches live screens", async ({
  api,
  baseURL,
}) => {
  const facilitator = await api({ signedInAs: DEMO.facilitator });
  const workshop = await createWorkshop(facilitator);
  const url = `${baseURL}/api/workshops/${workshop.code}/events`;
  const author = await api({ address: freshAddress() });
  await join(author, workshop.code, "Hemlig Person");
  const secret = unique("Hemlig lapp");
  const reported = unique("Anmäld lapp");
  const kept = unique("Synlig lapp");
  for (const title of [secret, reported, kept])
    expect((await postIdea(author, workshop.code, title)).status()).toBe(303);

  const screen = await openStream(url);
  try {
    await until("the first state", () => screen.events().length > 0);
    const state = JSON.parse(screen.events()[0].data) as { ideas: { id: number; title: string }[] };
    const idOf = (title: string) => state.ideas.find((i) => i.title === title)!.id;

    // The facilitator takes a note off the wall: the screen redraws without it at once.
    expect(
      (
        await facilitator.post(`/workshops/${workshop.id}`, {
          form: { intent: "hide", ideaId: String(idOf(secret)) },
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(303);
    await until("a state without the hidden note", () => screen.events().length > 1);
    expect(screen.events().at(-1)!.event).toBe("state");
    expect(screen.events().at(-1)!.data).not.toContain(secret);

    // A moderator hides another: the screen hears of it too (the hub notices within seconds).
    const moderator = await api({ signedInAs: DEMO.moderator });
    expect(
      (
        await moderator.post(`/moderation/ideas/${idOf(reported)}`, {
          form: { intent: "hide", reason: "Personuppgifter" },
          maxRedirects: 0,
        })
      ).status(),
    ).toBeLessThan(400);
    await until(
      "a state without the moderated note",
      () =>
        screen.events().at(-1)!.event === "state" &&
        !screen.events().at(-1)!.data.includes(reported),
    );

    for (const replay of [
      await fullText(url, { "Last-Event-ID": "0" }),
      await fullText(`${url}?lastEventId=0`),
    ]) {
      expect(replay.status).toBe(200);
      expect(replay.body()).toContain(kept);
      expect(replay.body()).not.toContain(secret);
      expect(replay.body()).not.toContain(reported);
    }

    expect(
      (
        await facilitator.post(`/workshops/${workshop.id}`, {
          form: { intent: "hide-names" },
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(303);
    for (const lastEventId of ["0", screen.events()[0].id!]) {
      const replay = await fullText(url, { "Last-Event-ID": lastEventId });
      expect(replay.body(), `replay from ${lastEventId}`).toContain(kept);
      expect(replay.body(), `replay from ${lastEventId}`).not.toContain("Hemlig Person");
    }
  } finally {
    screen.close();
  }
});

test("a blocked account's participant cookie can neither post nor rejoin; joining again gives no fresh dots", async ({
  api,
  baseURL,
}) => {
  const facilitator = await api({ signedInAs: DEMO.facilitator });
  const workshop = await createWorkshop(facilitator);
  const resident = await api({ address: freshAddress() });
  const email = await joinRequest(resident);
  await join(resident, workshop.code);
  expect((await postIdea(resident, workshop.code, unique("Före spärren"))).status()).toBe(303);

  const admin = await api();
  await loginRequest(admin, createAccount({ role: "admin", name: "Test admin" }), JOIN_PASSWORD);
  const list = await (await admin.get(`/admin?q=${encodeURIComponent(email)}`)).text();
  const userId = /value="block"\/?><input type="hidden" name="userId" value="(\d+)"/.exec(
    list,
  )?.[1];
  expect(userId, "the admin page lists the resident").toBeTruthy();
  expect(
    (
      await admin.post("/admin", { form: { intent: "block", userId: userId! }, maxRedirects: 0 })
    ).status(),
  ).toBeLessThan(400);

  const afterBlock = await postIdea(resident, workshop.code, unique("Efter spärren"));
  expect(afterBlock.status()).toBe(403);
  expect(await afterBlock.text()).toContain("Ditt konto är spärrat");
  expect(
    (
      await resident.post(`/w/${workshop.code}`, { form: { intent: "join" }, maxRedirects: 0 })
    ).status(),
  ).toBe(403);
  expect((await resident.get(`/w/${workshop.code}`)).status()).toBe(200);

  // An anonymous phone uses its three dots, joins again from the same browser: still none left.
  const phone = await api({ address: freshAddress() });
  await join(phone, workshop.code, "Ali");
  const title = unique("Prickad lapp");
  expect((await postIdea(phone, workshop.code, title)).status()).toBe(303);
  const state = (await fullText(`${baseURL}/api/workshops/${workshop.code}/events`)).events()[0];
  const id = String(
    (JSON.parse(state.data) as { ideas: { id: number; title: string }[] }).ideas.find(
      (i) => i.title === title,
    )?.id,
  );
  expect(id).toMatch(/^\d+$/);
  for (let i = 0; i < 3; i++)
    expect(
      (
        await phone.post(`/w/${workshop.code}`, {
          form: { intent: "dot", ideaId: id! },
          maxRedirects: 0,
        })
      ).status(),
    ).toBe(303);
  await join(phone, workshop.code, "Ali igen");
  expect(
    (
      await phone.post(`/w/${workshop.code}`, {
        form: { intent: "dot", ideaId: id! },
        maxRedirects: 0,
      })
    ).status(),
  ).toBe(409);
});

test("with pre-moderation on, a workshop idea waits: the phone says so, the screen shows it only once a moderator approves", async ({
  api,
  baseURL,
}) => {
  const admin = await api();
  await loginRequest(admin, createAccount({ role: "admin", name: "Test admin" }), JOIN_PASSWORD);
  expect(
    (
      await admin.post("/admin", {
        form: { intent: "settings", autoHideReports: "3", premoderation: "on" },
        maxRedirects: 0,
      })
    ).status(),
  ).toBeLessThan(400);
  try {
    const facilitator = await api({ signedInAs: DEMO.facilitator });
    const workshop = await createWorkshop(facilitator, { publish: "immediately" });
    const phone = await api({ address: freshAddress() });
    await join(phone, workshop.code);
    const title = unique("Granskas först");
    const posted = await postIdea(phone, workshop.code, title);
    expect(posted.status()).toBe(303);
    expect(posted.headers().location).toContain("notice=pending");
    const page = await (await phone.get(`/w/${workshop.code}`)).text();
    expect(page).toContain("Dina idéer som väntar på granskning");
    expect(page).toContain(title);

    const url = `${baseURL}/api/workshops/${workshop.code}/events`;
    const screen = await openStream(url);
    try {
      await until("the first state", () => screen.events().length > 0);
      expect(screen.body()).not.toContain(title);
      expect((await fullText(url, { "Last-Event-ID": "0" })).body()).not.toContain(title);

      const moderator = await api({ signedInAs: DEMO.moderator });
      const queue = await (await moderator.get("/moderation")).text();
      const at = queue.indexOf(title);
      expect(at, "the idea is in the moderation queue").toBeGreaterThan(0);
      const id = [...queue.slice(0, at).matchAll(/id="q-idea-(\d+)"/g)].at(-1)?.[1];
      expect(
        (
          await moderator.post(`/moderation/ideas/${id}`, {
            form: { intent: "approve" },
            maxRedirects: 0,
          })
        ).status(),
      ).toBeLessThan(400);
      await until("the approved idea on the screen", () => screen.body().includes(title));
    } finally {
      screen.close();
    }
  } finally {
    expect(
      (
        await admin.post("/admin", {
          form: { intent: "settings", autoHideReports: "3" },
          maxRedirects: 0,
        })
      ).status(),
    ).toBeLessThan(400);
  }
});

test("after account deletion the participant's name leaves the live screen, the replay and the facilitator's pages", async ({
  api,
  baseURL,
}) => {
  const facilitator = await api({ signedInAs: DEMO.facilitator });
  const workshop = await createWorkshop(facilitator);
  const resident = await api({ address: freshAddress() });
  await joinRequest(resident);
  const name = unique("Greta Raderas");
  await join(resident, workshop.code, name);
  const title = unique("Lapp av någon som går");
  expect((await postIdea(resident, workshop.code, title)).status()).toBe(303);

  const url = `${baseURL}/api/workshops/${workshop.code}/events`;
  const screen = await openStream(url);
  try {
    await until("the name on the screen", () => screen.body().includes(name));
    expect(
      (await resident.post("/me/delete", { form: { confirm: "yes" }, maxRedirects: 0 })).status(),
    ).toBeLessThan(400);
    await until("a state without the name", () => {
      const last = screen.events().at(-1)!;
      return last.event === "state" && last.data.includes(title) && !last.data.includes(name);
    });
    for (const lastEventId of ["0", screen.events()[0].id!]) {
      const replay = (await fullText(url, { "Last-Event-ID": lastEventId })).body();
      expect(replay, `replay from ${lastEventId}`).toContain(title);
      expect(replay, `replay from ${lastEventId}`).not.toContain(name);
    }
    expect(await (await facilitator.get(`/workshops/${workshop.id}`)).text()).not.toContain(name);
    expect(
      await (await facilitator.get(`/workshops/${workshop.id}/results.csv`)).text(),
    ).not.toContain(name);
  } finally {
    screen.close();
  }
});
