// Helpers for tests that talk to the app through Playwright's API contexts (no browser): residents
// joined once and signed in afresh, posting an idea, reading what a page shows (and the loader data
// behind it), and statuses.
import {
  expect,
  type APIRequestContext,
  type APIResponse,
  type PlaywrightWorkerArgs,
} from "@playwright/test";
import { decode } from "turbo-stream";
import { JOIN_PASSWORD, joinRequest, loginRequest } from "./people";

export type Playwright = PlaywrightWorkerArgs["playwright"];

/**
 * Residents joined on first use (once per worker: joins are rate-limited per address, and every
 * test comes from 127.0.0.1), each signed in afresh — a new session — whenever a test asks.
 */
export function residentPool<Key extends string>() {
  const joined = new Map<Key, Promise<string>>();
  const email = (playwright: Playwright, baseURL: string, key: Key): Promise<string> => {
    if (!joined.has(key)) {
      joined.set(
        key,
        (async () => {
          const context = await playwright.request.newContext({ baseURL });
          try {
            return await joinRequest(context);
          } finally {
            await context.dispose();
          }
        })(),
      );
    }
    return joined.get(key)!;
  };
  /** An API context signed in as the resident `key`. */
  const signedIn = async (
    playwright: Playwright,
    baseURL: string,
    key: Key,
  ): Promise<APIRequestContext> => {
    const address = await email(playwright, baseURL, key);
    const context = await playwright.request.newContext({ baseURL });
    await loginRequest(context, address, JOIN_PASSWORD);
    return context;
  };
  return { email, signedIn };
}

/** Posts the idea form (title, body, focusArea, lat, lng, …); returns the new idea's id. */
export async function postIdeaForm(
  request: APIRequestContext,
  form: Record<string, string>,
): Promise<number> {
  const response = await request.post("/ideas/new", { form, maxRedirects: 0 });
  expect(response.status(), "a valid idea is accepted").toBe(303);
  const match = /^\/ideas\/(\d+)\?notice=posted$/.exec(response.headers().location ?? "");
  expect(match, response.headers().location).not.toBeNull();
  return Number(match![1]);
}

/** The number in the idea page's "N stöd". */
export async function supportCount(request: APIRequestContext, id: number): Promise<number> {
  const response = await request.get(`/ideas/${id}`, { maxRedirects: 0 });
  expect(response.status(), `idea ${id} is visible`).toBe(200);
  const match = /class="support-count"[^>]*>([\d\s\u00a0]+) stöd/.exec(await response.text());
  expect(match, "the idea page shows its supports").not.toBeNull();
  return Number(match![1].replace(/\D/g, ""));
}

export async function expectStatus(response: APIResponse, status: number, label: string) {
  expect(response.status(), `${label}: ${(await response.text()).slice(0, 300)}`).toBe(status);
}

/** A page's text without scripts (every page carries its translations in a script) or tags. */
export function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/**
 * A route's loader data as the app's own script fetches it on a navigation: the single-fetch answer
 * (`/path.data`, turbo-stream) decoded the way the browser decodes it. `wire` is the answer as sent,
 * for checking that a text appears nowhere in it.
 */
export async function singleFetchData<Data>(
  request: APIRequestContext,
  path: string,
  routeId: string,
): Promise<{ data: Data; wire: string }> {
  const [pathname, search] = path.split("?");
  const url = `${pathname === "/" ? "/_root" : pathname}.data${search ? `?${search}` : ""}`;
  const response = await request.get(url, { maxRedirects: 0 });
  expect(response.status(), url).toBe(200);
  const body = await response.body();
  const decoded = await decode(new Blob([new Uint8Array(body)]).stream());
  await decoded.done; // deferred values arrive after the first chunk
  const routes = decoded.value as Record<string, { data?: unknown }>;
  expect(routes[routeId], `${routeId}'s data in ${url}`).toHaveProperty("data");
  return { data: routes[routeId].data as Data, wire: body.toString("utf8") };
}
