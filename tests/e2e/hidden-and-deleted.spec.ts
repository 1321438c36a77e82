// Nothing hidden comes back: a hidden idea's photo stops being public, a hidden idea cannot be
// merged (its title would show on the other idea), an undo after a chain of merges is refused
// rather than half done, and a deleted account's name and id leave the idea page and its data.
//
// Rate limits are in memory per server and every request comes from 127.0.0.1: this file joins
// two residents and otherwise uses the demo accounts.
import { expect, test, type APIRequestContext } from "@playwright/test";
import sharp from "sharp";
import { DEMO, JOIN_PASSWORD, loginRequest, uniqueEmail, residentAddress } from "./support/people";
import {
  expectStatus,
  postIdeaForm,
  singleFetchData,
  supportCount,
  visibleText,
  type Playwright,
} from "./support/requests";

const TORGET = { lat: 57.7212, lng: 12.9402 };
let serial = 0;
function tag() {
  serial += 1;
  return `${Date.now().toString(36)}q${serial}`;
}

async function demo(
  playwright: Playwright,
  baseURL: string,
  email: string,
): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL });
  await loginRequest(context, email);
  return context;
}

/** Joins a new resident with this name; the context keeps the session. */
async function join(
  playwright: Playwright,
  baseURL: string,
  name: string,
): Promise<APIRequestContext> {
  const context = await playwright.request.newContext({ baseURL });
  const response = await context.post("/join", {
    form: { name, email: uniqueEmail("hidden"), password: JOIN_PASSWORD },
    headers: { "X-Forwarded-For": residentAddress() },
    maxRedirects: 0,
  });
  expect(response.status(), "joined").toBe(302);
  return context;
}

function ideaForm(t: string, n = 0): Record<string, string> {
  return {
    title: `Pergola nummer ${n} vid Kvarnbacken ${t}`,
    body: `Skugga och sittplatser vid Kvarnbacken, förslag ${t} nummer ${n}, med klätterväxter.`,
    focusArea: "construction",
    lat: String(TORGET.lat + 0.0003 * n),
    lng: String(TORGET.lng - 0.0003 * n),
  };
}

type IdeaData = {
  idea: { authorName: string | null };
  comments: { authorId: number | null; authorName: string | null; body: string }[];
  viewer: { id: number } | null;
};

/** The idea page's loader data, from the single-fetch answer the page's own script fetches. */
const ideaData = (request: APIRequestContext, id: number) =>
  singleFetchData<IdeaData>(request, `/ideas/${id}`, "routes/ideas.$id");

/** Every value under a key that names an author (authorId, verifiedAuthors, …), anywhere in `data`. */
function authorValues(data: unknown, underAuthorKey = false): unknown[] {
  if (Array.isArray(data)) return data.flatMap((item) => authorValues(item, underAuthorKey));
  if (data === null || typeof data !== "object") return underAuthorKey ? [data] : [];
  return Object.entries(data).flatMap(([key, value]) => authorValues(value, /author/i.test(key)));
}

test.describe("a deleted account", () => {
  test("leaves neither name nor author id in the idea page or its loader data", async ({
    playwright,
    baseURL,
  }) => {
    const t = tag();
    const name = `Ylva Raderasson ${t}`;
    const person = await join(playwright, baseURL!, name);
    const id = await postIdeaForm(person, ideaForm(t));
    const comment = await person.post(`/ideas/${id}`, {
      form: { intent: "comment", body: `Jag skrev det här ${t}.` },
      maxRedirects: 0,
    });
    expect(comment.status()).toBe(303);

    const before = await ideaData(person, id);
    const userId = before.data.viewer!.id;
    expect(before.data.comments.map((c) => c.authorId)).toContain(userId);
    expect(authorValues(before.data), "the author's id is found where it is").toContain(userId);
    expect(before.wire).toContain(name);

    const deleted = await person.post("/me/delete", { form: { confirm: "yes" }, maxRedirects: 0 });
    expect([302, 303]).toContain(deleted.status());
    await person.dispose();

    const visitor = await playwright.request.newContext({ baseURL });
    const html = await (await visitor.get(`/ideas/${id}`)).text();
    expect(html).toContain(`Jag skrev det här ${t}.`);
    expect(html).not.toContain(name);
    const after = await ideaData(visitor, id);
    expect(after.data.comments.map((c) => c.body)).toContain(`Jag skrev det här ${t}.`);
    expect(after.data.comments.map((c) => c.authorId)).not.toContain(userId);
    expect(authorValues(after.data)).not.toContain(userId);
    expect(after.wire).not.toContain(name);
    expect(after.data.idea.authorName).toBeNull();
    await visitor.dispose();
  });
});

test.describe("what a moderator hid", () => {
  test("a hidden idea's photo answers 404 to everyone but moderators, and is never cached as immutable", async ({
    playwright,
    baseURL,
  }) => {
    const t = tag();
    const person = await join(playwright, baseURL!, `Foto Fotosson ${t}`);
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 60, b: 40 } },
    })
      .jpeg()
      .toBuffer();
    const posted = await person.post("/ideas/new", {
      multipart: {
        ...ideaForm(t, 1),
        photo: { name: "pergola.jpg", mimeType: "image/jpeg", buffer: photo },
      },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(303);
    const id = Number(/^\/ideas\/(\d+)/.exec(posted.headers().location ?? "")?.[1]);
    const page = await (await person.get(`/ideas/${id}`)).text();
    const src = /\/photos\/[a-f0-9]{32}\.webp/.exec(page)?.[0];
    expect(src, "the idea page shows its photo").toBeDefined();
    await person.dispose();

    const visitor = await playwright.request.newContext({ baseURL });
    const shown = await visitor.get(src!);
    expect(shown.status()).toBe(200);
    expect(shown.headers()["content-type"]).toBe("image/webp");
    expect(shown.headers()["cache-control"]).not.toContain("immutable");
    expect(shown.headers()["x-content-type-options"], "sent once").toBe("nosniff");

    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    const hide = await moderator.post(`/moderation/ideas/${id}`, {
      form: { intent: "hide", reason: "Ansikten syns i bilden." },
      maxRedirects: 0,
    });
    expect(hide.status()).toBe(303);
    expect((await visitor.get(src!)).status(), "hidden idea, hidden photo").toBe(404);
    expect((await moderator.get(src!)).status(), "moderators still see it").toBe(200);

    // A hidden idea cannot be merged into another: its title would show there.
    const other = await postIdeaForm(moderator, ideaForm(t, 2));
    const merge = await moderator.post(`/moderation/ideas/${id}`, {
      form: { intent: "merge", intoId: String(other) },
      maxRedirects: 0,
    });
    await expectStatus(merge, 409, "merging a hidden idea");
    expect(visibleText(await merge.text())).toContain(
      "Idén som skulle slås ihop är dold eller väntar på granskning.",
    );
    expect(await (await visitor.get(`/ideas/${other}`)).text()).not.toContain(ideaForm(t, 1).title);
    expect((await visitor.get(`/ideas/${id}`, { maxRedirects: 0 })).status()).toBe(404);
    await moderator.dispose();
    await visitor.dispose();
  });

  test("undoing a merge whose target was merged on is refused; undone in reverse order, every idea has its supports back", async ({
    playwright,
    baseURL,
  }) => {
    const t = tag();
    const moderator = await demo(playwright, baseURL!, DEMO.moderator);
    const resident = await demo(playwright, baseURL!, DEMO.resident);
    // Written by a third person: nobody may support their own idea.
    const author = await demo(playwright, baseURL!, DEMO.facilitator);
    const [i24, i25, i26] = [
      await postIdeaForm(author, ideaForm(t, 3)),
      await postIdeaForm(author, ideaForm(t, 4)),
      await postIdeaForm(author, ideaForm(t, 5)),
    ];
    await author.dispose();
    for (const [who, id] of [
      [resident, i24],
      [moderator, i24],
      [resident, i25],
    ] as const) {
      expect(
        (await who.post(`/ideas/${id}`, { form: { intent: "vote" }, maxRedirects: 0 })).status(),
      ).toBe(303);
    }
    const visitor = await playwright.request.newContext({ baseURL });
    const before = [
      await supportCount(visitor, i24),
      await supportCount(visitor, i25),
      await supportCount(visitor, i26),
    ];
    expect(before[0]).toBeGreaterThan(0);

    const merge = (from: number, into: number) =>
      moderator.post(`/moderation/ideas/${from}`, {
        form: { intent: "merge", intoId: String(into) },
        maxRedirects: 0,
      });
    expect((await merge(i24, i25)).status()).toBe(303);
    expect((await merge(i25, i26)).status()).toBe(303);
    const audit = await (await moderator.get("/moderation/audit")).text();
    const mergeId = (from: number, into: number) =>
      new RegExp(`Idé ${from} in i idé ${into}[\\s\\S]*?name="mergeId" value="(\\d+)"`).exec(
        audit,
      )?.[1];
    const first = mergeId(i24, i25);
    const second = mergeId(i25, i26);
    expect(first && second, "both merges are in the log").toBeTruthy();
    const undo = (id: string) =>
      moderator.post("/moderation/audit", {
        form: { intent: "undo-merge", mergeId: id },
        maxRedirects: 0,
      });

    const refused = await undo(first!);
    await expectStatus(refused, 409, "undoing the first of a chain");
    expect(visibleText(await refused.text())).toContain("Ångra den senare sammanslagningen först.");
    expect(
      (await visitor.get(`/ideas/${i24}`, { maxRedirects: 0 })).status(),
      "still merged away",
    ).toBe(301);

    expect((await undo(second!)).status()).toBe(303);
    expect((await undo(first!)).status()).toBe(303);
    expect([
      await supportCount(visitor, i24),
      await supportCount(visitor, i25),
      await supportCount(visitor, i26),
    ]).toEqual(before);
    await Promise.all([moderator.dispose(), resident.dispose(), visitor.dispose()]);
  });
});
