// `npm run bench [-- --quick] [-- --duration S] [-- --ideas 10000,100000] [-- --soak-minutes N] [-- --out FILE]`:
// the performance benchmarks of issues 4, 6, 7, 12 and 14. Seeds throwaway databases, starts the production
// build, measures /api/map (against a naive baseline), freshness after a write, start-up, and the map
// page in Chromium; then the live workshop: fan-out from a phone's POST to 200 screens, and a soak
// with screens coming and going while the server's memory is sampled; supports per second against a
// bare node:http baseline and a kill -9 crash test (issue 7); hostile requests against 100,000 ideas
// while /healthz is polled (issue 12); issue 14's goals: the cached map answer against a bare node:http
// hello, a page's middleware from a short CPU profile, a map pan in Chromium, cold one-word searches
// with /healthz polled, Lighthouse's median of five. Prints the tables and writes docs/benchmarks.md. Measures only through HTTP and the browser (never imports the app), and talks
// only to 127.0.0.1.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { measurePage, measurePan } from "./bench/browser";
import { lighthouseRows, runLighthouse } from "./bench/lighthouse";
import { BENCH_ACCOUNT, measureFreshness } from "./bench/freshness";
import {
  crashRows,
  durabilityHeld,
  runDurabilityBench,
  supportsRows,
  type DurabilityResult,
} from "./bench/durability";
import { answerSize, fetchRaw, load } from "./bench/http";
import { measureColdSearches, MIDDLEWARE_PROFILE_LOAD, MIDDLEWARE_PROFILES } from "./bench/issue14";
import { profileUnderLoad } from "./bench/profile-run";
import {
  HOSTILE,
  hostileMarkdown,
  hostileRows,
  runHostileBench,
  type HostileResult,
} from "./bench/hostile";
import {
  goalRows,
  issue14Inputs,
  issue14Rows,
  loadRows,
  machine,
  markdown,
  otherRows,
  QUERIES,
  sizeRows,
  type DatasetResult,
  type Probe,
} from "./bench/report";
import {
  buildIfNeeded,
  snapshotBuild,
  startApp,
  startColdAndRestart,
  startHello,
  startNaive,
  type RunningServer,
} from "./bench/servers";
import {
  cleanupAll,
  killAllSync,
  makeTempDir,
  median,
  removeTempDir,
  ROOT,
  seconds,
  seedSyntheticIdeas,
  createAccount,
} from "./bench/util";
import {
  fanoutRows,
  runWorkshopBench,
  soakRows,
  workshopGoalRows,
  workshopOtherRows,
  type WorkshopBenchResult,
} from "./bench/workshop";

const USAGE = `npm run bench [-- options]
  --quick            3 s per load case and only 10,000 ideas (the hostile requests too)
  --duration S       seconds per load case (default 10)
  --ideas N[,N…]     dataset sizes (default 10000,100000)
  --soak-minutes N   minutes of the live-workshop soak (default 10; 1 with --quick)
  --skip-workshop    leave out the live-workshop part (fan-out and soak)
  --only-workshop    only the live-workshop part; writes a report only when --out is given
  --skip-durability  leave out supports per second and the crash test (issue 7)
  --only-durability  only supports per second and the crash test; writes a report only when --out is given
  --skip-hostile     leave out the hostile requests (issue 12)
  --only-hostile     only the hostile requests against 100,000 ideas with /healthz polled; writes a
                     report (docs/benchmarks-hostile.md's format) only when --out is given
  --hostile-case T   only the hostile cases whose label contains T (e.g. "megapixel"), to look again
  --skip-lighthouse  leave out Lighthouse (issues 8 and 14)
  --skip-profile     leave out the short CPU profile of a page (issue 14's middleware goal)
  --start-ideas N    also seed N ideas and measure only the start (issue 14: e.g. 1000000; seeding
                     a million takes minutes, and the rest of the bench would not fit them)
  --out FILE         where to write the report (default docs/benchmarks.md)`;

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      duration: { type: "string" },
      ideas: { type: "string" },
      "soak-minutes": { type: "string" },
      "skip-workshop": { type: "boolean", default: false },
      "only-workshop": { type: "boolean", default: false },
      "skip-durability": { type: "boolean", default: false },
      "only-durability": { type: "boolean", default: false },
      "skip-hostile": { type: "boolean", default: false },
      "only-hostile": { type: "boolean", default: false },
      "hostile-case": { type: "string" },
      "skip-lighthouse": { type: "boolean", default: false },
      "skip-profile": { type: "boolean", default: false },
      "start-ideas": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const duration = Number(values.duration ?? (values.quick ? 3 : 10));
  if (!Number.isFinite(duration) || duration < 1 || duration > 600)
    throw new Error("--duration must be 1–600 seconds");
  const sizes = (values.ideas ?? (values.quick ? "10000" : "10000,100000"))
    .split(",")
    .map((s) => Number(s.trim()));
  if (!sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000)) {
    throw new Error("--ideas must be whole numbers from 1 to 1,000,000, comma-separated");
  }
  const startSizes = (values["start-ideas"] ?? "")
    .split(",")
    .filter((x) => x.trim() !== "")
    .map((x) => Number(x.trim()));
  if (!startSizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 1_000_000)) {
    throw new Error("--start-ideas must be whole numbers from 1 to 1,000,000, comma-separated");
  }
  const soakMinutes = Number(values["soak-minutes"] ?? (values.quick ? 1 : 10));
  if (!Number.isFinite(soakMinutes) || soakMinutes < 0.5 || soakMinutes > 180)
    throw new Error("--soak-minutes must be 0.5–180");
  if (values["skip-workshop"] && values["only-workshop"])
    throw new Error("--skip-workshop and --only-workshop exclude each other");
  if (values["skip-durability"] && values["only-durability"])
    throw new Error("--skip-durability and --only-durability exclude each other");
  if (values["skip-hostile"] && values["only-hostile"])
    throw new Error("--skip-hostile and --only-hostile exclude each other");
  if (
    [values["only-workshop"], values["only-durability"], values["only-hostile"]].filter(Boolean)
      .length > 1
  ) {
    throw new Error("--only-workshop, --only-durability and --only-hostile exclude each other");
  }
  const onlyWorkshop = values["only-workshop"];
  const onlyDurability = values["only-durability"];
  const onlyHostile = values["only-hostile"];
  const onlyOne = onlyWorkshop || onlyDurability || onlyHostile;
  const out = values.out ?? (onlyOne ? undefined : "docs/benchmarks.md");
  return {
    quick: values.quick,
    duration,
    sizes: onlyOne ? [] : sizes,
    startSizes: onlyOne ? [] : startSizes,
    workshop: !values["skip-workshop"] && !onlyDurability && !onlyHostile,
    durability: !values["skip-durability"] && !onlyWorkshop && !onlyHostile,
    hostile: !values["skip-hostile"] && !onlyWorkshop && !onlyDurability,
    onlyHostile,
    hostileCase: values["hostile-case"],
    lighthouse: !values["skip-lighthouse"],
    profile: !values["skip-profile"],
    soakMinutes,
    // the first sample after the screens, the phones and the server have settled
    warmupSeconds: soakMinutes >= 5 ? 60 : 15,
    out: out === undefined ? undefined : path.resolve(ROOT, out),
  };
}

const label = (n: number) => `[${n.toLocaleString("en-US")}]`;

async function attempt<T>(
  result: DatasetResult,
  part: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${label(result.ideas)} ${part} failed: ${message}`);
    result.failures.push({ part, message });
    return undefined;
  }
}

async function probe(baseUrl: string, probeLabel: string, urlPath: string): Promise<Probe> {
  const cold = await fetchRaw(baseUrl + urlPath);
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push((await fetchRaw(baseUrl + urlPath)).latencyMs);
  return {
    label: probeLabel,
    path: urlPath,
    status: cold.status,
    coldMs: cold.latencyMs,
    warmMs: median(warm),
  };
}

// What residents type: 8 wishes × 8 places, each text asked once (what a look-up costs when its
// words are new to the server), then again with a word more (a person typing on).
const SIMILAR_WISHES = [
  "Fler cykelbanor och cykelparkering",
  "Solceller på taken av skolor och förskolor",
  "Laddstolpar för elbilar",
  "Tätare bussar på kvällarna",
  "Plantera fler träd och bygg en park",
  "Minska matsvinnet i skolornas kök",
  "Återbruk av byggmaterial när hus rivs",
  "Sänk hastigheten för säkrare gång",
];
const SIMILAR_WARM_UP = [
  "Bättre belysning i gångtunneln vid stationen",
  "Blommor på rondellen vid Druvefors",
  "Fontän på torget som spolar om sommaren",
  "Hundrastgård med staket och vattenpost",
  "Utegym med chinsräcke och bänkar",
  "Lekplats med gungor för små barn",
];
const SIMILAR_PLACES = [
  ["Norrby", 57.7355, 12.9525],
  ["Hässleholmen", 57.7384, 12.9762],
  ["centrum", 57.7209, 12.9401],
  ["Göta", 57.7148, 12.9178],
  ["Knalleland", 57.7331, 12.9297],
  ["Sandared", 57.7103, 12.7896],
  ["Fristad", 57.8254, 13.0105],
  ["Dalsjöfors", 57.7202, 13.0858],
] as const;

async function measureSimilar(app: string): Promise<{ newMs: number[]; againMs: number[] }> {
  // Over one kept-alive connection, as the page's script asks while a person types.
  const ask = async (text: string, lat: number, lng: number) => {
    const query = new URLSearchParams({ text, lat: String(lat), lng: String(lng) });
    const started = performance.now();
    const answer = await fetch(`${app}/api/ideas/similar?${query}`);
    await answer.arrayBuffer();
    if (answer.status !== 200) throw new Error(`/api/ideas/similar answered ${answer.status}`);
    return performance.now() - started;
  };
  // The worker's code warmed up first (as on a server that has run a while), with other words, so
  // that what is measured still finds its words new.
  for (const text of SIMILAR_WARM_UP) await ask(text, 57.72, 12.94);
  const newMs: number[] = [];
  const againMs: number[] = [];
  for (const [place, lat, lng] of SIMILAR_PLACES)
    for (const wish of SIMILAR_WISHES) newMs.push(await ask(`${wish} i ${place}`, lat, lng));
  for (const [place, lat, lng] of SIMILAR_PLACES)
    for (const wish of SIMILAR_WISHES)
      againMs.push(await ask(`${wish} i ${place}, gärna snart`, lat, lng));
  return { newMs, againMs };
}

async function runDataset(
  ideas: number,
  durationSeconds: number,
  appDir: string,
  parts: { lighthouse: boolean; profile: boolean },
): Promise<DatasetResult> {
  const tag = label(ideas);
  const result: DatasetResult = {
    ideas,
    seedMs: NaN,
    sizes: {},
    load: [],
    probes: [],
    failures: [],
  };
  const dir = makeTempDir("samskapa-bench-");
  const databasePath = path.join(dir, "bench.db");
  // A secret for the tools too, in case the caller's shell says NODE_ENV=production.
  const env = {
    ...process.env,
    DATABASE_PATH: databasePath,
    SESSION_SECRET: crypto.randomBytes(24).toString("hex"),
  };
  const servers: RunningServer[] = [];
  try {
    console.log(`${tag} seeding ${ideas.toLocaleString("en-US")} ideas …`);
    const seeded = await seedSyntheticIdeas(env, ideas);
    result.seedMs = seeded.ms;
    await createAccount(env, BENCH_ACCOUNT);
    console.log(`${tag} seeded in ${seconds(seeded.ms)}; starting the app …`);

    const started = await startApp(databasePath, appDir);
    servers.push(started.server);
    result.start = {
      startupMs: started.startupMs,
      firstMapMs: started.firstMapMs,
      indexReadyMs: started.indexReadyMs,
      healthzMaxWaitMs: started.healthzMaxWaitMs,
      healthzPolls: started.healthzPolls,
    };
    const app = started.server.baseUrl;
    await attempt(result, "memory after start", async () => {
      const health = await fetch(`${app}/healthz?verbose`);
      result.rssAfterStartMB = ((await health.json()) as { memoryMB: number }).memoryMB;
    });
    console.log(
      `${tag} app up: /healthz after ${Math.round(started.startupMs)} ms, first /api/map after ${Math.round(started.firstMapMs)} ms` +
        (started.indexReadyMs === null ? "" : `, index built in ${started.indexReadyMs} ms`),
    );
    const naive = await attempt(result, "naive baseline", () => startNaive(databasePath));
    if (naive) servers.push(naive);

    await attempt(result, "answer sizes", async () => {
      for (const q of QUERIES) {
        const appSize = await answerSize(app + q.path);
        if (appSize.status !== 200) throw new Error(`${q.path} answered ${appSize.status}`);
        result.sizes[q.key] = {
          app: appSize,
          naive: naive ? await answerSize(naive.baseUrl + q.path) : undefined,
        };
      }
    });

    await attempt(result, "load", async () => {
      console.log(`${tag} warming up …`);
      for (const q of QUERIES) {
        await load(app + q.path, 1, 1);
        if (naive) await load(naive.baseUrl + q.path, 1, 1);
      }
      for (const q of QUERIES) {
        for (const connections of [1, 20]) {
          console.log(
            `${tag} ${q.label}, ${connections} connection(s), ${durationSeconds} s × ${naive ? 2 : 1} …`,
          );
          const appLoad = await load(app + q.path, connections, durationSeconds);
          const naiveLoad = naive
            ? await load(naive.baseUrl + q.path, connections, durationSeconds)
            : undefined;
          result.load.push({ query: q.key, connections, app: appLoad, naive: naiveLoad });
        }
      }
      // Issue 14's floor, under the same load right after the app's whole-city answer.
      await attempt(result, "hello baseline", async () => {
        const hello = await startHello();
        try {
          console.log(`${tag} bare node:http hello, 20 connections, ${durationSeconds} s …`);
          await load(hello.baseUrl, 1, 1);
          result.hello = await load(hello.baseUrl, 20, durationSeconds);
        } finally {
          await hello.stop();
        }
      });
      console.log(`${tag} /healthz for reference, 1 connection, ${durationSeconds} s …`);
      result.load.push({
        query: "healthz",
        connections: 1,
        app: await load(`${app}/healthz`, 1, durationSeconds),
      });
    });

    await attempt(result, "probes", async () => {
      const city = QUERIES[0].path;
      result.probes.push(await probe(app, "GET / (the map page's HTML)", "/"));
      result.probes.push(await probe(app, "whole city, focus=mobility", `${city}&focus=mobility`));
      result.probes.push(await probe(app, "whole city, q=cykelbana", `${city}&q=cykelbana`));
    });

    // Before anything else asks for a text search: each word must be new to this server.
    console.log(`${tag} cold one-word searches with /healthz polled …`);
    result.coldSearches = await attempt(result, "cold searches", () => measureColdSearches(app));

    console.log(`${tag} similar ideas while typing …`);
    result.similar = await attempt(result, "similar ideas", () => measureSimilar(app));

    console.log(`${tag} freshness after a write …`);
    result.freshness = await attempt(result, "freshness", () => measureFreshness(app));

    console.log(`${tag} the map page in Chromium …`);
    result.browser = await attempt(result, "browser", () => measurePage(app));

    console.log(`${tag} map pans in Chromium …`);
    result.pan = await attempt(result, "map pan", () => measurePan(app));

    if (parts.lighthouse) {
      console.log(`${tag} Lighthouse (mobile) on the map and an idea page …`);
      result.lighthouse = await attempt(result, "lighthouse", () => runLighthouse(app));
    }

    if (parts.profile) {
      result.profiles = [];
      const { runs, ...load } = MIDDLEWARE_PROFILE_LOAD;
      for (const entry of MIDDLEWARE_PROFILES) {
        for (let run = 1; run <= runs; run++) {
          console.log(
            `${tag} ${entry.label} under --cpu-prof, ${load.connections} connections, ${load.seconds} s (run ${run} of ${runs}) …`,
          );
          const profiled = await attempt(result, `profile of ${entry.path}`, () =>
            profileUnderLoad({
              databasePath,
              appDir,
              profileDir: path.join(dir, `profile-${entry.key}-${run}`),
              urlPath: entry.path,
              ...load,
            }),
          );
          if (profiled) result.profiles.push({ ...profiled, path: entry.path, label: entry.label });
        }
      }
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    removeTempDir(dir);
  }
  return result;
}

/** Seeds `ideas` and measures only the server's start (--start-ideas): spawn → /healthz, → the
 *  first whole-city /api/map with /healthz polled meanwhile, and the memory once it serves. */
async function runStartOnly(ideas: number, appDir: string): Promise<DatasetResult> {
  const tag = label(ideas);
  const result: DatasetResult = {
    ideas,
    startOnly: true,
    seedMs: NaN,
    sizes: {},
    load: [],
    probes: [],
    failures: [],
  };
  const dir = makeTempDir("samskapa-bench-start-");
  const databasePath = path.join(dir, "bench.db");
  const env = {
    ...process.env,
    DATABASE_PATH: databasePath,
    SESSION_SECRET: crypto.randomBytes(24).toString("hex"),
  };
  try {
    console.log(`${tag} seeding ${ideas.toLocaleString("en-US")} ideas (the start only) …`);
    result.seedMs = (await seedSyntheticIdeas(env, ideas)).ms;
    console.log(`${tag} seeded in ${seconds(result.seedMs)}; starting the app …`);
    await attempt(result, "start", async () => {
      // Cold (the map index built), then a restart after a graceful stop (its snapshot read).
      const { cold, stopMs, restart } = await startColdAndRestart(databasePath, appDir);
      const { rssMB, ...start } = cold;
      result.start = start;
      result.rssAfterStartMB = rssMB;
      result.restart = { ...restart, stopMs };
      for (const [name, x] of [
        ["cold", start],
        ["restart", restart],
      ] as const) {
        console.log(
          `${tag} ${name}: /healthz after ${Math.round(x.startupMs)} ms, first /api/map after ${Math.round(x.firstMapMs)} ms, slowest /healthz meanwhile ${Math.round(x.healthzMaxWaitMs)} ms`,
        );
      }
    });
  } finally {
    removeTempDir(dir);
  }
  return result;
}

async function main() {
  const opts = options();
  let stopping = false;
  const interrupt = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping the servers the bench started …`);
    void cleanupAll().finally(() => process.exit(130));
  };
  process.on("SIGINT", () => interrupt("SIGINT"));
  process.on("SIGTERM", () => interrupt("SIGTERM"));
  process.on("exit", killAllSync);

  const m = machine();
  console.log(
    `Benchmark on ${m.cpu} (${m.cores} cores, ${m.memory}), Node ${m.node}, commit ${m.commit}`,
  );
  try {
    console.log("Checking the production build …");
    const buildMs = await buildIfNeeded();
    console.log(buildMs === null ? "The build is up to date." : `Built in ${seconds(buildMs)}.`);
    const appDir = snapshotBuild();

    const results: DatasetResult[] = [];
    for (const [i, ideas] of opts.sizes.entries()) {
      // The middleware profile once per run, on the first dataset (a page costs the same at any size).
      const parts = { lighthouse: opts.lighthouse, profile: opts.profile && i === 0 };
      results.push(await runDataset(ideas, opts.duration, appDir, parts));
    }
    for (const ideas of opts.startSizes) results.push(await runStartOnly(ideas, appDir));
    let workshop: WorkshopBenchResult | undefined;
    if (opts.workshop) {
      console.log(
        `\nLive workshop: fan-out to 200 screens, then a ${opts.soakMinutes}-minute soak …`,
      );
      workshop = await runWorkshopBench(appDir, {
        soakMinutes: opts.soakMinutes,
        warmupSeconds: opts.warmupSeconds,
      });
    }
    let durability: DurabilityResult | undefined;
    if (opts.durability) {
      console.log(
        `\nSupports and durability: ${opts.duration} s of supports per server, then a kill -9 crash test …`,
      );
      durability = await runDurabilityBench(appDir, { durationSeconds: opts.duration });
    }
    let hostile: HostileResult | undefined;
    if (opts.hostile) {
      const ideas = opts.quick ? 10_000 : HOSTILE.ideas;
      console.log(
        `\nHostile requests against ${ideas.toLocaleString("en-US")} ideas while /healthz is polled every ${HOSTILE.pollEveryMs} ms …`,
      );
      hostile = await runHostileBench(appDir, { ideas, only: opts.hostileCase });
    }

    for (const r of results) {
      if (r.startOnly) {
        console.log(`\n=== ${r.ideas.toLocaleString("en-US")} ideas: the start only ===`);
        console.table(otherRows(r));
        continue;
      }
      console.log(`\n=== ${r.ideas.toLocaleString("en-US")} ideas: goals (issue 4) ===`);
      console.table(goalRows(r));
      console.log("/api/map under load (app vs. naive baseline)");
      console.table(loadRows(r));
      console.log("One answer's size");
      console.table(sizeRows(r));
      console.table(otherRows(r));
      if (r.lighthouse) console.table(lighthouseRows(r.lighthouse));
    }
    if (results.length > 0) {
      console.log("\n=== Goals (issue 14) ===");
      console.table(
        issue14Rows(issue14Inputs(results, opts.durability ? (durability ?? null) : undefined)),
      );
    }

    if (workshop) {
      console.log("\n=== Live workshop: goals (issue 6) ===");
      console.table(workshopGoalRows(workshop));
      console.log("Fan-out");
      console.table(fanoutRows(workshop));
      console.log("Soak");
      console.table(soakRows(workshop));
      console.table(workshopOtherRows(workshop));
    }

    if (durability) {
      console.log("\n=== Supports and durability (issue 7) ===");
      console.log(
        `Supports per second: ${durability.connections} signed-in connections, ${durability.durationSeconds} s, vote/unvote alternating`,
      );
      console.table(supportsRows(durability));
      console.log("Crash test: kill -9 during a storm of supports, restart, count");
      console.table(crashRows(durability));
      console.log(
        durabilityHeld(durability)
          ? "Every acknowledged support survived."
          : "NOT every acknowledged support survived (or the test failed).",
      );
    }

    if (hostile) {
      console.log(
        `\n=== Hostile requests (issue 12): /healthz slowest ≤ ${HOSTILE.healthzGoalMs} ms, never a 5xx ===`,
      );
      console.log(`Machine load before: ${hostile.uptimeBefore}; after: ${hostile.uptimeAfter}`);
      console.table(hostileRows(hostile));
    }

    const chromium = results.find((r) => r.browser)?.browser?.chromiumVersion;
    if (opts.out) {
      fs.mkdirSync(path.dirname(opts.out), { recursive: true });
      const report =
        opts.onlyHostile && hostile
          ? hostileMarkdown(hostile, m, { standalone: true })
          : markdown(results, m, {
              durationSeconds: opts.duration,
              quick: opts.quick,
              chromium,
              buildMs,
              workshop: opts.workshop ? (workshop ?? null) : undefined,
              soakMinutes: opts.soakMinutes,
              durability: opts.durability ? (durability ?? null) : undefined,
            }) + (hostile ? `\n${hostileMarkdown(hostile, m, { standalone: false })}` : "");
      fs.writeFileSync(opts.out, report);
      console.log(
        `\nWrote ${opts.out.startsWith(ROOT + path.sep) ? path.relative(ROOT, opts.out) : opts.out}`,
      );
    } else {
      console.log(
        "\n--only-workshop / --only-durability / --only-hostile without --out: no report written.",
      );
    }
    if (
      results.some((r) => r.failures.length > 0) ||
      (workshop && workshop.failures.length > 0) ||
      (durability && (durability.failures.length > 0 || !durabilityHeld(durability))) ||
      (hostile && hostile.failures.length > 0)
    ) {
      process.exitCode = 1;
    }
  } finally {
    await cleanupAll();
  }
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  await cleanupAll();
  process.exit(1);
});
