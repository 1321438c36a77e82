// Issue 14's goals ("Cheap requests"), measured in the same run as the rest of the bench: supports
// against a bare write (durability.ts), the cached map answer against a bare node:http hello
// (hello-server.ts), the fixed cost of our middleware from a short CPU profile (profile-run.ts),
// a map pan in Chromium (browser.ts), cold one-word searches with /healthz polled, similar ideas,
// Lighthouse's median of five on the map, and the start at 1,000,000 ideas.
import http from "node:http";
import type { PanResult } from "./browser";
import type { DurabilityResult } from "./durability";
import { fetchRaw, type LoadResult } from "./http";
import { LIGHTHOUSE_GOALS, type LighthouseScore } from "./lighthouse";
import { perRequestUs, type ProfiledLoad } from "./profile-run";
import type { Goal } from "./report";
import { WHOLE_CITY_BBOX } from "./servers";
import { int, kb, ms, percentile, sleep } from "./util";

export const ISSUE14_GOALS = {
  /** supports through the action ÷ the bare node:http doing the same write */
  supportsShare: 0.2,
  /** the cached whole-city /api/map ÷ a bare node:http hello, both at 20 connections */
  mapShareOfHello: 0.1,
  middlewareUs: 100,
  coldSearchMs: 50,
  /** the slowest /healthz answer while a cold search runs: the event loop's longest block */
  blockMs: 50,
  similarP95Ms: 20,
  /** the start at 1,000,000 ideas: the first whole-city map answer after the first /healthz, and
   *  the slowest /healthz meanwhile ("serves at once") */
  firstMapAfterListenMs: 1000,
  startBlockMs: 100,
  /** the dataset the goals are set for */
  ideas: 100_000,
  startIdeas: 1_000_000,
};

/** Stop words and a one-letter query: the searches that match most ideas; each asked once, cold. */
export const COLD_SEARCH_WORDS = ["för", "med", "och", "i", "a"] as const;

/** The paths the bench profiles for the middleware goal: a page (every middleware runs, the
 *  language cookie too, and the answer is a compressed stream) and a small Remix answer through
 *  the same chain (what a cheap request pays). */
export const MIDDLEWARE_PROFILES = [
  { key: "page", path: "/ideas/1?lang=sv", label: "GET /ideas/1?lang=sv (a page)" },
  {
    key: "small",
    path: "/api/places?q=norrby",
    label: "GET /api/places?q=norrby (a small answer)",
  },
] as const;
export const MIDDLEWARE_PROFILE_LOAD = { connections: 20, seconds: 5, runs: 5 };

type ProfiledRun = {
  requests: number;
  summary: { middlewareTotalMs: number; middlewareSampleShare: number };
  mainThread: { onCpuMs: number } | null;
};

/**
 * A run's fixed cost of our middleware per request, µs of the main thread's CPU: its share of the
 * profile's busy samples times the thread's CPU time per request (Linux's schedstat). The
 * profile's time weights would also count the time the thread waited for a CPU that the load
 * generator held (docs/decisions/026); where the CPU time is unknown, they are all there is.
 */
export function fixedCostUs(run: ProfiledRun): number {
  return run.mainThread
    ? perRequestUs(run.summary.middlewareSampleShare * run.mainThread.onCpuMs, run.requests)
    : perRequestUs(run.summary.middlewareTotalMs, run.requests);
}

/** The same from the profile's time weights (wall-clock time between samples). */
export const fixedCostWallUs = (run: ProfiledRun) =>
  perRequestUs(run.summary.middlewareTotalMs, run.requests);

/**
 * The run of a path whose middleware cost is the median of its runs: one short profile moved by
 * ±30 % from run to run on this shared machine (the page's whole busy time with it), so each path
 * is profiled MIDDLEWARE_PROFILE_LOAD.runs times.
 */
export function medianProfile<T extends ProfiledRun>(
  runs: T[],
): { median: T; middlewareUs: number[] } | null {
  if (runs.length === 0) return null;
  const sorted = [...runs].sort((a, b) => fixedCostUs(a) - fixedCostUs(b));
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)],
    middlewareUs: runs.map(fixedCostUs),
  };
}

export type MiddlewareProfile = ProfiledLoad & { path: string; label: string };

export type ColdSearch = {
  word: string;
  status: number;
  ms: number;
  /** the slowest /healthz answer that overlapped the search */
  healthzMaxMs: number;
  healthzPolls: number;
};

/** What issue 14's rows need from one dataset of the run. */
export type Issue14Dataset = {
  ideas: number;
  /** the whole-city /api/map at 20 connections and the hello server right after it */
  map20?: LoadResult;
  hello20?: LoadResult;
  coldSearches?: ColdSearch[];
  similar?: { newMs: number[]; againMs: number[] };
  pan?: PanResult;
  lighthouse?: LighthouseScore[];
  start?: StartMeasure;
  /** the start again after a graceful stop that wrote the map index's snapshot (decision 022) */
  restart?: StartMeasure;
};

type StartMeasure = {
  indexReadyMs: number | null;
  startupMs: number;
  firstMapMs: number;
  healthzMaxWaitMs: number;
  healthzPolls: number;
};

export type Issue14Inputs = {
  datasets: Issue14Dataset[];
  /** undefined: --skip-durability */
  durability?: DurabilityResult | null;
  /** MIDDLEWARE_PROFILES under --cpu-prof */
  profiles?: MiddlewareProfile[];
};

// ---------------------------------------------------------------------------------------------
// Cold one-word searches with /healthz polled

/** Asks /healthz every `everyMs` over one kept-alive connection until stopped; records each
 *  answer's time. In the bench's process: it waits for the search meanwhile and does nothing else. */
function pollHealthz(baseUrl: string, everyMs = 10) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const polls: { start: number; end: number }[] = [];
  let running = true;
  const ask = () =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      const done = () => {
        polls.push({ start, end: performance.now() });
        resolve();
      };
      const req = http.get(`${baseUrl}/healthz`, { agent }, (res) => {
        res.resume();
        res.on("end", done);
        res.on("error", done);
      });
      req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
      req.on("error", done);
    });
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await ask();
      const wait = everyMs - (performance.now() - started);
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      return polls;
    },
  };
}

/** The slowest poll that overlapped [from, to], and how many did. */
export function slowestOverlapping(
  polls: { start: number; end: number }[],
  from: number,
  to: number,
): { maxMs: number; count: number } {
  const overlapping = polls.filter((p) => p.end >= from && p.start <= to);
  return {
    maxMs: overlapping.length ? Math.max(...overlapping.map((p) => p.end - p.start)) : NaN,
    count: overlapping.length,
  };
}

const AFTER_SEARCH_MS = 250;

/** Each word once on the whole city (zoom 11), never asked before in this server, while /healthz
 *  is polled every 10 ms, from just before the search until 250 ms after its answer. */
export async function measureColdSearches(
  baseUrl: string,
  words: readonly string[] = COLD_SEARCH_WORDS,
): Promise<ColdSearch[]> {
  const results: ColdSearch[] = [];
  for (const word of words) {
    const poller = pollHealthz(baseUrl);
    await sleep(100); // a few polls before, so that one is under way when the search arrives
    const from = performance.now();
    const answer = await fetchRaw(
      `${baseUrl}/api/map?bbox=${WHOLE_CITY_BBOX}&zoom=11&q=${encodeURIComponent(word)}`,
    );
    // Work the search leaves for later (a cache filled, an index built) would block after it.
    await sleep(AFTER_SEARCH_MS);
    const to = performance.now();
    const healthz = slowestOverlapping(await poller.stop(), from, to);
    results.push({
      word,
      status: answer.status,
      ms: answer.latencyMs,
      healthzMaxMs: healthz.maxMs,
      healthzPolls: healthz.count,
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// The rows

const share = (a: number, b: number) => (b > 0 ? a / b : NaN);
const times = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "–");
const ideasLabel = (n: number) => `${n.toLocaleString("en-US")} ideas`;
const clean = (l: LoadResult) => l.non2xx === 0 && l.errors === 0;

/** The dataset the goal is set for, or the largest of the run (said in the row when not it). */
function datasetFor<T>(
  inputs: Issue14Inputs,
  pick: (d: Issue14Dataset) => T | undefined,
): { d: Issue14Dataset; value: T; note: string } | undefined {
  const withValue = inputs.datasets.filter((d) => pick(d) !== undefined);
  const d =
    withValue.find((x) => x.ideas === ISSUE14_GOALS.ideas) ??
    [...withValue].sort((a, b) => b.ideas - a.ideas)[0];
  if (!d) return undefined;
  const note =
    d.ideas === ISSUE14_GOALS.ideas
      ? ""
      : ` (at ${ideasLabel(d.ideas)}; the goal is set for ${ideasLabel(ISSUE14_GOALS.ideas)})`;
  return { d, value: pick(d)!, note };
}

export function issue14Goals(inputs: Issue14Inputs): Goal[] {
  const list: Goal[] = [];
  const g = ISSUE14_GOALS;

  const d = inputs.durability;
  const supports =
    d?.app && d.bare ? share(d.app.requestsPerSecond, d.bare.requestsPerSecond) : NaN;
  list.push({
    goal: "supports through the real action (POST /ideas/:id), 20 signed-in connections, ÷ a bare node:http doing the same write",
    measured:
      d === undefined
        ? "– (run without --skip-durability)"
        : d?.app && d.bare
          ? `${int(d.app.requestsPerSecond)}/s ÷ ${int(d.bare.requestsPerSecond)}/s = ${times(supports)}` +
            (d.app.non303 + d.app.errors > 0 ? " (with errors)" : "")
          : "– (failed)",
    target: `≥ ${g.supportsShare}×`,
    met:
      d?.app && d.bare
        ? supports >= g.supportsShare && d.app.non303 === 0 && d.app.errors === 0
        : null,
  });

  const map = datasetFor(inputs, (x) =>
    x.map20 && x.hello20 ? { map: x.map20, hello: x.hello20 } : undefined,
  );
  const mapShare = map
    ? share(map.value.map.requestsPerSecond, map.value.hello.requestsPerSecond)
    : NaN;
  list.push({
    goal: "/api/map whole city, cached answer, 20 connections, ÷ a bare node:http hello (same run)",
    measured: map
      ? `${int(map.value.map.requestsPerSecond)}/s ÷ ${int(map.value.hello.requestsPerSecond)}/s = ${times(mapShare)}` +
        (clean(map.value.map) ? "" : " (with errors)") +
        map.note
      : "–",
    target: `≥ ${g.mapShareOfHello}×`,
    met: map ? mapShare >= g.mapShareOfHello && clean(map.value.map) : null,
  });

  for (const entry of MIDDLEWARE_PROFILES) {
    const runs = medianProfile(inputs.profiles?.filter((x) => x.path === entry.path) ?? []);
    const p = runs?.median;
    const middlewareUs = p ? fixedCostUs(p) : NaN;
    const named = p ? p.summary.middleware.reduce((sum, [, x]) => sum + x, 0) : NaN;
    const wallRuns = inputs.profiles?.filter((x) => x.path === entry.path).map(fixedCostWallUs);
    list.push({
      goal: `fixed cost of our middleware per request, from the profile: ${entry.label}, the median of ${MIDDLEWARE_PROFILE_LOAD.runs} runs of ${MIDDLEWARE_PROFILE_LOAD.seconds} s under --cpu-prof`,
      measured: p
        ? `${middlewareUs.toFixed(0)} µs` +
          (p.mainThread
            ? ` of CPU: ${(100 * p.summary.middlewareSampleShare).toFixed(2)} % of the busy samples × the main thread's ${perRequestUs(p.mainThread.onCpuMs, p.requests).toFixed(0)} µs of CPU per answer`
            : "") +
          ` (runs: ${runs.middlewareUs.map((x) => x.toFixed(0)).join(", ")}); weighed by the profile's wall-clock time instead ${fixedCostWallUs(p).toFixed(0)} µs (runs: ${wallRuns!.map((x) => x.toFixed(0)).join(", ")}), of it ${p.summary.middleware
            .map(([name, msTotal]) => `${name} ${perRequestUs(msTotal, p.requests).toFixed(0)}`)
            .join(", ")}; compression's and pino's own code elsewhere ${perRequestUs(
            p.summary.middlewareTotalMs - named,
            p.requests,
          ).toFixed(0)}`
        : "–",
      target: `≤ ${g.middlewareUs} µs`,
      met: p ? middlewareUs <= g.middlewareUs : null,
    });
  }

  const pan = datasetFor(inputs, (x) => x.pan);
  const steps = pan?.value.pans ?? [];
  const others = steps.flatMap((s) => s.others);
  const otherBytes = others.reduce((s, o) => s + o.bytes, 0);
  const byPath = new Map<string, number>();
  for (const o of others) byPath.set(o.path, (byPath.get(o.path) ?? 0) + o.bytes);
  list.push({
    goal: `map pan (new bbox) → bytes over the wire for data besides /api/map (${steps.length || "–"} drags in Chromium, per drag)`,
    measured: pan
      ? `${kb(otherBytes / steps.length)}` +
        (byPath.size
          ? ` (${[...byPath].map(([path, bytes]) => `${path} ${kb(bytes / steps.length)}`).join(", ")})`
          : "") +
        `; /api/map ${kb(steps.reduce((s, x) => s + x.mapBytes, 0) / steps.length)} in ${int(
          steps.reduce((s, x) => s + x.mapRequests, 0) / steps.length,
        )} answer(s)`
      : "–",
    target: "0 B: only the map answer",
    met: pan ? otherBytes === 0 : null,
  });
  const rootAgain = steps.filter((x) => x.rootRevalidated).length;
  list.push({
    goal: "… and the root loader on a pan (a single-fetch request without `_routes`, or with root)",
    measured: pan ? `reran on ${rootAgain} of ${steps.length} drags` : "–",
    target: "never (no root revalidation)",
    met: pan ? rootAgain === 0 : null,
  });

  const cold = datasetFor(inputs, (x) => x.coldSearches);
  const searches = cold?.value ?? [];
  const slowest = searches.reduce<ColdSearch | undefined>(
    (a, b) => (a && a.ms >= b.ms ? a : b),
    undefined,
  );
  const blockiest = searches.reduce<ColdSearch | undefined>(
    (a, b) => (a && !(b.healthzMaxMs > a.healthzMaxMs) ? a : b),
    undefined,
  );
  const words = COLD_SEARCH_WORDS.map((w) => `q=${w}`).join(", ");
  list.push({
    goal: `/api/map whole city, cold ${words}: the slowest answer`,
    measured: slowest
      ? `${ms(slowest.ms, 0)} (q=${slowest.word}); all: ${searches.map((s) => `${s.word} ${ms(s.ms, 0)}${s.status === 200 ? "" : ` (${s.status})`}`).join(", ")}${cold!.note}`
      : "–",
    target: `≤ ${g.coldSearchMs} ms`,
    met: slowest ? searches.every((s) => s.status === 200 && s.ms <= g.coldSearchMs) : null,
  });
  list.push({
    goal: "… and the slowest /healthz while they ran (polled every 10 ms: the event loop's longest block)",
    measured: blockiest
      ? `${ms(blockiest.healthzMaxMs, 0)} (q=${blockiest.word}; ${int(searches.reduce((s, x) => s + x.healthzPolls, 0))} polls)`
      : "–",
    target: `≤ ${g.blockMs} ms`,
    met: blockiest ? searches.every((s) => s.healthzMaxMs <= g.blockMs) : null,
  });

  const similar = datasetFor(inputs, (x) => x.similar);
  const all = similar ? [...similar.value.newMs, ...similar.value.againMs] : [];
  const p95 = percentile(all, 95);
  list.push({
    goal: `/api/ideas/similar: p95 of ${all.length || "–"} look-ups`,
    measured: similar ? `${ms(p95, 1)}${similar.note}` : "–",
    target: `≤ ${g.similarP95Ms} ms`,
    met: similar ? p95 <= g.similarP95Ms : null,
  });

  const lighthouse = datasetFor(inputs, (x) => x.lighthouse?.find((s) => s.path.startsWith("/?")));
  const map5 = lighthouse?.value;
  list.push({
    goal: `Lighthouse 12.2.3 mobile on /: performance, median of ${map5?.performanceRuns.length ?? 5}`,
    measured: map5 ? `${map5.performance} (runs: ${map5.performanceRuns.join(", ")})` : "–",
    target: `≥ ${LIGHTHOUSE_GOALS.performance}`,
    met: map5 ? map5.performance >= LIGHTHOUSE_GOALS.performance : null,
  });
  list.push({
    goal: `… Total Blocking Time, median of ${map5?.tbtRuns.length ?? 5}`,
    measured: map5
      ? `${Math.round(map5.tbtMs)} ms (runs: ${map5.tbtRuns.map((t) => Math.round(t)).join(", ")})`
      : "–",
    target: `≤ ${LIGHTHOUSE_GOALS.tbtMs} ms`,
    met: map5 ? map5.tbtMs <= LIGHTHOUSE_GOALS.tbtMs : null,
  });

  const big = inputs.datasets.find((x) => x.ideas >= g.startIdeas && x.start);
  const s = big?.start;
  // Judged on the restart, which reads the map index's snapshot (decision 022); the cold start,
  // which builds it (a new database, or one written to while the server was down), beside it.
  const r = big?.restart ?? s;
  const describe = (x: NonNullable<typeof s>) =>
    `${x.indexReadyMs === null ? "" : `index ready in ${ms(x.indexReadyMs, 0)}; `}/healthz after ${ms(x.startupMs, 0)}, /api/map after ${ms(x.firstMapMs, 0)} (${ms(x.firstMapMs - x.startupMs, 0)} after listen); slowest /healthz ${ms(x.healthzMaxWaitMs, 0)} (${int(x.healthzPolls)} polls)`;
  list.push({
    goal: `start at ${ideasLabel(g.startIdeas)}: listen (first /healthz) → first whole-city /api/map answer, and the slowest /healthz meanwhile`,
    measured:
      r && s
        ? big?.restart
          ? `restart (snapshot read): ${describe(r)}. Cold (no snapshot, index built): ${describe(s)}`
          : describe(s)
        : "– (run with --start-ideas 1000000)",
    target: `serves at once: /api/map ≤ ${g.firstMapAfterListenMs / 1000} s after listen, no /healthz wait > ${g.startBlockMs} ms`,
    met: r
      ? r.firstMapMs - r.startupMs <= g.firstMapAfterListenMs &&
        r.healthzMaxWaitMs <= g.startBlockMs
      : null,
  });
  return list;
}
