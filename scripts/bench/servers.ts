// The servers the bench measures: the app's production build (build/server/server.js, as
// `npm start` runs it, without the build step) and the naive baseline (naive-server.ts). Both are child processes on 127.0.0.1.
import crypto from "node:crypto";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
// Stale or not: the rule `npm start` uses (paths from the working directory: the bench runs from the root).
import { buildIsStale } from "../build-state.mjs";
import { freePort, makeTempDir, ROOT, run, sleep, spawnTracked, stopChild } from "./util";

export const WHOLE_CITY_BBOX = "12.55,57.52,13.40,57.97";

export type RunningServer = {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
};

export type AppStart = {
  server: RunningServer;
  /** spawn → first 200 from /healthz */
  startupMs: number;
  /** spawn → first 200 from the whole-city /api/map (the index is built by then) */
  firstMapMs: number;
  /** "Map index ready in N ms" from the server's log, when it says so */
  indexReadyMs: number | null;
  /** the slowest /healthz answer between the first one and the first whole-city /api/map answer
   *  (polled every 50 ms): how long any request waited while the index was built */
  healthzMaxWaitMs: number;
  /** /healthz polls in that time */
  healthzPolls: number;
};

/** A production build, when the current one is missing or stale. Returns the time it took, or null. */
export async function buildIfNeeded(): Promise<number | null> {
  if (!buildIsStale()) return null;
  const cli = path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js");
  const production: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  const app = await run(process.execPath, [cli, "build"], production);
  const server = await run(
    process.execPath,
    [path.join(ROOT, "scripts/build-server.mjs")],
    production,
  );
  return app.ms + server.ms;
}

/**
 * A private copy of the production build for the servers to run from: a rebuild in the working
 * tree while the bench runs (someone's `npm start` or `npm test`) would otherwise replace the
 * fingerprinted assets under a running server and break the page. The sources and node_modules
 * are linked, not copied.
 */
export function snapshotBuild(): string {
  const stamp = () => fs.statSync(path.join(ROOT, "build/index.js")).mtimeMs;
  for (let attempt = 1; ; attempt++) {
    const dir = makeTempDir("samskapa-bench-build-");
    const before = stamp();
    fs.cpSync(path.join(ROOT, "build"), path.join(dir, "build"), { recursive: true });
    fs.cpSync(path.join(ROOT, "public"), path.join(dir, "public"), { recursive: true });
    if (stamp() === before) {
      for (const name of [
        "node_modules",
        "app",
        "db",
        "server.ts",
        "package.json",
        "tsconfig.json",
        "remix.config.js",
      ]) {
        if (fs.existsSync(path.join(ROOT, name)))
          fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
      }
      return dir;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    if (attempt === 5)
      throw new Error("The build kept changing while it was copied; is a build running?");
  }
}

function collectLog(child: ChildProcess, echoPrefix?: string) {
  let log = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    log += text;
    if (log.length > 200_000) log = log.slice(-100_000);
    if (echoPrefix && /error/i.test(text)) process.stderr.write(`${echoPrefix} ${text}`);
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  return () => log;
}

async function getStatus(url: string, timeoutMs = 2000): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

function exitedError(name: string, child: ChildProcess, log: string) {
  return new Error(
    `${name} exited (code ${child.exitCode}, signal ${child.signalCode}) before it was ready:\n${log.slice(-4000)}`,
  );
}

const INDEX_READY = /Map index ready in (\d+(?:\.\d+)?)\s*ms/i;

/** Starts the app's production build on a free port against `databasePath`. */
export async function startApp(
  databasePath: string,
  cwd: string,
  /** extra arguments for node, e.g. `--cpu-prof` (scripts/profile.ts) */
  nodeArgs: string[] = [],
): Promise<AppStart> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
    RATE_LIMITS: "off",
    SEED_DEMO: "0",
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATABASE_PATH: databasePath,
    MAP_TILE_URL: "off", // no base map: tiles are not what is measured
  };
  const started = performance.now();
  // The compiled server, as production runs it (decision 009).
  const child = spawnTracked(process.execPath, [...nodeArgs, "build/server/server.js"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = collectLog(child);
  const server: RunningServer = { name: "app", baseUrl, child, log, stop: () => stopChild(child) };

  try {
    const deadline = started + 180_000;
    let startupMs = NaN;
    while (performance.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw exitedError("The app", child, log());
      if ((await getStatus(`${baseUrl}/healthz`, 1000)) === 200) {
        startupMs = performance.now() - started;
        break;
      }
      await sleep(20);
    }
    if (!Number.isFinite(startupMs))
      throw new Error(`The app did not answer /healthz within 180 s:\n${log().slice(-4000)}`);

    // The first whole-city answer: the index is built by then, however the server builds it.
    // Meanwhile /healthz is asked every 50 ms: a request that waits shows the build blocking.
    let firstMapMs = NaN;
    const healthz = { maxMs: 0, polls: 0, running: true };
    const polling = (async () => {
      while (healthz.running) {
        const asked = performance.now();
        await getStatus(`${baseUrl}/healthz`, 120_000);
        healthz.maxMs = Math.max(healthz.maxMs, performance.now() - asked);
        healthz.polls++;
        await sleep(50);
      }
    })();
    try {
      while (performance.now() < deadline) {
        if (child.exitCode !== null) throw exitedError("The app", child, log());
        const status = await getStatus(
          `${baseUrl}/api/map?bbox=${WHOLE_CITY_BBOX}&zoom=11`,
          120_000,
        );
        if (status === 200) {
          firstMapMs = performance.now() - started;
          break;
        }
        await sleep(50);
      }
    } finally {
      healthz.running = false;
      await polling;
    }
    if (!Number.isFinite(firstMapMs))
      throw new Error(`/api/map did not answer 200 within 180 s:\n${log().slice(-4000)}`);

    // The log line is optional: wait a little for it, never long.
    let match = INDEX_READY.exec(log());
    for (let i = 0; !match && i < 40; i++) {
      await sleep(50);
      match = INDEX_READY.exec(log());
    }
    return {
      server,
      startupMs,
      firstMapMs,
      indexReadyMs: match ? Number(match[1]) : null,
      healthzMaxWaitMs: healthz.maxMs,
      healthzPolls: healthz.polls,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Starts the naive baseline (every point in the box, no clustering) on the same database file. */
export function startNaive(databasePath: string): Promise<RunningServer> {
  return startBareServer("naive", "scripts/bench/naive-server.ts", { DATABASE_PATH: databasePath });
}

/** Starts the bare `node:http` hello server (hello-server.ts), the floor of any answer (issue 14). */
export function startHello(): Promise<RunningServer> {
  return startBareServer("hello", "scripts/bench/hello-server.ts", {});
}

/** A bare node:http server of the bench's own: a script that prints "<NAME>_LISTENING <port>". */
async function startBareServer(
  name: string,
  script: string,
  env: Record<string, string>,
): Promise<RunningServer> {
  const child = spawnTracked(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = collectLog(child);
  const listening = new RegExp(`${name.toUpperCase()}_LISTENING (\\d+)`);
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const match = listening.exec(log());
    if (match)
      return {
        name,
        baseUrl: `http://127.0.0.1:${match[1]}`,
        child,
        log,
        stop: () => stopChild(child),
      };
    if (child.exitCode !== null || child.signalCode !== null)
      throw exitedError(`The ${name} server`, child, log());
    await sleep(20);
  }
  await stopChild(child);
  throw new Error(`The ${name} server did not start within 60 s:\n${log()}`);
}

/** A start's figures without its server (AppStart), and the RSS once it serves the map. */
export type StartFigures = Omit<AppStart, "server"> & { rssMB: number };

/**
 * The start measured twice on one database (issue 14, decision 022): cold — no snapshot of the map
 * index, so the server builds it — then, after a graceful stop (SIGTERM: the server writes the
 * index's snapshot beside the database), a restart that reads the snapshot instead.
 */
export async function startColdAndRestart(
  databasePath: string,
  cwd: string,
): Promise<{ cold: StartFigures; stopMs: number; restart: StartFigures }> {
  fs.rmSync(`${databasePath}.map-index`, { force: true });
  const measure = async (): Promise<{ figures: StartFigures; server: RunningServer }> => {
    const { server, ...start } = await startApp(databasePath, cwd);
    try {
      const health = await fetch(`${server.baseUrl}/healthz?verbose`);
      const { memoryMB } = (await health.json()) as { memoryMB: number };
      return { figures: { ...start, rssMB: memoryMB }, server };
    } catch (error) {
      await server.stop();
      throw error;
    }
  };
  const cold = await measure();
  const stopping = performance.now();
  // Time enough to write a million ideas' snapshot; a killed server would leave none.
  await stopChild(cold.server.child, 30_000);
  const stopMs = performance.now() - stopping;
  if (cold.server.child.exitCode !== 0)
    throw new Error(`The app did not stop cleanly:\n${cold.server.log().slice(-4000)}`);
  if (!fs.existsSync(`${databasePath}.map-index`))
    throw new Error(`The app wrote no map index snapshot:\n${cold.server.log().slice(-4000)}`);
  const restart = await measure();
  await restart.server.stop();
  if (!/map index read from its snapshot/.test(restart.server.log()))
    throw new Error(`The restart did not read the snapshot:\n${restart.server.log().slice(-4000)}`);
  return { cold: cold.figures, stopMs, restart: restart.figures };
}
