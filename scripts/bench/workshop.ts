// Live workshops (issue 6): how fast a participant's idea reaches the projector screens, and
// whether the server's memory stays flat while screens come and go. Only HTTP, as the room would
// use it: the screens are node:http requests reading text/event-stream, the phones are cookie jars
// posting the participant's form, the facilitator signs in and uses the console.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { signIn } from "./freshness";
import { startApp, type RunningServer } from "./servers";
import {
  int,
  makeTempDir,
  median,
  ms,
  percentile,
  removeTempDir,
  sleep,
  slope,
  seedSyntheticIdeas,
  createAccount,
} from "./util";

export const FACILITATOR_ACCOUNT = {
  email: "bench-facilitator@example.se",
  password: "bench-password-123",
  name: "Bench",
  role: "facilitator",
} as const;

/** The goals of issue 6. */
export const WORKSHOP_GOALS = {
  fanoutP95Ms: 300,
  slopeMbPerMinute: 2,
  endWithinShare: 0.15,
} as const;

export type FanoutResult = {
  screens: number;
  participants: number;
  spreadSeconds: number;
  /** POSTs sent / answered 303 (and not held back) */
  sent: number;
  posted: number;
  postErrors: string[];
  /** spawn of the 200 requests → every screen had its first bytes */
  connectMs: number;
  /** per idea: POST sent → the idea on 95% of the screens (Infinity: never) */
  to95Ms: number[];
  /** per idea: POST sent → the idea on every screen (Infinity: never) */
  toAllMs: number[];
  /** per idea: the POST itself, until its 303 was read */
  postMs: number[];
  /** screens that missed at least one idea; (screen, idea) pairs missing */
  screensMissing: number;
  deliveriesMissing: number;
  /** streams that ended or failed while the bench still read them */
  droppedByServer: number;
  /** "N skärmar anslutna" on the console with every screen connected, and after they all closed */
  serverCountConnected: number | null;
  serverCountAfterClose: number | null;
  /** after closing, how long until the console showed 0 */
  countToZeroMs: number;
};

export type SoakResult = {
  minutes: number;
  warmupSeconds: number;
  screensTarget: number;
  churnPerSecond: number;
  /** from the end of the warm-up, every 10 s: the server's RSS, the screens its console counts and
   *  the screens the bench has open */
  samples: { minute: number; rssMb: number; serverScreens: number | null; benchScreens: number }[];
  /** the first and the last sample */
  startMb: number;
  endMb: number;
  /** medians of the samples in the first and in the last minute: one RSS sample swings ±20 MB with
   *  the garbage collector, so the end-against-start check compares these */
  firstMinuteMedianMb: number;
  lastMinuteMedianMb: number;
  maxMb: number;
  /** least-squares MB per minute over the second half of the samples */
  slopeMbPerMinute: number;
  /** RSS a few seconds after every screen closed */
  afterCloseMb: number;
  opened: number;
  closedByBench: number;
  /** streams the server ended (or that failed) while the bench read them */
  droppedByServer: number;
  /** stream requests answered with something else than a 200 event stream (e.g. 503 at the cap) */
  rejected: number;
  rejectedStatuses: Record<string, number>;
  /** connections opened with Last-Event-ID, how many were checked, and events they missed */
  resumed: number;
  resumedChecked: number;
  resumedMissing: number;
  ideasPosted: number;
  dotsPosted: number;
  postErrors: string[];
  ideaPostMs: number[];
  dotPostMs: number[];
  /** every POST (ideas and dots): minutes since the end of the warm-up (negative: during it), ms */
  posts: { minute: number; ms: number }[];
  /** POST sent → the idea on a screen that stayed connected the whole time */
  ideaToScreenMs: number[];
  eventsReceived: number;
  clientOpenAtEnd: number;
  serverCountAtEnd: number | null;
  serverCountAfterClose: number | null;
  countToZeroMs: number;
};

export type WorkshopBenchResult = {
  seedIdeas: number;
  startupMs: number;
  rssAfterStartMb: number;
  /** the machine's 1-minute load average at moments of the run (others' work on it shows here) */
  load: { at: string; avg1: number }[];
  fanout?: FanoutResult;
  soak?: SoakResult;
  failures: { part: string; message: string }[];
};

// ---------------------------------------------------------------------------------------------
// A screen: one text/event-stream read with node:http, parsed as EventSource would.

type SseEvent = { id: number | null; type: string; data: string; at: number };
type EndReason = "bench" | "server" | "error" | "rejected";

class Screen {
  tag = 0;
  ended: EndReason | null = null;
  httpStatus = 0;
  lastEventId: number | null;
  readonly resumedFrom: number | null;
  /** the ids of the events with data, in arrival order */
  readonly ids: number[] = [];
  readonly ready: Promise<boolean>;
  private readonly req: http.ClientRequest;
  private buffer = "";
  private gotBytes = false;
  private resolveReady: (ok: boolean) => void = () => {};

  constructor(
    url: string,
    agent: http.Agent,
    lastEventId: number | null,
    private readonly onEvent: (screen: Screen, event: SseEvent) => void,
    private readonly onEnd: (screen: Screen) => void,
  ) {
    this.lastEventId = lastEventId;
    this.resumedFrom = lastEventId;
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    const headers: Record<string, string> = {
      Accept: "text/event-stream",
      "Cache-Control": "no-cache",
      // as a browser sends it: the server must not compress (and so buffer) the stream
      "Accept-Encoding": "gzip, deflate, br",
    };
    if (lastEventId !== null) headers["Last-Event-ID"] = String(lastEventId);
    this.req = http.get(url, { agent, headers }, (res) => {
      this.httpStatus = res.statusCode ?? 0;
      const type = String(res.headers["content-type"] ?? "");
      const encoding = String(res.headers["content-encoding"] ?? "identity");
      if (
        this.httpStatus !== 200 ||
        !type.startsWith("text/event-stream") ||
        encoding !== "identity"
      ) {
        const retryAfter = Number(res.headers["retry-after"]);
        if (Number.isFinite(retryAfter)) this.retryAfterMs = retryAfter * 1000;
        res.resume();
        this.finish("rejected");
        return;
      }
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => this.receive(chunk, performance.now()));
      res.on("end", () => this.finish("server"));
      res.on("error", () => this.finish("error"));
      res.on("close", () => this.finish("server"));
    });
    this.req.on("error", () => this.finish("error"));
  }

  get open() {
    return this.ended === null && this.gotBytes;
  }

  /** it was a 200 event stream and sent something */
  get wasOpen() {
    return this.gotBytes;
  }

  /** Retry-After of a refused stream, in ms (NaN without one) */
  retryAfterMs = NaN;

  close() {
    if (this.ended) return;
    this.finish("bench");
    this.req.destroy();
  }

  private finish(reason: EndReason) {
    if (this.ended) return;
    this.ended = reason;
    this.resolveReady(false);
    this.onEnd(this);
  }

  // The server writes "\n" line ends only; "\r\n" is not handled.
  private receive(chunk: string, at: number) {
    if (this.ended) return;
    if (!this.gotBytes) {
      this.gotBytes = true;
      this.resolveReady(true);
    }
    this.buffer += chunk;
    let boundary: number;
    while ((boundary = this.buffer.indexOf("\n\n")) >= 0) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      let type = "message";
      let id: number | null = null;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") type = value;
        else if (field === "data") data.push(value);
        else if (field === "id" && /^\d+$/.test(value)) id = Number(value);
      }
      if (id !== null) this.lastEventId = id;
      if (data.length === 0) continue; // retry:, comments and heartbeats
      if (id !== null) this.ids.push(id);
      this.onEvent(this, { id, type, data: data.join("\n"), at });
      if (this.ended) return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The phones and the facilitator: forms posted with fetch, cookies kept by hand.

type FormAnswer = { status: number; location: string; cookies: string[]; body: string; ms: number };

async function postForm(
  url: string,
  fields: Record<string, string>,
  cookie?: string,
): Promise<FormAnswer> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: new URL(url).origin,
      "Accept-Language": "sv",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  return {
    status: response.status,
    location: response.headers.get("location") ?? "",
    cookies: response.headers.getSetCookie(),
    body,
    ms: performance.now() - started,
  };
}

const SCREEN_COUNT =
  /(\d+)\s+(?:skärmar anslutna|skärm ansluten|screens connected|screen connected)/;

/** The facilitator's console: the join code and the "N skärmar anslutna" it shows. */
async function consolePage(
  baseUrl: string,
  workshopId: number,
  cookie: string,
): Promise<{ code: string; screens: number | null }> {
  const response = await fetch(`${baseUrl}/workshops/${workshopId}`, {
    headers: { Cookie: cookie, "Accept-Language": "sv" },
    signal: AbortSignal.timeout(30_000),
  });
  const html = await response.text();
  if (response.status !== 200)
    throw new Error(`GET /workshops/${workshopId} answered ${response.status}`);
  const code = /\/w\/([A-Za-z0-9]{4,12})\b/.exec(html)?.[1];
  if (!code) throw new Error(`no join code on /workshops/${workshopId}`);
  const count = SCREEN_COUNT.exec(html);
  return { code, screens: count ? Number(count[1]) : null };
}

async function createWorkshop(
  baseUrl: string,
  cookie: string,
  title: string,
): Promise<{ id: number; code: string }> {
  const answer = await postForm(
    `${baseUrl}/workshops`,
    { title, focusArea: "", dots: "3", place: "", publish: "on-close" },
    cookie,
  );
  const id = /\/workshops\/(\d+)(?:$|[?#])/.exec(answer.location)?.[1];
  if (answer.status !== 303 || !id) {
    throw new Error(
      `POST /workshops answered ${answer.status} ${answer.location}, expected 303 to /workshops/:id:\n${answer.body.slice(0, 300)}`,
    );
  }
  const { code } = await consolePage(baseUrl, Number(id), cookie);
  return { id: Number(id), code };
}

async function join(baseUrl: string, code: string, name: string): Promise<string> {
  const answer = await postForm(`${baseUrl}/w/${code}`, { intent: "join", name });
  const cookie = answer.cookies
    .map((c) => c.split(";")[0])
    .filter((c) => /^wp\d+=/.test(c))
    .join("; ");
  if (answer.status !== 303 || !cookie)
    throw new Error(`joining ${code} answered ${answer.status} without a wp cookie`);
  return cookie;
}

function ideaForm(title: string): Record<string, string> {
  return {
    intent: "idea",
    title,
    body: "En idé från benchmarken: den ska synas på alla skärmar i rummet.",
    lat: (57.7214 + (Math.random() - 0.5) * 0.004).toFixed(6),
    lng: (12.9363 + (Math.random() - 0.5) * 0.006).toFixed(6),
    focusArea: "",
  };
}

/** A posted idea or dot counts when it answered 303 back to the phone, not held by a freeze. */
const accepted = (a: FormAnswer) => a.status === 303 && !a.location.includes("idea-held");
const describe = (a: FormAnswer) =>
  `${a.status}${a.location ? ` → ${a.location}` : ""}${a.status >= 400 ? ` ${a.body.slice(0, 120)}` : ""}`;

/** Closes every screen, then polls the console until it shows no screen (10 s at most). */
async function closeAllAndCount(screens: Iterable<Screen>, count: () => Promise<number | null>) {
  for (const s of [...screens]) s.close();
  const started = performance.now();
  let last: number | null = null;
  while (performance.now() - started < 10_000) {
    last = await count();
    if (last === 0) break;
    await sleep(100);
  }
  return { afterClose: last, toZeroMs: last === 0 ? performance.now() - started : NaN };
}

function readRssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Fan-out: 200 screens, 30 phones, ideas spread over ~20 s.

type Context = {
  baseUrl: string;
  cookie: string;
  pid: number | undefined;
  tag: string;
  log: (line: string) => void;
};

async function fanout(
  ctx: Context,
  { screens = 200, participants = 30, ideasEach = 5, spreadSeconds = 20 } = {},
): Promise<FanoutResult> {
  const { baseUrl, cookie, log } = ctx;
  const workshop = await createWorkshop(baseUrl, cookie, `Benchmark fan-out ${ctx.tag}`);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  type Track = { sentAt: number; seen: Set<number>; arrivals: number[]; answer?: FormAnswer };
  const byTitle = new Map<string, Track>();
  let dropped = 0;

  const onEvent = (screen: Screen, event: SseEvent) => {
    if (event.type !== "idea") return;
    const title = (JSON.parse(event.data) as { title?: string }).title ?? "";
    const track = byTitle.get(title);
    if (!track || track.seen.has(screen.tag)) return;
    track.seen.add(screen.tag);
    track.arrivals.push(event.at - track.sentAt);
  };
  const onEnd = (screen: Screen) => {
    if (screen.ended !== "bench") dropped++;
  };

  const url = `${baseUrl}/api/workshops/${workshop.code}/events`;
  const connectStarted = performance.now();
  const all = Array.from({ length: screens }, (_, i) => {
    const s = new Screen(url, agent, null, onEvent, onEnd);
    s.tag = i;
    return s;
  });
  try {
    const ready = await Promise.race([
      Promise.all(all.map((s) => s.ready)),
      sleep(30_000).then(() => null),
    ]);
    if (!ready || ready.some((ok) => !ok)) {
      const statuses = all.filter((s) => !s.open).map((s) => s.httpStatus || s.ended || "pending");
      throw new Error(
        `${statuses.length} of ${screens} screens did not connect within 30 s (${[...new Set(statuses)].join(", ")})`,
      );
    }
    const connectMs = performance.now() - connectStarted;
    const serverCountConnected = (await consolePage(baseUrl, workshop.id, cookie)).screens;
    log(
      `${screens} screens connected in ${Math.round(connectMs)} ms (the console shows ${serverCountConnected ?? "?"}); ${participants} phones join …`,
    );

    const jars = await Promise.all(
      Array.from({ length: participants }, (_, p) =>
        join(baseUrl, workshop.code, `Deltagare ${p + 1}`),
      ),
    );
    log(`${participants} phones post ${ideasEach} ideas each over ~${spreadSeconds} s …`);
    const postErrors: string[] = [];
    const t0 = performance.now() + 100;
    await Promise.all(
      jars.map(async (jar, p) => {
        const times = Array.from(
          { length: ideasEach },
          () => Math.random() * spreadSeconds * 1000,
        ).sort((a, b) => a - b);
        for (let k = 0; k < times.length; k++) {
          const wait = t0 + times[k] - performance.now();
          if (wait > 0) await sleep(wait);
          const title = `Fan-out ${ctx.tag} ${p + 1}.${k + 1}: fler cykelställ`;
          const track: Track = { sentAt: performance.now(), seen: new Set(), arrivals: [] };
          byTitle.set(title, track);
          try {
            track.answer = await postForm(`${baseUrl}/w/${workshop.code}`, ideaForm(title), jar);
            if (!accepted(track.answer)) postErrors.push(describe(track.answer));
          } catch (error) {
            postErrors.push(error instanceof Error ? error.message : String(error));
          }
        }
      }),
    );

    // Wait for the last ideas to arrive everywhere (10 s at most).
    const posted = [...byTitle.values()].filter((t) => t.answer && accepted(t.answer));
    const deadline = performance.now() + 10_000;
    while (
      performance.now() < deadline &&
      posted.some((t) => t.seen.size < all.filter((s) => s.open).length)
    )
      await sleep(50);

    const need = Math.ceil(0.95 * screens);
    const to95Ms = posted.map((t) =>
      t.arrivals.length >= need ? [...t.arrivals].sort((a, b) => a - b)[need - 1] : Infinity,
    );
    const toAllMs = posted.map((t) =>
      t.arrivals.length >= screens ? Math.max(...t.arrivals) : Infinity,
    );
    let screensMissing = 0;
    let deliveriesMissing = 0;
    for (const s of all) {
      const missing = posted.filter((t) => !t.seen.has(s.tag)).length;
      deliveriesMissing += missing;
      if (missing > 0) screensMissing++;
    }
    const droppedByServer = dropped;
    const closed = await closeAllAndCount(
      all,
      async () => (await consolePage(baseUrl, workshop.id, cookie)).screens,
    );
    return {
      screens,
      participants,
      spreadSeconds,
      sent: byTitle.size,
      posted: posted.length,
      postErrors,
      connectMs,
      to95Ms,
      toAllMs,
      postMs: posted.map((t) => t.answer!.ms),
      screensMissing,
      deliveriesMissing,
      droppedByServer,
      serverCountConnected,
      serverCountAfterClose: closed.afterClose,
      countToZeroMs: closed.toZeroMs,
    };
  } finally {
    for (const s of all) s.close();
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Soak: ~200 screens churning, a few phones posting ideas and dots, the server's RSS sampled.

async function soak(
  ctx: Context,
  {
    minutes,
    warmupSeconds,
    screens = 200,
    churnPerSecond = 5,
    resumeShare = 0.5,
    posters = 5,
    ideaEveryMs = 2000,
    dotEveryMs = 1000,
    sampleEveryMs = 10_000,
  }: {
    minutes: number;
    warmupSeconds: number;
    screens?: number;
    churnPerSecond?: number;
    resumeShare?: number;
    posters?: number;
    ideaEveryMs?: number;
    dotEveryMs?: number;
    sampleEveryMs?: number;
  },
): Promise<SoakResult> {
  const { baseUrl, cookie, log } = ctx;
  const workshop = await createWorkshop(baseUrl, cookie, `Benchmark soak ${ctx.tag}`);
  const url = `${baseUrl}/api/workshops/${workshop.code}/events`;
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const jars = await Promise.all(
    Array.from({ length: posters }, (_, p) => join(baseUrl, workshop.code, `Soak ${p + 1}`)),
  );

  let running = true;
  const open = new Set<Screen>();
  const timers = new Set<NodeJS.Timeout>();
  let reference: Screen | undefined; // stays connected (unless the server drops it): the events as they happened
  const referenceIds: number[] = [];
  const ideaIds: number[] = [];
  const sentAt = new Map<string, number>();
  const ideaToScreenMs: number[] = [];
  const counts = {
    opened: 0,
    closedByBench: 0,
    dropped: 0,
    rejected: 0,
    resumed: 0,
    resumedChecked: 0,
    resumedMissing: 0,
    events: 0,
  };
  const rejectedStatuses: Record<string, number> = {};

  const checkResumed = (s: Screen) => {
    if (s.resumedFrom === null || s === reference || !s.wasOpen) return;
    counts.resumedChecked++;
    const upTo = s.ids.length ? s.ids[s.ids.length - 1] : s.resumedFrom;
    const have = new Set(s.ids);
    for (const id of referenceIds)
      if (id > s.resumedFrom && id <= upTo && !have.has(id)) counts.resumedMissing++;
  };
  const onEvent = (s: Screen, e: SseEvent) => {
    counts.events++;
    if (s !== reference) return;
    if (e.id !== null && e.id > (referenceIds[referenceIds.length - 1] ?? 0))
      referenceIds.push(e.id);
    if (e.type === "idea") {
      const idea = JSON.parse(e.data) as { id: number; title: string };
      ideaIds.push(idea.id);
      const sent = sentAt.get(idea.title);
      if (sent !== undefined) {
        ideaToScreenMs.push(e.at - sent);
        sentAt.delete(idea.title);
      }
    }
  };
  const onEnd = (s: Screen) => {
    open.delete(s);
    checkResumed(s);
    if (s.ended === "bench") {
      counts.closedByBench++;
      return;
    }
    if (s.ended === "rejected") {
      counts.rejected++;
      rejectedStatuses[String(s.httpStatus)] = (rejectedStatuses[String(s.httpStatus)] ?? 0) + 1;
    } else {
      counts.dropped++;
    }
    // Back with the last id it saw: after the server's "retry: 2000" as EventSource does, or after
    // the Retry-After of a refusal (EventSource itself would give up there; the bench keeps ~200).
    if (!running) return;
    const timer = setTimeout(
      () => {
        timers.delete(timer);
        if (running) openScreen(s.lastEventId, s === reference);
      },
      s.ended === "rejected" ? (Number.isFinite(s.retryAfterMs) ? s.retryAfterMs : 5000) : 2000,
    );
    timers.add(timer);
  };
  const openScreen = (lastEventId: number | null, isReference = false) => {
    const s = new Screen(url, agent, lastEventId, onEvent, onEnd);
    counts.opened++;
    if (lastEventId !== null) counts.resumed++;
    if (isReference) reference = s;
    if (s.ended === null) open.add(s);
    return s;
  };

  const churn = () => {
    const candidates = [...open].filter((s) => s !== reference && s.open);
    for (let i = 0; i < churnPerSecond && candidates.length > 0; i++) {
      const [s] = candidates.splice(Math.floor(Math.random() * candidates.length), 1);
      const last = s.lastEventId;
      s.close();
      openScreen(Math.random() < resumeShare ? last : null);
    }
  };

  const postErrors: string[] = [];
  const ideaPostMs: number[] = [];
  const dotPostMs: number[] = [];
  const posts: { at: number; ms: number }[] = [];
  let ideasPosted = 0;
  let dotsPosted = 0;
  /** Runs `step` every `everyMs` on a fixed grid (no drift), one at a time, until the soak ends. */
  const steady = async (everyMs: number, step: (n: number) => Promise<void>) => {
    const start = performance.now();
    for (let n = 0; running; n++) {
      const wait = start + n * everyMs - performance.now();
      if (wait > 0) await sleep(wait);
      if (!running) break;
      try {
        await step(n);
      } catch (error) {
        postErrors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const postIdea = async (n: number) => {
    const title = `Soak ${ctx.tag} ${n + 1}: laddstolpar vid biblioteket`;
    sentAt.set(title, performance.now());
    const answer = await postForm(
      `${baseUrl}/w/${workshop.code}`,
      ideaForm(title),
      jars[n % jars.length],
    );
    if (!accepted(answer)) {
      postErrors.push(`idea: ${describe(answer)}`);
      sentAt.delete(title);
      return;
    }
    ideasPosted++;
    ideaPostMs.push(answer.ms);
    posts.push({ at: performance.now(), ms: answer.ms });
  };
  const placed: number[][] = jars.map(() => []);
  const postDot = async (n: number) => {
    const p = n % jars.length;
    const mine = placed[p];
    const add = mine.length < 3 && ideaIds.length > 0;
    if (!add && mine.length === 0) return;
    const ideaId = add ? ideaIds[Math.floor(Math.random() * ideaIds.length)] : mine[0];
    const answer = await postForm(
      `${baseUrl}/w/${workshop.code}`,
      { intent: add ? "dot" : "undot", ideaId: String(ideaId) },
      jars[p],
    );
    if (!accepted(answer)) {
      postErrors.push(`${add ? "dot" : "undot"}: ${describe(answer)}`);
      return;
    }
    if (add) mine.push(ideaId);
    else mine.shift();
    dotsPosted++;
    dotPostMs.push(answer.ms);
    posts.push({ at: performance.now(), ms: answer.ms });
  };

  const loops: Promise<void>[] = [];
  const churnTimer = setInterval(churn, 1000);
  try {
    openScreen(null, true);
    for (let i = 1; i < screens; i++) openScreen(null);
    await Promise.race([Promise.all([...open].map((s) => s.ready)), sleep(30_000)]);
    log(
      `soak: ${open.size} screens open; churning ${churnPerSecond}/s, ${posters} phones posting; warm-up ${warmupSeconds} s …`,
    );
    loops.push(steady(ideaEveryMs, postIdea), steady(dotEveryMs, postDot));

    await sleep(warmupSeconds * 1000);
    const t0 = performance.now();
    const sample = async (minute: number) => {
      const rssMb = readRssMb(ctx.pid);
      const benchScreens = [...open].filter((x) => x.open).length;
      const serverScreens = await consolePage(baseUrl, workshop.id, cookie)
        .then((c) => c.screens)
        .catch(() => null);
      return { minute, rssMb, serverScreens, benchScreens };
    };
    const samples = [await sample(0)];
    const steps = Math.round((minutes * 60_000) / sampleEveryMs);
    for (let k = 1; k <= steps; k++) {
      const wait = t0 + k * sampleEveryMs - performance.now();
      if (wait > 0) await sleep(wait);
      const last = await sample((performance.now() - t0) / 60_000);
      samples.push(last);
      if ((k * sampleEveryMs) % 60_000 === 0) {
        log(
          `soak ${Math.round(last.minute)}/${minutes} min: RSS ${last.rssMb.toFixed(1)} MB, ${last.benchScreens} screens open ` +
            `(console: ${last.serverScreens ?? "?"}), ${counts.dropped} dropped by the server, ${counts.rejected} refused, ` +
            `${ideasPosted} ideas, ${dotsPosted} dots`,
        );
      }
    }

    running = false;
    clearInterval(churnTimer);
    for (const timer of timers) clearTimeout(timer);
    await Promise.all(loops);
    await sleep(1000); // let the last events arrive
    const clientOpenAtEnd = [...open].filter((s) => s.open).length;
    const serverCountAtEnd = (await consolePage(baseUrl, workshop.id, cookie)).screens;
    const closed = await closeAllAndCount(
      open,
      async () => (await consolePage(baseUrl, workshop.id, cookie)).screens,
    );
    await sleep(2000);
    const afterCloseMb = readRssMb(ctx.pid);

    const secondHalf = samples.filter((s) => s.minute >= minutes / 2 - 1e-9);
    const values = samples.map((s) => s.rssMb);
    return {
      minutes,
      warmupSeconds,
      screensTarget: screens,
      churnPerSecond,
      samples,
      startMb: values[0],
      endMb: values[values.length - 1],
      firstMinuteMedianMb: median(samples.filter((x) => x.minute <= 1 + 1e-9).map((x) => x.rssMb)),
      lastMinuteMedianMb: median(
        samples.filter((x) => x.minute >= minutes - 1 - 1e-9).map((x) => x.rssMb),
      ),
      maxMb: Math.max(...values),
      slopeMbPerMinute: slope(secondHalf.map((s) => ({ x: s.minute, y: s.rssMb }))),
      afterCloseMb,
      opened: counts.opened,
      closedByBench: counts.closedByBench,
      droppedByServer: counts.dropped,
      rejected: counts.rejected,
      rejectedStatuses,
      resumed: counts.resumed,
      resumedChecked: counts.resumedChecked,
      resumedMissing: counts.resumedMissing,
      ideasPosted,
      dotsPosted,
      postErrors,
      ideaPostMs,
      dotPostMs,
      posts: posts.map((x) => ({ minute: (x.at - t0) / 60_000, ms: x.ms })),
      ideaToScreenMs,
      eventsReceived: counts.events,
      clientOpenAtEnd,
      serverCountAtEnd,
      serverCountAfterClose: closed.afterClose,
      countToZeroMs: closed.toZeroMs,
    };
  } finally {
    running = false;
    clearInterval(churnTimer);
    for (const timer of timers) clearTimeout(timer);
    for (const s of [...open]) s.close();
    await Promise.allSettled(loops);
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------

export async function runWorkshopBench(
  appDir: string,
  {
    soakMinutes,
    warmupSeconds,
    seedIdeas = 1000,
  }: { soakMinutes: number; warmupSeconds: number; seedIdeas?: number },
): Promise<WorkshopBenchResult> {
  const log = (line: string) => console.log(`[workshop] ${line}`);
  const result: WorkshopBenchResult = {
    seedIdeas,
    startupMs: NaN,
    rssAfterStartMb: NaN,
    load: [],
    failures: [],
  };
  const noteLoad = (at: string) => result.load.push({ at, avg1: os.loadavg()[0] });
  const attempt = async <T>(part: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[workshop] ${part} failed: ${message}`);
      result.failures.push({ part, message });
      return undefined;
    }
  };
  const dir = makeTempDir("samskapa-bench-workshop-");
  const databasePath = path.join(dir, "bench.db");
  const env = {
    ...process.env,
    DATABASE_PATH: databasePath,
    SESSION_SECRET: crypto.randomBytes(24).toString("hex"),
  };
  let server: RunningServer | undefined;
  try {
    log(`seeding ${seedIdeas.toLocaleString("en-US")} ideas and a facilitator …`);
    await seedSyntheticIdeas(env, seedIdeas);
    await createAccount(env, FACILITATOR_ACCOUNT);
    const started = await startApp(databasePath, appDir);
    server = started.server;
    result.startupMs = started.startupMs;
    const ctx: Context = {
      baseUrl: started.server.baseUrl,
      cookie: await signIn(started.server.baseUrl, FACILITATOR_ACCOUNT),
      pid: started.server.child.pid,
      tag: Date.now().toString(36),
      log,
    };
    result.rssAfterStartMb = readRssMb(ctx.pid);
    log(`app up (pid ${ctx.pid}, RSS ${result.rssAfterStartMb.toFixed(1)} MB); fan-out …`);
    noteLoad("before the fan-out");
    result.fanout = await attempt("fan-out", () => fanout(ctx));
    noteLoad("after the fan-out");
    if (result.fanout) {
      const f = result.fanout;
      log(
        `fan-out: to 95% of screens p50 ${ms(percentile(f.to95Ms, 50), 0)}, p95 ${ms(percentile(f.to95Ms, 95), 0)}, ` +
          `max ${ms(Math.max(...f.to95Ms), 0)}; ${f.screensMissing} screens missed an idea`,
      );
    }
    log(`soak: ${soakMinutes} min after a ${warmupSeconds} s warm-up …`);
    result.soak = await attempt("soak", () => soak(ctx, { minutes: soakMinutes, warmupSeconds }));
    noteLoad("after the soak");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[workshop] setup failed: ${message}`);
    result.failures.push({ part: "setup", message });
  } finally {
    await server?.stop();
    removeTempDir(dir);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Tables

type Row = Record<string, string>;
const mark = (met: boolean | null) => (met === null ? "–" : met ? "✅" : "❌");
const mb = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} MB` : "–");
const latency = (value: number) =>
  Number.isFinite(value) ? ms(value, 0) : value === Infinity ? "never" : "–";
const stats = (values: number[]) =>
  values.length
    ? `${latency(percentile(values, 50))} / ${latency(percentile(values, 95))} / ${latency(Math.max(...values))}`
    : "–";

/**
 * Memory counts as flat only when the soak was what it claims: ~200 screens connected all along
 * (at least 90% of them in every sample). A server that refuses the screens stays flat trivially.
 */
export function soakFlat(s: SoakResult) {
  const fewest = Math.min(...s.samples.map((x) => x.benchScreens));
  const held = fewest >= 0.9 * s.screensTarget;
  const slopeOk =
    held &&
    Number.isFinite(s.slopeMbPerMinute) &&
    s.slopeMbPerMinute < WORKSHOP_GOALS.slopeMbPerMinute;
  const [first, last] = [s.firstMinuteMedianMb, s.lastMinuteMedianMb];
  const endOk =
    held &&
    Number.isFinite(first) &&
    Number.isFinite(last) &&
    Math.abs(last - first) <= WORKSHOP_GOALS.endWithinShare * first;
  const caveat = held
    ? ""
    : ` — not valid: only ${fewest} of ~${s.screensTarget} screens stayed connected`;
  return { slopeOk, endOk, caveat };
}

export function workshopGoalRows(r: WorkshopBenchResult): Row[] {
  const f = r.fanout;
  const s = r.soak;
  const p95 = f ? percentile(f.to95Ms, 95) : NaN;
  const flat = s ? soakFlat(s) : undefined;
  const rows: { goal: string; measured: string; target: string; met: boolean | null }[] = [
    {
      goal: `POST → idea on 95% of ${f?.screens ?? 200} screens, p95 over ${f?.posted ?? "the"} ideas (${f?.participants ?? 30} phones posting)`,
      measured: f
        ? latency(p95) + (f.posted < f.sent ? ` (${f.sent - f.posted} POSTs failed)` : "")
        : "–",
      target: `≤ ${WORKSHOP_GOALS.fanoutP95Ms} ms`,
      met: f ? p95 <= WORKSHOP_GOALS.fanoutP95Ms && f.posted === f.sent : null,
    },
    {
      goal: "screens that missed an idea",
      measured: f ? `${int(f.screensMissing)} of ${f.screens}` : "–",
      target: "0",
      met: f ? f.screensMissing === 0 && f.posted > 0 : null,
    },
    {
      goal: `server RSS over the soak (${s?.minutes ?? 10} min, screens coming and going): slope over the second half`,
      measured: s
        ? `${Number.isFinite(s.slopeMbPerMinute) ? s.slopeMbPerMinute.toFixed(2) : "–"} MB/min${flat?.caveat ?? ""}`
        : "–",
      target: `< ${WORKSHOP_GOALS.slopeMbPerMinute} MB/min`,
      met: flat ? flat.slopeOk : null,
    },
    {
      goal: "server RSS in the last minute of the soak against the first (median of each minute's samples)",
      measured: s
        ? `${mb(s.lastMinuteMedianMb)} vs ${mb(s.firstMinuteMedianMb)} (${s.firstMinuteMedianMb > 0 ? `${(((s.lastMinuteMedianMb - s.firstMinuteMedianMb) / s.firstMinuteMedianMb) * 100).toFixed(1)}%` : "–"})${flat?.caveat ?? ""}`
        : "–",
      target: `within ${WORKSHOP_GOALS.endWithinShare * 100}%`,
      met: flat ? flat.endOk : null,
    },
    {
      goal: "reconnections with Last-Event-ID that missed an event",
      measured: s
        ? `${int(s.resumedMissing)} events missing over ${int(s.resumedChecked)} reconnections`
        : "–",
      target: "0",
      met: s ? s.resumedMissing === 0 && s.resumedChecked > 0 : null,
    },
    {
      goal: "screens the console counts after the bench closed them all (fan-out / soak)",
      measured:
        f || s
          ? [f?.serverCountAfterClose, s?.serverCountAfterClose]
              .map((c) => (c === null || c === undefined ? "?" : String(c)))
              .join(" / ")
          : "–",
      target: "0",
      met: f || s ? [f, s].every((x) => !x || x.serverCountAfterClose === 0) : null,
    },
  ];
  return rows.map((g) => ({
    goal: g.goal,
    measured: g.measured,
    target: g.target,
    met: mark(g.met),
  }));
}

export function fanoutRows(r: WorkshopBenchResult): Row[] {
  const f = r.fanout;
  if (!f) return [];
  return [
    {
      measure: "screens (SSE streams read by the bench) / phones posting",
      value: `${f.screens} / ${f.participants}`,
    },
    {
      measure: `ideas posted (over ~${f.spreadSeconds} s) / POSTs sent`,
      value: `${f.posted} / ${f.sent}`,
    },
    {
      measure: `all ${f.screens} screens connected (first bytes) after`,
      value: ms(f.connectMs, 0),
    },
    {
      measure: "screens the console counted while all were connected",
      value: f.serverCountConnected === null ? "?" : String(f.serverCountConnected),
    },
    { measure: "POST → idea on 95% of screens: p50 / p95 / max", value: stats(f.to95Ms) },
    { measure: "POST → idea on every screen: p50 / p95 / max", value: stats(f.toAllMs) },
    {
      measure: "POST /w/:code (intent=idea) until its 303: p50 / p95 / max",
      value: stats(f.postMs),
    },
    {
      measure: "(screen, idea) deliveries missing / screens missing any",
      value: `${int(f.deliveriesMissing)} / ${int(f.screensMissing)}`,
    },
    { measure: "streams ended by the server while read", value: int(f.droppedByServer) },
    {
      measure: "console's count after the bench closed every screen",
      value: `${f.serverCountAfterClose ?? "?"}${Number.isFinite(f.countToZeroMs) ? ` (0 after ${ms(f.countToZeroMs, 0)})` : ""}`,
    },
    ...(f.postErrors.length
      ? [{ measure: "failed POSTs (first 3)", value: f.postErrors.slice(0, 3).join("; ") }]
      : []),
  ];
}

export function soakRows(r: WorkshopBenchResult): Row[] {
  const s = r.soak;
  if (!s) return [];
  const rejected = Object.entries(s.rejectedStatuses)
    .map(([status, n]) => `${n}× ${status}`)
    .join(", ");
  return [
    {
      measure: "duration / warm-up before the first sample",
      value: `${s.minutes} min / ${s.warmupSeconds} s`,
    },
    {
      measure: "screens kept open / churn",
      value: `~${s.screensTarget}; every second ${s.churnPerSecond} closed and ${s.churnPerSecond} opened, half of them with Last-Event-ID`,
    },
    {
      measure: "streams opened / closed by the bench",
      value: `${int(s.opened)} / ${int(s.closedByBench)}`,
    },
    {
      measure: "streams ended by the server while read / refused",
      value: `${int(s.droppedByServer)} / ${int(s.rejected)}${rejected ? ` (${rejected})` : ""}`,
    },
    { measure: "events received by all screens", value: int(s.eventsReceived) },
    {
      measure: "ideas / dots (placed and taken back) posted",
      value: `${int(s.ideasPosted)} / ${int(s.dotsPosted)}`,
    },
    { measure: "POST idea until its 303: p50 / p95 / max", value: stats(s.ideaPostMs) },
    { measure: "POST dot/undot until its 303: p50 / p95 / max", value: stats(s.dotPostMs) },
    {
      measure: "POST idea or dot until its 303, p95 in the first / the last minute",
      value: `${latency(
        percentile(
          s.posts.filter((x) => x.minute >= 0 && x.minute < 1).map((x) => x.ms),
          95,
        ),
      )} / ${latency(
        percentile(
          s.posts.filter((x) => x.minute >= s.minutes - 1).map((x) => x.ms),
          95,
        ),
      )}`,
    },
    {
      measure: "POST idea → on a screen that stayed connected: p50 / p95 / max",
      value: stats(s.ideaToScreenMs),
    },
    {
      measure:
        "streams opened with Last-Event-ID: checked (those the server accepted) of all / events missing",
      value: `${int(s.resumedChecked)} of ${int(s.resumed)} / ${int(s.resumedMissing)}`,
    },
    {
      measure: "server RSS: first / last / max sample",
      value: `${mb(s.startMb)} / ${mb(s.endMb)} / ${mb(s.maxMb)}`,
    },
    {
      measure: "server RSS: median of the first / of the last minute",
      value: `${mb(s.firstMinuteMedianMb)} / ${mb(s.lastMinuteMedianMb)}`,
    },
    {
      measure: "server RSS: slope over the second half (least squares)",
      value: Number.isFinite(s.slopeMbPerMinute) ? `${s.slopeMbPerMinute.toFixed(2)} MB/min` : "–",
    },
    {
      measure: "server RSS, every minute (minute: MB)",
      value: perMinute(s, (x) => x.rssMb.toFixed(0)),
    },
    {
      measure: "screens the console counts / the bench has open, every minute",
      value: perMinute(s, (x) => `${x.serverScreens ?? "?"}/${x.benchScreens}`),
    },
    { measure: "server RSS 2 s after every screen closed", value: mb(s.afterCloseMb) },
    {
      measure: "screens open at the end: bench / console",
      value: `${s.clientOpenAtEnd} / ${s.serverCountAtEnd ?? "?"}`,
    },
    {
      measure: "console's count after the bench closed every screen",
      value: `${s.serverCountAfterClose ?? "?"}${Number.isFinite(s.countToZeroMs) ? ` (0 after ${ms(s.countToZeroMs, 0)})` : ""}`,
    },
    ...(s.postErrors.length
      ? [
          {
            measure: `failed POSTs (${s.postErrors.length}; first 3)`,
            value: s.postErrors.slice(0, 3).join("; "),
          },
        ]
      : []),
  ];
}

/** "0: …, 1: …" — the sample nearest each whole minute. */
function perMinute(s: SoakResult, show: (sample: SoakResult["samples"][number]) => string): string {
  if (s.samples.length === 0) return "–";
  const out: string[] = [];
  for (let m = 0; m <= Math.round(s.samples[s.samples.length - 1].minute); m++) {
    const sample = s.samples.reduce((best, x) =>
      Math.abs(x.minute - m) < Math.abs(best.minute - m) ? x : best,
    );
    out.push(`${m}: ${show(sample)}`);
  }
  return out.join(", ");
}

export function workshopOtherRows(r: WorkshopBenchResult): Row[] {
  return [
    {
      measure: "server: start-up (spawn → /healthz) / RSS after start",
      value: `${ms(r.startupMs, 0)} / ${mb(r.rssAfterStartMb)}`,
    },
    { measure: "database: synthetic ideas seeded", value: int(r.seedIdeas) },
    {
      measure: `machine load average (1 min, ${os.cpus().length} cores)`,
      value: r.load.map((l) => `${l.avg1.toFixed(1)} ${l.at}`).join(", ") || "–",
    },
    ...r.failures.map((f) => ({
      measure: `FAILED: ${f.part}`,
      value: f.message.split("\n")[0].slice(0, 300),
    })),
  ];
}
