// The machine, the goals from issue 4, and the tables: for the console and for docs/benchmarks.md.
import { execFileSync } from "node:child_process";
import { LIGHTHOUSE_GOALS, lighthouseRows, type LighthouseScore } from "./lighthouse";
import os from "node:os";
import type { BrowserResult, PanResult } from "./browser";
import type { Freshness } from "./freshness";
import { crashRows, supportsRows, type DurabilityResult } from "./durability";
import type { AnswerSize, LoadResult } from "./http";
import {
  COLD_SEARCH_WORDS,
  fixedCostUs,
  ISSUE14_GOALS,
  issue14Goals,
  MIDDLEWARE_PROFILE_LOAD,
  MIDDLEWARE_PROFILES,
  type ColdSearch,
  type MiddlewareProfile,
  type Issue14Inputs,
} from "./issue14";
import { perRequestUs, PROFILE_INTERVAL_US } from "./profile-run";
import { int, kb, median, ms, percentile, ratio, ROOT, seconds } from "./util";
import {
  fanoutRows,
  soakRows,
  WORKSHOP_GOALS,
  workshopGoalRows,
  workshopOtherRows,
  type WorkshopBenchResult,
} from "./workshop";

export const QUERIES = [
  {
    key: "city",
    label: "whole city (zoom 11)",
    path: "/api/map?bbox=12.55,57.52,13.40,57.97&zoom=11",
  },
  {
    key: "street",
    label: "street in the centre (zoom 16)",
    path: "/api/map?bbox=12.928,57.716,12.952,57.726&zoom=16",
  },
] as const;
export type QueryKey = (typeof QUERIES)[number]["key"];

export type Probe = { label: string; path: string; status: number; coldMs: number; warmMs: number };

export type DatasetResult = {
  ideas: number;
  /** seeded for the start only (--start-ideas): no load, page or search figures */
  startOnly?: boolean;
  seedMs: number;
  start?: {
    startupMs: number;
    firstMapMs: number;
    indexReadyMs: number | null;
    /** the slowest /healthz between the first one and the first whole-city /api/map answer */
    healthzMaxWaitMs: number;
    healthzPolls: number;
  };
  /** --start-ideas: the same again after a graceful stop, which wrote the map index's snapshot
   *  (decision 022): the restart reads it instead of building */
  restart?: NonNullable<DatasetResult["start"]> & { stopMs: number; rssMB?: number };
  sizes: Partial<Record<QueryKey, { app: AnswerSize; naive?: AnswerSize }>>;
  load: { query: QueryKey | "healthz"; connections: number; app: LoadResult; naive?: LoadResult }[];
  probes: Probe[];
  freshness?: Freshness;
  /** GET /api/ideas/similar, one at a time: texts never asked before, then each again with a word added (typing on) */
  similar?: { newMs: number[]; againMs: number[] };
  browser?: BrowserResult;
  lighthouse?: LighthouseScore[];
  /** the server's RSS once the map index is built (`/healthz?verbose`), MB */
  rssAfterStartMB?: number;
  /** issue 14: a bare node:http hello at 20 connections, right after the app's whole-city load */
  hello?: LoadResult;
  /** issue 14: cold one-word searches with /healthz polled */
  coldSearches?: ColdSearch[];
  /** issue 14: map pans in Chromium */
  pan?: PanResult;
  /** issue 14: MIDDLEWARE_PROFILES under --cpu-prof (the first dataset of the run only) */
  profiles?: MiddlewareProfile[];
  /** parts that failed, with why */
  failures: { part: string; message: string }[];
};

export type Machine = {
  cpu: string;
  cores: number;
  memory: string;
  os: string;
  node: string;
  date: string;
  commit: string;
};

export function machine(): Machine {
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    } catch {
      return "";
    }
  };
  const commit = git(["rev-parse", "--short", "HEAD"]) || "unknown";
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit: dirty ? `${commit} (with uncommitted changes)` : commit,
  };
}

// ---------------------------------------------------------------------------------------------
// Goals (issue 4: "Figures to reach", set for 100,000 ideas on this 2-core machine)

export type Goal = { goal: string; measured: string; target: string; met: boolean | null };

const mark = (met: boolean | null) => (met === null ? "–" : met ? "✅" : "❌");

function loadFor(r: DatasetResult, query: QueryKey, connections: number) {
  return r.load.find((l) => l.query === query && l.connections === connections);
}

/** A load figure counts only when every answer was a 2xx and nothing failed. */
const clean = (l: LoadResult) => l.non2xx === 0 && l.errors === 0;

export function goals(r: DatasetResult): Goal[] {
  const list: Goal[] = [];
  for (const q of QUERIES) {
    const one = loadFor(r, q.key, 1);
    list.push({
      goal: `${q.label}: p97.5 latency at 1 connection`,
      measured: one ? ms(one.app.p975, 0) + (clean(one.app) ? "" : " (with errors)") : "–",
      target: "≤ 20 ms",
      met: one ? one.app.p975 <= 20 && clean(one.app) : null,
    });
  }
  for (const q of QUERIES) {
    const many = loadFor(r, q.key, 20);
    list.push({
      goal: `${q.label}: answers/s at 20 connections`,
      measured: many
        ? int(many.app.requestsPerSecond) + (clean(many.app) ? "" : " (with errors)")
        : "–",
      target: "≥ 300/s",
      met: many ? many.app.requestsPerSecond >= 300 && clean(many.app) : null,
    });
  }
  const city = r.sizes.city?.app;
  list.push({
    goal: "whole-city answer, compressed",
    measured: city ? `${kb(city.wireBytes)} (${city.encoding})` : "–",
    target: "≤ 100 KB",
    met: city ? city.status === 200 && city.wireBytes <= 100_000 : null,
  });
  const fresh = r.freshness;
  const freshMax = fresh
    ? Math.max(...fresh.samplesMs.map((s) => (Number.isFinite(s) ? s : Infinity)))
    : NaN;
  list.push({
    goal: `a new idea on the map after it is posted (slowest of ${fresh?.samplesMs.length ?? 5})`,
    measured: fresh ? (Number.isFinite(freshMax) ? ms(freshMax, 0) : "not seen within 30 s") : "–",
    target: "≤ 1 s",
    met: fresh ? freshMax <= 1000 : null,
  });
  const similar = r.similar;
  const similarP95 = similar ? percentile([...similar.newMs, ...similar.againMs], 95) : NaN;
  list.push({
    goal: `similar ideas while typing (/api/ideas/similar): p95 of ${similar ? similar.newMs.length + similar.againMs.length : "–"} look-ups`,
    measured: similar ? ms(similarP95, 1) : "–",
    target: "≤ 20 ms",
    met: similar ? similarP95 <= 20 : null,
  });
  const page = r.browser;
  list.push({
    goal: "the map page's JavaScript, compressed",
    measured: page ? `${kb(page.scripts.encodedBytes)} (${page.scripts.count} files)` : "–",
    target: "≤ 200 KB",
    met: page ? page.scripts.encodedBytes <= 200_000 : null,
  });
  list.push({
    goal: `clusters drawn after navigation starts (median of ${page?.loads.length ?? 3} loads)`,
    measured: page ? ms(page.clustersMedianMs, 0) : "–",
    target: "≤ 1.5 s",
    met: page ? page.clustersMedianMs <= 1500 : null,
  });
  return list;
}

// ---------------------------------------------------------------------------------------------
// Tables as rows (for console.table) and as Markdown

type Row = Record<string, string>;

export function goalRows(r: DatasetResult): Row[] {
  return goalTable(goals(r));
}

function goalTable(list: Goal[]): Row[] {
  return list.map((g) => ({
    goal: g.goal,
    measured: g.measured,
    target: g.target,
    met: mark(g.met),
  }));
}

/** Issue 14's inputs from the run's results. */
export function issue14Inputs(
  results: DatasetResult[],
  durability: DurabilityResult | null | undefined,
): Issue14Inputs {
  return {
    datasets: results.map((r) => ({
      ideas: r.ideas,
      map20: loadFor(r, "city", 20)?.app,
      hello20: r.hello,
      coldSearches: r.coldSearches,
      similar: r.similar,
      pan: r.pan,
      lighthouse: r.lighthouse,
      start: r.start,
      restart: r.restart,
    })),
    durability,
    profiles: results.find((r) => r.profiles?.length)?.profiles,
  };
}

export function issue14Rows(inputs: Issue14Inputs): Row[] {
  return goalTable(issue14Goals(inputs));
}

/** A latency only means something when answers finished. */
const latency = (l: LoadResult, value: number) => (l.total > 0 ? ms(value, 0) : "none finished");

export function loadRows(r: DatasetResult): Row[] {
  return r.load.map((l) => ({
    query:
      QUERIES.find((q) => q.key === l.query)?.label ??
      "/healthz (reference: the cost of any request)",
    conns: String(l.connections),
    "req/s": int(l.app.requestsPerSecond),
    p50: latency(l.app, l.app.p50),
    "p97.5": latency(l.app, l.app.p975),
    p99: latency(l.app, l.app.p99),
    "non-2xx": int(l.app.non2xx + l.app.errors),
    "naive req/s": l.naive ? int(l.naive.requestsPerSecond) : "–",
    "naive p97.5": l.naive ? latency(l.naive, l.naive.p975) : "–",
    "naive non-2xx": l.naive ? int(l.naive.non2xx + l.naive.errors) : "–",
    "app ÷ naive req/s": l.naive ? ratio(l.app.requestsPerSecond, l.naive.requestsPerSecond) : "–",
  }));
}

export function sizeRows(r: DatasetResult): Row[] {
  return QUERIES.flatMap((q) => {
    const s = r.sizes[q.key];
    if (!s) return [];
    return [
      {
        query: q.label,
        "app features (clusters)": `${int(s.app.features)} (${int(s.app.clusters)})`,
        "app raw": kb(s.app.rawBytes),
        "app compressed": `${kb(s.app.wireBytes)} ${s.app.encoding}`,
        "naive features": s.naive ? int(s.naive.features) : "–",
        "naive raw": s.naive ? kb(s.naive.rawBytes) : "–",
        "naive compressed": s.naive ? `${kb(s.naive.wireBytes)} ${s.naive.encoding}` : "–",
        "naive ÷ app bytes": s.naive ? ratio(s.naive.wireBytes, s.app.wireBytes) : "–",
      },
    ];
  });
}

export function otherRows(r: DatasetResult): Row[] {
  const rows: Row[] = [
    { measure: "seeding the database (npm run db:seed)", value: seconds(r.seedMs) },
  ];
  if (r.start) {
    rows.push(
      { measure: "start-up: spawn → first 200 from /healthz", value: ms(r.start.startupMs, 0) },
      {
        measure: 'map index build at start (server log "Map index ready")',
        value: r.start.indexReadyMs === null ? "not logged" : ms(r.start.indexReadyMs, 0),
      },
      { measure: "spawn → first whole-city /api/map answer", value: ms(r.start.firstMapMs, 0) },
      {
        measure:
          "slowest /healthz from the first one to the first whole-city /api/map (polled every 50 ms)",
        value: `${ms(r.start.healthzMaxWaitMs, 0)} (${int(r.start.healthzPolls)} polls)`,
      },
    );
  }
  if (r.restart) {
    rows.push(
      {
        measure: "graceful stop (SIGTERM) → exit, the map index's snapshot written",
        value: ms(r.restart.stopMs, 0),
      },
      { measure: "restart: spawn → first 200 from /healthz", value: ms(r.restart.startupMs, 0) },
      {
        measure: 'restart: map index read from its snapshot (server log "Map index ready")',
        value: r.restart.indexReadyMs === null ? "not logged" : ms(r.restart.indexReadyMs, 0),
      },
      {
        measure: "restart: spawn → first whole-city /api/map answer",
        value: ms(r.restart.firstMapMs, 0),
      },
      {
        measure: "restart: slowest /healthz from the first one to the first whole-city /api/map",
        value: `${ms(r.restart.healthzMaxWaitMs, 0)} (${int(r.restart.healthzPolls)} polls)`,
      },
    );
  }
  if (r.rssAfterStartMB !== undefined) {
    rows.push({
      measure: "server RSS once the map index is built (/healthz?verbose memoryMB)",
      value: `${int(r.rssAfterStartMB)} MB`,
    });
  }
  if (r.hello) {
    rows.push({
      measure: "bare node:http hello (scripts/bench/hello-server.ts), 20 connections: req/s",
      value: int(r.hello.requestsPerSecond) + (clean(r.hello) ? "" : " (with errors)"),
    });
  }
  for (const c of r.coldSearches ?? []) {
    rows.push({
      measure: `cold whole-city /api/map?q=${c.word}: answer / slowest /healthz meanwhile`,
      value: `${ms(c.ms, 0)} / ${ms(c.healthzMaxMs, 0)} (${int(c.healthzPolls)} polls)${c.status === 200 ? "" : ` (status ${c.status})`}`,
    });
  }
  if (r.pan) {
    for (const [i, step] of r.pan.pans.entries()) {
      rows.push({
        measure: `map pan ${i + 1} in Chromium: /api/map answers, bytes / everything else but tiles`,
        value: `${step.mapRequests}, ${kb(step.mapBytes)} / ${
          step.others.length
            ? step.others.map((o) => `${o.path} ${kb(o.bytes)}`).join(", ")
            : "nothing"
        }`,
      });
    }
  }
  if (r.freshness) {
    const f = r.freshness;
    const seen = f.samplesMs.filter(Number.isFinite);
    rows.push(
      {
        measure: `new idea visible on /api/map after POST: median / max of ${f.samplesMs.length}`,
        value: `${ms(median(f.samplesMs), 0)} / ${seen.length === f.samplesMs.length ? ms(Math.max(...seen), 0) : "not seen (30 s)"}`,
      },
      { measure: "POST /ideas/new itself (median)", value: ms(median(f.postMs), 0) },
    );
  }
  if (r.similar) {
    const { newMs, againMs } = r.similar;
    rows.push(
      {
        measure: `similar ideas: ${newMs.length} texts never asked before, median / p95 / slowest`,
        value: `${ms(median(newMs), 1)} / ${ms(percentile(newMs, 95), 1)} / ${ms(Math.max(...newMs), 1)}`,
      },
      {
        measure: `similar ideas: the same texts with a word more (typing on), median / p95 / slowest`,
        value: `${ms(median(againMs), 1)} / ${ms(percentile(againMs, 95), 1)} / ${ms(Math.max(...againMs), 1)}`,
      },
    );
  }
  for (const p of r.probes) {
    rows.push({
      measure: `${p.label}: first request / then median of 5`,
      value: `${ms(p.coldMs, 0)} / ${ms(p.warmMs, 0)}${p.status === 200 ? "" : ` (status ${p.status})`}`,
    });
  }
  if (r.browser) {
    const b = r.browser;
    rows.push(
      {
        measure: `page: clusters drawn after navigation (${b.loads.length} fresh loads)`,
        value: b.loads.map((l) => ms(l.clustersMs, 0)).join(", "),
      },
      {
        measure: "page: HTML first byte after navigation (median)",
        value: ms(median(b.loads.map((l) => l.documentTtfbMs)), 0),
      },
      {
        measure: `page: JavaScript, ${b.scripts.count} files, compressed / uncompressed`,
        value: `${kb(b.scripts.encodedBytes)} / ${kb(b.scripts.decodedBytes)}`,
      },
      {
        measure: "page: largest scripts (compressed)",
        value: b.scripts.largest
          .map((s) => `${s.url.replace(/^\/build\//, "")} ${kb(s.bytes)}`)
          .join(", "),
      },
    );
  }
  for (const p of r.profiles ?? []) {
    rows.push({
      measure: `${p.label} under --cpu-prof (${MIDDLEWARE_PROFILE_LOAD.connections} connections, ${MIDDLEWARE_PROFILE_LOAD.seconds} s, each run): answers/s, main thread busy per answer (wall clock), of it on a CPU and waiting for one, our middleware's CPU time`,
      value:
        `${int(p.perSecond)}/s${p.non2xx ? ` (${int(p.non2xx)} not 2xx)` : ""}, ${int(perRequestUs(p.summary.busyMs, p.requests))} µs, ` +
        (p.mainThread
          ? `${int(perRequestUs(p.mainThread.onCpuMs, p.requests))} µs and ${int(perRequestUs(p.mainThread.waitingMs, p.requests))} µs, `
          : "– and –, ") +
        `${int(fixedCostUs(p))} µs`,
    });
  }
  for (const f of r.failures)
    rows.push({ measure: `FAILED: ${f.part}`, value: f.message.split("\n")[0].slice(0, 300) });
  return rows;
}

function markdownTable(rows: Row[]): string {
  if (rows.length === 0) return "_(nothing measured)_\n";
  const headers = Object.keys(rows[0]);
  const escape = (s: string) => s.replace(/\|/g, "\\|");
  return (
    [
      `| ${headers.map(escape).join(" | ")} |`,
      `| ${headers.map(() => "---").join(" | ")} |`,
      ...rows.map((row) => `| ${headers.map((h) => escape(row[h] ?? "")).join(" | ")} |`),
    ].join("\n") + "\n"
  );
}

export function markdown(
  results: DatasetResult[],
  m: Machine,
  options: {
    durationSeconds: number;
    quick: boolean;
    chromium?: string;
    buildMs: number | null;
    /** undefined: skipped (--skip-workshop); null: it failed before it measured anything */
    workshop?: WorkshopBenchResult | null;
    soakMinutes: number;
    /** undefined: skipped (--skip-durability); null: it failed before it measured anything */
    durability?: DurabilityResult | null;
  },
): string {
  const parts: string[] = [];
  parts.push(`# Benchmarks

Generated by \`npm run bench\` (scripts/bench.ts) on ${m.date}; do not edit by hand, run it again.
${options.quick ? `\n**This is a quick run** (\`--quick\`: 3 s per case, 10,000 ideas only, a ${options.soakMinutes}-minute soak); the figures for the goals come from a full run.\n` : ""}
## How to run

\`\`\`sh
npm run bench                  # 10,000 and 100,000 ideas, 10 s per load case (a few minutes)
npm run bench -- --quick       # 10,000 ideas, 3 s per case
npm run bench -- --duration 20 # longer load cases
npm run bench -- --skip-workshop            # without the live workshop (~11 of the full run's minutes)
npm run bench -- --only-workshop --soak-minutes 2 --out /tmp/workshop.md
npm run bench -- --only-durability --out /tmp/durability.md
npm run bench -- --ideas 100000 --start-ideas 1000000 --skip-workshop # and the start at a million ideas (issue 14)
\`\`\`

It builds the app when the build is missing or stale, then for each size seeds a throwaway database
(\`npm run db:seed -- --ideas N --reset\`), creates a bench account (\`npm run user:create\`), and starts
the production server (\`node build/server/server.js\`, \`NODE_ENV=production\`, \`RATE_LIMITS=off\`,
\`SEED_DEMO=0\`) on a free port of 127.0.0.1, from a private copy of the build (so that a rebuild in the
working tree meanwhile cannot swap its assets). It measures only through HTTP and Chromium:

- **/api/map under load**: autocannon, ${options.durationSeconds} s per case, \`Accept-Encoding: gzip\`, after a 1 s warm-up;
  requests/s counts completed answers; latencies have autocannon's 1 ms resolution.
- **Naive baseline**: a bare \`node:http\` server (scripts/bench/naive-server.ts) on the same database file,
  read-only, answering every visible idea in the box as GeoJSON points (no clustering), gzip-compressed;
  the ratios show what clustering buys.
- **Answer size**: one answer fetched with \`Accept-Encoding: gzip\`, bytes counted as they arrive.
- **Freshness**: sign in, POST /ideas/new, then poll \`/api/map\` (a 100 m box, zoom 18) every 20 ms
  until the idea is a point in the answer; time from sending the POST.
- **The page**: Chromium (Playwright), ${results[0]?.browser?.loads.length ?? 3} fresh contexts (no cache) opening \`/\`; time from navigation
  start until \`.idea-map[data-ideas-loaded='true'] .leaflet-marker-icon\` exists; JavaScript = the encoded
  body sizes of every script response of the first load. The servers run with \`MAP_TILE_URL=off\` (no base map).
- KB = 1,000 bytes. The goals are issue 4's figures, set for 100,000 ideas; for 10,000 they are shown
  for reference.
- **Live workshop** (issue 6; scripts/bench/workshop.ts): its own server on a database of 1,000 seeded
  ideas and a facilitator account, who signs in and creates the workshops through the console's form.
  The screens are \`node:http\` requests in the bench process reading
  \`/api/workshops/:code/events\` and parsing it as EventSource does; the phones join with
  \`POST /w/:code\` (\`intent=join\`) and keep their cookie. The bench shares the machine's cores
  with the server, so its own reading and parsing is in the figures.
  - *Fan-out*: 200 screens connected, 30 phones post 5 ideas each at random moments over ~20 s. Per
    idea, the time from just before its POST is sent until 95% of the screens (190) have its
    \`event: idea\` (matched by its unique title); p50/p95/max over the ideas. A screen that never got
    an idea counts as missing it.
  - *Soak*: ${options.soakMinutes} min after a warm-up, ~200 screens; every second 5 random screens close and 5 open,
    half of the new ones with the \`Last-Event-ID\` of a closed one (checked against a screen that stays
    connected: every event after that id, up to the last one the new stream received, must arrive). A
    stream the server ends is reopened after 2 s with its last id, as EventSource would; one it refuses
    (e.g. 503 at the cap of connections) after its Retry-After (EventSource would give up). 5 phones post
    an idea every 2 s and a dot (placed, or taken back when three are placed) every 1 s. The server's
    RSS (\`VmRSS\` of the \`node\` process the bench spawned, from /proc) every 10 s; flat = a
    least-squares slope under ${WORKSHOP_GOALS.slopeMbPerMinute} MB/min over the second half, and the median of the last minute's samples within ${WORKSHOP_GOALS.endWithinShare * 100}% of the
    median of the first minute's (a single RSS sample swings by ±20 MB with the garbage collector, so
    one sample against another says more about when the collector last ran than about growth).
    The console's "N skärmar anslutna" is read before and after the bench closes every screen.
- **Supports and durability** (issue 7; scripts/bench/durability.ts): a database of 1,000 seeded ideas and
  20 resident accounts, each signed in through \`POST /login\` (20 cookies). *Supports per second*: 20
  keep-alive connections (\`node:http\` in the bench process, one request at a time each), one person
  per connection, alternating \`intent=vote\` / \`intent=unvote\` on \`POST /ideas/:id\` over ideas spread
  across the 1,000, so that every request is a write; ${options.durationSeconds} s after a 1 s warm-up. The baseline is a bare
  \`node:http\` server on the same database file (same pragmas: WAL, busy_timeout, synchronous=NORMAL,
  foreign_keys=ON) doing the same INSERT … ON CONFLICT DO NOTHING / DELETE in an immediate transaction
  for the person named by a \`uid\` cookie; no session, no idea lookup, no framework. *Crash test*: on a
  fresh copy of that database, 20 signed-in connections send \`intent=vote\` for distinct (person, idea)
  pairs as fast as they can; after ~3 s the server's \`node\` process (spawned directly, its own pid)
  gets SIGKILL; every pair whose 303 arrived before the kill must be in \`supports\` after a restart
  (checked with better-sqlite3, read-only), with \`supports_count\` equal to the rows of those ideas and
  \`PRAGMA integrity_check\` = ok.
- **Issue 14** (scripts/bench/issue14.ts; the goals are set for 100,000 ideas, and a row says so when
  its figure comes from another size):
  - *Supports*: the supports-per-second figures above, the app's requests/s ÷ the bare server's.
  - *Cached map answer*: the whole-city \`/api/map\` at 20 connections (the load table's figure), ÷ a bare
    \`node:http\` server answering "hello" to every request (scripts/bench/hello-server.ts, no framework,
    no compression) put under the same autocannon load right after it, in the same dataset's run.
  - *Middleware*: the app started again under \`node --cpu-prof --cpu-prof-interval=${PROFILE_INTERVAL_US}\` on the first
    dataset of the run, once per path: ${MIDDLEWARE_PROFILES.map((m) => `\`${m.path}\``).join(" and ")} (a page, where every middleware runs, and a small
    Remix answer through the same chain), ${MIDDLEWARE_PROFILE_LOAD.connections} connections for ${MIDDLEWARE_PROFILE_LOAD.seconds} s after a 2 s warm-up; the samples
    in the load's window attributed as \`npm run profile\` does (scripts/bench/profile-analysis.ts): each
    named middleware of server.ts with what it calls until Express hands over to the next one (the
    request-log line, which runs on the answer's \`finish\` event, with what it calls: pino and the
    write of the line; not the socket write before it); compression's middleware and its header hook
    with what they call (wrapping the response, negotiating the encoding, creating the gzip stream:
    once per answer, whatever its size); and the rest of compression's and pino's own code wherever
    it ran. Deflating the body (zlib, which compression's write wrapper feeds chunk by chunk) grows
    with the answer and is not counted. The figure is CPU time: those samples' share of the main
    thread's busy samples (counted: the sampler takes them at an even pace while the thread runs)
    times the thread's own CPU time over the load (Linux's \`/proc/<pid>/task/<pid>/schedstat\`),
    divided by the answers. Weighing each sample by the time until the next one, as the profile
    does, would also count the time the thread waited for a CPU held by the load generator, which
    lands mostly on the line after an answer's socket write (docs/decisions/026); that figure is
    shown beside it. The host's own speed still moves both: the same page's CPU time per answer
    ranged 4.0–7.0 ms within an hour.
  - *Map pan*: Chromium opens \`/?bbox=12.92,57.712,12.96,57.73\` (central Borås at zoom 14: at zoom 9 the whole
    municipality fills the map's bounds and a drag moves nothing), waits for the clusters and for no request in flight for 1 s, then
    drags the map with the mouse 3 times (250 px left, 200 px up, 250 px right); after each drag it waits
    until the address bar's \`bbox\` changes and no request has been in flight for 500 ms, and adds up
    the wire bytes (response headers and body) of every request started after the drag, except
    \`/api/map\` and \`/tiles/\` (counted apart): single-fetch \`*.data\` requests (their \`_routes\` shown: a
    request without it, or with \`root\`, reran the root loader), strings, scripts. The figure is per drag.
  - *Cold searches*: on the dataset's own server, before any other text search but the probe's
    \`q=cykelbana\`, the whole city at zoom 11 with \`q=\` ${COLD_SEARCH_WORDS.join(", ")}, each once (new to the server),
    one at a time, while the bench asks \`/healthz\` over one kept-alive connection every 10 ms; the
    slowest \`/healthz\` that overlapped a search is the longest the event loop was blocked (within
    ~10 ms).
  - *Similar ideas*: the p95 of the look-ups above (goal ≤ ${ISSUE14_GOALS.similarP95Ms} ms at 100,000 ideas).
  - *Lighthouse*: the map page's median performance score and Total Blocking Time of five runs.
  - *Start at 1,000,000 ideas* (only with \`--start-ideas 1000000\`, which seeds that many and measures
    only the start, or \`--ideas 1000000\`): spawn → first 200 from \`/healthz\` (the
    server listens), spawn → first 200 from the whole-city \`/api/map\`, and meanwhile \`/healthz\`
    asked every 50 ms: its slowest answer shows whether building the index blocked requests.

## Machine

| | |
| --- | --- |
| CPU | ${m.cpu} |
| cores | ${m.cores} |
| memory | ${m.memory} |
| OS | ${m.os} |
| Node.js | ${m.node} |
| Chromium | ${options.chromium ?? "–"} |
| date | ${m.date} |
| git commit | ${m.commit} |
| build | ${options.buildMs === null ? "up to date, reused" : `rebuilt in ${seconds(options.buildMs)}`} |
`);
  if (results.length > 0) {
    parts.push(`## Goals (issue 14)

Measured in this run (see *Issue 14* under How to run); rows whose part was skipped show –.

${markdownTable(issue14Rows(issue14Inputs(results, options.durability)))}`);
  }
  for (const r of [...results].sort((a, b) => b.ideas - a.ideas)) {
    if (r.startOnly) {
      parts.push(`## ${r.ideas.toLocaleString("en-US")} ideas: the start only (\`--start-ideas\`)

${markdownTable(otherRows(r))}`);
      continue;
    }
    parts.push(`## ${r.ideas.toLocaleString("en-US")} ideas

### Goals (issue 4)

${markdownTable(goalRows(r))}
### /api/map under load (app vs. naive baseline)

${markdownTable(loadRows(r))}
### One answer's size

${markdownTable(sizeRows(r))}
### Start-up, writes and the page

${markdownTable(otherRows(r))}${
      r.lighthouse?.length
        ? `
### Lighthouse 12.2.3, mobile profile (issue 8: performance ≥ ${LIGHTHOUSE_GOALS.performance}, accessibility ${LIGHTHOUSE_GOALS.accessibility}, best practices ≥ ${LIGHTHOUSE_GOALS.bestPractices})

Each figure is the median of the page's runs (five for the map, three for an idea; Lighthouse varies from run to run; its documentation advises the median). The servers run with \`MAP_TILE_URL=off\` (no base map), so no tile is loaded.

${markdownTable(lighthouseRows(r.lighthouse))}`
        : ""
    }`);
  }
  parts.push(workshopSection(options.workshop, options.soakMinutes));
  parts.push(durabilitySection(options.durability));
  return parts.join("\n");
}

function durabilitySection(d: DurabilityResult | null | undefined): string {
  const title = "## Supports and durability (issue 7)";
  if (d === undefined) return `${title}\n\n_Skipped (\`--skip-durability\`)._\n`;
  if (d === null) return `${title}\n\n_Not measured: the part failed before it started._\n`;
  return `${title}

### Supports per second: ${d.connections} signed-in connections, ${d.durationSeconds} s (app vs. bare node:http)

${markdownTable(supportsRows(d))}
### Crash test: kill -9 during a storm of supports, restart, count

${markdownTable(crashRows(d))}`;
}

function workshopSection(w: WorkshopBenchResult | null | undefined, soakMinutes: number): string {
  if (w === undefined) return "## Live workshop (issue 6)\n\n_Skipped (`--skip-workshop`)._\n";
  if (w === null)
    return "## Live workshop (issue 6)\n\n_Not measured: the part failed before it started._\n";
  return `## Live workshop (issue 6)

### Goals (issue 6)

${markdownTable(workshopGoalRows(w))}
### Fan-out: a phone's idea to 200 screens

${markdownTable(fanoutRows(w))}
### Soak: ${soakMinutes} minutes with screens coming and going

${markdownTable(soakRows(w))}
### The workshop server

${markdownTable(workshopOtherRows(w))}`;
}
