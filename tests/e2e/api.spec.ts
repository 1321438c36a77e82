// The machine-readable endpoints, through the real server.
import fs from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { joinRequest } from "./support/people";
import { postIdeaForm } from "./support/requests";
import { startBuiltServer } from "./support/server";

const CITY = "12.633,57.557,13.309,57.934";

test("/healthz answers ok", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.text()).toBe("ok");
});

test("/healthz?verbose tells how late the event loop runs, and neither is cached", async ({
  request,
}) => {
  const response = await request.get("/healthz?verbose");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const body = (await response.json()) as {
    status: string;
    eventLoopDelayMs: { p50: number; p99: number; max: number };
  };
  expect(body.status).toBe("ok");
  expect(body.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(body.eventLoopDelayMs.p50);
  expect(body.eventLoopDelayMs.max).toBeGreaterThanOrEqual(body.eventLoopDelayMs.p99);
  expect(body.eventLoopDelayMs.p50).toBeGreaterThan(0);
});

test("similar-idea look-ups run in a worker thread of the compiled server, and still answer", async ({
  request,
}) => {
  const look = await request.get("/api/ideas/similar?text=cykelv%C3%A4g%20till%20Sj%C3%B6bo", {
    headers: { "X-Forwarded-For": "10.77.0.1" },
  });
  expect(look.status()).toBe(200);
  const { ideas } = (await look.json()) as { ideas: { title: string }[] };
  expect(ideas.map((idea) => idea.title)).toContain(
    "Säker cykelväg hela vägen från Sjöbo till centrum",
  );
  const health = (await (await request.get("/healthz?verbose")).json()) as {
    similarIdeas: { thread: string; waiting: number };
  };
  expect(health.similarIdeas).toEqual({ thread: "worker", waiting: 0 });
});

test("photos are decoded in a child process of the compiled server that yields the CPU (nice 10)", async ({
  request,
}) => {
  const health = (await (await request.get("/healthz?verbose")).json()) as {
    photos: { process: string; pid: number | null; waiting: number };
  };
  expect(health.photos).toMatchObject({ process: "child", waiting: 0 });
  // The server runs on this machine: the child's niceness is the 19th field of /proc/PID/stat.
  const stat = fs.readFileSync(`/proc/${health.photos.pid}/stat`, "utf8");
  expect(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]).toBe("10");
});

test("/api/map answers GeoJSON whose counts add up to the ideas in the box", async ({
  request,
}) => {
  const response = await request.get(`/api/map?bbox=${CITY}&zoom=11`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.type).toBe("FeatureCollection");
  let total = 0;
  for (const f of body.features) {
    expect(f.geometry.type).toBe("Point");
    if (f.properties.cluster) total += f.properties.count;
    else {
      total += 1;
      expect(Object.keys(f.properties)).toEqual(
        expect.arrayContaining(["id", "title", "focusArea", "supports", "stage"]),
      );
    }
  }
  expect(total).toBeGreaterThanOrEqual(80);

  const street = await (await request.get(`/api/map?bbox=${CITY}&zoom=18`)).json();
  const streetTotal = street.features.reduce(
    (sum: number, f: { properties: { cluster?: boolean; count?: number } }) =>
      sum + (f.properties.cluster ? f.properties.count! : 1),
    0,
  );
  expect(streetTotal).toBe(total);
});

test("/api/map filters by focus area", async ({ request }) => {
  const body = await (await request.get(`/api/map?bbox=${CITY}&zoom=18&focus=construction`)).json();
  expect(body.features.length).toBeGreaterThan(0);
  for (const f of body.features) expect(f.properties.focusArea).toBe("construction");
});

test("/api/map refuses a malformed request with a JSON error naming the parameter", async ({
  request,
}) => {
  const cases: [string, string][] = [
    ["zoom=11", "bbox"],
    [`bbox=1,2,3&zoom=11`, "bbox"],
    [`bbox=a,b,c,d&zoom=11`, "bbox"],
    [`bbox=13,57,12,58&zoom=11`, "bbox"],
    [`bbox=${CITY}`, "zoom"],
    [`bbox=${CITY}&zoom=abc`, "zoom"],
    [`bbox=${CITY}&zoom=99`, "zoom"],
    [`bbox=${CITY}&zoom=11&focus=cars`, "focus"],
    [`bbox=${CITY}&zoom=11&stage=maybe`, "stage"],
    [`bbox=${CITY}&zoom=11&q=${"x".repeat(300)}`, "q"],
    // The list that a pan asks for with the map's answer (list=1).
    [`bbox=${CITY}&zoom=11&list=yes`, "list"],
    [`bbox=${CITY}&zoom=11&list=1&sort=random`, "sort"],
    [`bbox=${CITY}&zoom=11&list=1&page=0`, "page"],
    [`bbox=${CITY}&zoom=11&list=1&lang=de`, "lang"],
  ];
  for (const [query, parameter] of cases) {
    const response = await request.get(`/api/map?${query}`);
    expect(response.status(), query).toBe(400);
    expect((await response.json()).parameter, query).toBe(parameter);
  }
});

test("a state-changing request from another site is refused", async ({ request }) => {
  const response = await request.post("/", {
    headers: { Origin: "https://evil.example" },
    form: { a: "b" },
  });
  expect(response.status()).toBe(403);
});

test("odd URLs never produce a server error", async ({ request }) => {
  for (const path of [
    "/?focus=nonsense",
    "/?page=-5",
    "/?page=abc",
    "/?q=%E0%A4%A",
    "/?sort=<script>",
    "/ideas/99999999999999999999",
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBeLessThan(500);
  }
});

test("a ?_data request (Remix v1's data protocol) gets a short 400 before Remix, and no error is logged", async ({
  playwright,
}) => {
  // A server of its own: its log is what this test reads.
  const server = await startBuiltServer({ env: { SEED_DEMO: "0", MAP_TILE_URL: "off" } });
  const request = await playwright.request.newContext({ baseURL: server.baseURL });
  try {
    const legacy = [
      "/?_data=root",
      "/?_data=routes%2F_index&lang=en",
      "/privacy?_data",
      "/ideas/1?_data=routes%2Fideas.%24id",
      "/?%5Fdata=root", // Remix decodes the name before it looks
      `/api/map?bbox=${CITY}&zoom=11&_data=root`,
    ];
    for (const path of legacy) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(400);
      const headers = response.headers();
      expect(headers["content-type"], path).toMatch(/^text\/plain/);
      expect(headers["x-content-type-options"], path).toBe("nosniff");
      expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(headers["x-request-id"], path).toMatch(/\S/);
      expect(await response.text(), path).toMatch(
        path.includes("lang=en") ? /^The page was asked for in an old way/ : /^Sidan efterfrågades/,
      );
    }
    const posted = await request.post("/ideas/1?_data=routes%2Fideas.%24id", {
      form: { intent: "vote" },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(400);

    // Everything else is answered as before: pages, their single-fetch data, a search for "_data".
    for (const path of ["/", "/privacy", "/?q=_data", "/privacy.data", "/healthz"]) {
      expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
    }
    expect(await (await request.get("/privacy")).text()).toContain("<html");
  } finally {
    await request.dispose();
    await server.stop(); // flushes the log
  }
  expect(server.output()).not.toContain("should not be making ?_data requests");
  expect(server.output()).not.toMatch(/"level":(50|60)/);
});

/** The idea's support count as its page shows it. */
async function supportsShown(request: APIRequestContext, id: number) {
  const page = await (await request.get(`/ideas/${id}`)).text();
  return Number(/class="support-count"[^>]*>(\d+) stöd</.exec(page)?.[1]);
}

test("the support form answers alike through the server's form door and through the action", async ({
  playwright,
  baseURL,
}) => {
  const author = await playwright.request.newContext({ baseURL });
  await joinRequest(author);
  const id = await postIdeaForm(author, {
    title: `Fler laddplatser vid Knalleland ${Date.now().toString(36)}`,
    body: "Snabbladdare för elbilar på parkeringen vid Knalleland.",
    focusArea: "mobility",
    lat: "57.7362",
    lng: "12.9375",
  });
  const resident = await playwright.request.newContext({ baseURL });
  await joinRequest(resident);
  const before = await supportsShown(resident, id);
  // The button's plain form (the door), twice: one support, the same answer each time.
  for (let i = 0; i < 2; i++) {
    const vote = await resident.post(`/ideas/${id}`, { form: { intent: "vote" }, maxRedirects: 0 });
    expect(vote.status()).toBe(303);
    expect(vote.headers().location).toBe(`/ideas/${id}#support`);
  }
  expect(await supportsShown(resident, id)).toBe(before + 1);
  // With another field the action answers it: the same 303, and the same one support.
  const viaAction = await resident.post(`/ideas/${id}`, {
    form: { intent: "vote", extra: "1" },
    maxRedirects: 0,
  });
  expect(viaAction.status()).toBe(303);
  expect(viaAction.headers().location).toBe(`/ideas/${id}#support`);
  expect(await supportsShown(resident, id)).toBe(before + 1);
  const unvote = await resident.post(`/ideas/${id}`, {
    form: { intent: "unvote" },
    maxRedirects: 0,
  });
  expect(unvote.status()).toBe(303);
  expect(await supportsShown(resident, id)).toBe(before);
  // The map's count follows at once (the map index is refreshed by the same service).
  const map = await resident.get(`/api/map?bbox=12.93,57.73,12.95,57.74&zoom=18`);
  const feature = (
    (await map.json()) as { features: { properties: { id?: number; supports?: number } }[] }
  ).features.find((f) => f.properties.id === id);
  expect(feature?.properties.supports).toBe(before);
  // No session: not answered by the door, the action sends the person to sign in.
  const anonymous = await playwright.request.newContext({ baseURL });
  const signedOut = await anonymous.post(`/ideas/${id}`, {
    form: { intent: "vote" },
    maxRedirects: 0,
  });
  expect(signedOut.status()).toBe(302);
  expect(signedOut.headers().location).toMatch(/^\/login\?redirectTo=/);
  await Promise.all([author.dispose(), resident.dispose(), anonymous.dispose()]);
});
