// Supports and durability (issue 7): supports per second through the real action (signed in, 20
// keep-alive connections, RATE_LIMITS=off) against a bare node:http server doing the same SQLite
// write on the same database file; then a crash test: SIGKILL the server's node process during a
// storm of supports, restart it, and check with SQLite (read-only) that every support the server
// acknowledged (303) is there, that supports_count matches, and that integrity_check is "ok".
//
// Run as `node --import tsx scripts/bench/durability.ts --bare-server` (DATABASE_PATH set), this file
// is the bare baseline itself: it prints "BARE_LISTENING <port>" once it listens.
import crypto from "node:crypto";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { signIn } from "./freshness";
import { startApp, type RunningServer } from "./servers";
import {
  int,
  makeTempDir,
  ms,
  percentile,
  removeTempDir,
  seconds,
  sleep,
  spawnTracked,
  stopChild,
  seedSyntheticIdeas,
  createAccount,
} from "./util";

export const DURABILITY = { ideas: 1000, connections: 20, crashAfterMs: 3000 } as const;

export type SupportsLoad = {
  seconds: number;
  total: number;
  requestsPerSecond: number;
  p50: number;
  p975: number;
  /** answers other than 303 */
  non303: number;
  /** requests that failed without an answer */
  errors: number;
};

export type CrashResult = {
  /** the pid that got SIGKILL (the node process itself, spawned directly) */
  pid: number;
  killedAfterMs: number;
  /** POSTs sent before the kill */
  sent: number;
  /** answered 303 before the kill: each one a (person, idea) support that must exist */
  acknowledged: number;
  found: number;
  missing: number;
  /** sent but unanswered when the server died, and in the database anyway (allowed either way) */
  inFlightPresent: number;
  inFlight: number;
  /** ideas touched whose supports_count differs from their rows in supports */
  countMismatches: number;
  integrity: string;
  /** spawn of the restarted server → /healthz 200 */
  restartMs: number;
};

export type DurabilityResult = {
  ideas: number;
  connections: number;
  durationSeconds: number;
  app?: SupportsLoad;
  bare?: SupportsLoad;
  crash?: CrashResult;
  failures: { part: string; message: string }[];
};

type Row = Record<string, string>;

// ---------------------------------------------------------------------------------------------
// The bare baseline (child process)

function serveBare() {
  const file = process.env.DATABASE_PATH;
  if (!file) {
    console.error("DATABASE_PATH is required");
    process.exit(2);
  }
  const db = new Database(file, { fileMustExist: true });
  // The same pragmas as app/utils/db.server.ts.
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  const insert = db.prepare(
    `INSERT INTO supports (user_id, idea_id)
     SELECT ?, id FROM ideas WHERE id = ? AND status = 'visible'
     ON CONFLICT DO NOTHING`,
  );
  const remove = db.prepare("DELETE FROM supports WHERE user_id = ? AND idea_id = ?");
  const vote = db.transaction((userId: number, ideaId: number) => insert.run(userId, ideaId));
  const unvote = db.transaction((userId: number, ideaId: number) => remove.run(userId, ideaId));

  const server = http.createServer((req, res) => {
    const match = /^\/ideas\/(\d+)$/.exec(req.url ?? "");
    const uid = /(?:^|;\s*)uid=(\d+)/.exec(String(req.headers.cookie ?? ""));
    if (req.method !== "POST" || !match || !uid) {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const ideaId = Number(match[1]);
      const userId = Number(uid[1]);
      const intent = form.get("intent");
      try {
        if (intent === "vote") vote.immediate(userId, ideaId);
        else if (intent === "unvote") unvote.immediate(userId, ideaId);
        else {
          res.writeHead(400).end();
          return;
        }
      } catch {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(303, { Location: `/ideas/${ideaId}#support`, "Content-Length": 0 }).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address && typeof address === "object") console.log(`BARE_LISTENING ${address.port}`);
  });
  const stop = () =>
    server.close(() => {
      db.close();
      process.exit(0);
    });
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function startBare(databasePath: string): Promise<RunningServer> {
  const child = spawnTracked(
    process.execPath,
    ["--import", "tsx", "scripts/bench/durability.ts", "--bare-server"],
    {
      env: { ...process.env, NODE_ENV: "production", DATABASE_PATH: databasePath },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const match = /BARE_LISTENING (\d+)/.exec(log);
    if (match) {
      return {
        name: "bare",
        baseUrl: `http://127.0.0.1:${match[1]}`,
        child,
        log: () => log,
        stop: () => stopChild(child),
      };
    }
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`The bare server exited:\n${log}`);
    await sleep(20);
  }
  await stopChild(child);
  throw new Error(`The bare server did not start within 60 s:\n${log}`);
}

// ---------------------------------------------------------------------------------------------
// The client: one keep-alive socket per connection, one request at a time on it

type Answer = { status: number; ms: number };

function post(
  agent: http.Agent,
  baseUrl: string,
  urlPath: string,
  cookie: string,
  body: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const url = new URL(baseUrl + urlPath);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
          Origin: baseUrl,
          Cookie: cookie,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * `connections` loops for `durationSeconds`, each as one person (its cookie): vote, unvote, vote, …
 * on ideas spread over the whole set, so that every request is a real write. `counters` carries each
 * connection's position from one call to the next (warm-up, then the measured run).
 */
async function supportStorm(
  baseUrl: string,
  cookies: string[],
  ideaIds: number[],
  durationSeconds: number,
  counters: number[],
): Promise<SupportsLoad> {
  const latencies: number[] = [];
  let non303 = 0;
  let errors = 0;
  const started = performance.now();
  const endAt = started + durationSeconds * 1000;
  const spread = Math.max(1, Math.floor(ideaIds.length / cookies.length));
  const agents: http.Agent[] = [];
  await Promise.all(
    cookies.map(async (cookie, c) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      while (performance.now() < endAt) {
        const n = counters[c]++;
        const ideaId = ideaIds[(c * spread + (n >> 1)) % ideaIds.length];
        try {
          const answer = await post(
            agent,
            baseUrl,
            `/ideas/${ideaId}`,
            cookie,
            `intent=${n % 2 === 0 ? "vote" : "unvote"}`,
          );
          latencies.push(answer.ms);
          if (answer.status !== 303) non303++;
        } catch {
          errors++;
          await sleep(10);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  return {
    seconds: elapsed,
    total: latencies.length,
    requestsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p975: percentile(latencies, 97.5),
    non303,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------

const supporter = (i: number) => ({
  email: `bench-supporter-${i}@example.se`,
  password: "bench-password-123",
  name: `Supporter ${i}`,
  role: "resident",
});

async function attempt<T>(
  result: DurabilityResult,
  part: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[durability] ${part} failed: ${message}`);
    result.failures.push({ part, message });
    return undefined;
  }
}

function readOnly<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function crashTest(
  databasePath: string,
  appDir: string,
  accounts: { email: string; password: string }[],
  ideaIds: number[],
  log: (line: string) => void,
): Promise<CrashResult> {
  const servers: RunningServer[] = [];
  try {
    const first = await startApp(databasePath, appDir);
    servers.push(first.server);
    const app = first.server.baseUrl;
    const cookies = await Promise.all(accounts.map((a) => signIn(app, a)));
    const child: ChildProcess = first.server.child;
    const pid = child.pid;
    if (pid === undefined) throw new Error("the app has no pid");

    // Every (person, idea) pair once; a 303 before the kill is a support the server promised.
    const acknowledged: [number, number][] = [];
    const inFlight = new Map<number, [number, number]>();
    let sent = 0;
    let killed = false;
    let nextRequest = 0;
    const agents: http.Agent[] = [];
    log(
      `crash test: 20 connections voting on distinct pairs; SIGKILL to pid ${pid} after ${DURABILITY.crashAfterMs / 1000} s …`,
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const started = performance.now();
    const storm = Promise.all(
      cookies.map(async (cookie, c) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        agents.push(agent);
        for (let k = 0; k < ideaIds.length && !killed; k++) {
          const ideaId = ideaIds[k];
          const key = nextRequest++;
          inFlight.set(key, [c, ideaId]);
          sent++;
          try {
            const answer = await post(agent, app, `/ideas/${ideaId}`, cookie, "intent=vote");
            if (answer.status === 303 && !killed) acknowledged.push([c, ideaId]);
            if (answer.status !== 303) throw new Error(`status ${answer.status}`);
            inFlight.delete(key);
          } catch {
            return; // the server is gone (or refused): this connection stops
          }
        }
      }),
    );
    await sleep(DURABILITY.crashAfterMs);
    process.kill(pid, "SIGKILL");
    // Answers that arrive after this line are not counted as acknowledged (the kill is instant;
    // a 303 already in the socket buffer could only add to what must exist, so this is conservative).
    killed = true;
    const killedAfterMs = performance.now() - started;
    await exited;
    await storm;
    for (const agent of agents) agent.destroy();
    servers.pop();
    log(
      `crash test: killed after ${seconds(killedAfterMs)}; ${int(acknowledged.length)} supports acknowledged; restarting …`,
    );

    const second = await startApp(databasePath, appDir);
    servers.push(second.server);

    // The user ids behind the 20 accounts, and the checks, with SQLite directly.
    const checks = readOnly(databasePath, (db) => {
      const idOf = db.prepare<[string], { id: number }>("SELECT id FROM users WHERE email = ?");
      const userIds = accounts.map((a) => {
        const row = idOf.get(a.email.toLowerCase());
        if (!row) throw new Error(`no user ${a.email}`);
        return row.id;
      });
      const has = db.prepare<[number, number], { one: number }>(
        "SELECT 1 AS one FROM supports WHERE user_id = ? AND idea_id = ?",
      );
      const found = acknowledged.filter(
        ([c, ideaId]) => has.get(userIds[c], ideaId) !== undefined,
      ).length;
      const pending = [...inFlight.values()];
      const inFlightPresent = pending.filter(
        ([c, ideaId]) => has.get(userIds[c], ideaId) !== undefined,
      ).length;
      const touched = [...new Set([...acknowledged, ...pending].map(([, ideaId]) => ideaId))];
      const countOk = db.prepare<[number], { ok: number }>(
        "SELECT supports_count = (SELECT count(*) FROM supports WHERE idea_id = ideas.id) AS ok FROM ideas WHERE id = ?",
      );
      const countMismatches = touched.filter((id) => countOk.get(id)?.ok !== 1).length;
      const integrity = String(db.pragma("integrity_check", { simple: true }));
      return { found, inFlightPresent, inFlight: pending.length, countMismatches, integrity };
    });
    return {
      pid,
      killedAfterMs,
      sent,
      acknowledged: acknowledged.length,
      found: checks.found,
      missing: acknowledged.length - checks.found,
      inFlightPresent: checks.inFlightPresent,
      inFlight: checks.inFlight,
      countMismatches: checks.countMismatches,
      integrity: checks.integrity,
      restartMs: second.startupMs,
    };
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

export async function runDurabilityBench(
  appDir: string,
  { durationSeconds = 10 } = {},
): Promise<DurabilityResult> {
  const result: DurabilityResult = {
    ideas: DURABILITY.ideas,
    connections: DURABILITY.connections,
    durationSeconds,
    failures: [],
  };
  const log = (line: string) => console.log(`[durability] ${line}`);
  const dir = makeTempDir("samskapa-bench-durability-");
  const databasePath = path.join(dir, "supports.db");
  const crashPath = path.join(dir, "crash.db");
  const env = {
    ...process.env,
    DATABASE_PATH: databasePath,
    SESSION_SECRET: crypto.randomBytes(24).toString("hex"),
  };
  const accounts = Array.from({ length: DURABILITY.connections }, (_, i) => supporter(i + 1));
  const servers: RunningServer[] = [];
  try {
    log(`seeding ${int(DURABILITY.ideas)} ideas and ${accounts.length} accounts …`);
    await seedSyntheticIdeas(env, DURABILITY.ideas);
    for (let i = 0; i < accounts.length; i += 5) {
      await Promise.all(accounts.slice(i, i + 5).map((a) => createAccount(env, a)));
    }
    const { ideaIds, userIds } = readOnly(databasePath, (db) => ({
      ideaIds: db
        .prepare<[], { id: number }>("SELECT id FROM ideas WHERE status = 'visible' ORDER BY id")
        .all()
        .map((r) => r.id),
      userIds: accounts.map(
        (a) =>
          db.prepare<[string], { id: number }>("SELECT id FROM users WHERE email = ?").get(a.email)
            ?.id ?? NaN,
      ),
    }));
    if (ideaIds.length < DURABILITY.connections)
      throw new Error(`only ${ideaIds.length} visible ideas`);
    // The crash test gets its own copy, untouched by the load (every server and tool is closed now).
    for (const suffix of ["", "-wal", "-shm"]) {
      if (fs.existsSync(databasePath + suffix))
        fs.copyFileSync(databasePath + suffix, crashPath + suffix);
    }

    await attempt(result, "supports per second (app)", async () => {
      const started = await startApp(databasePath, appDir);
      servers.push(started.server);
      const app = started.server.baseUrl;
      const cookies = await Promise.all(accounts.map((a) => signIn(app, a)));
      const counters = cookies.map(() => 0);
      log("app: 1 s warm-up …");
      await supportStorm(app, cookies, ideaIds, 1, counters);
      log(`app: ${cookies.length} connections, ${durationSeconds} s …`);
      result.app = await supportStorm(app, cookies, ideaIds, durationSeconds, counters);
      await servers.pop()?.stop();
    });

    await attempt(result, "supports per second (bare)", async () => {
      const bare = await startBare(databasePath);
      servers.push(bare);
      const cookies = userIds.map((id) => `uid=${id}`);
      const counters = cookies.map(() => 0);
      log("bare node:http: 1 s warm-up …");
      await supportStorm(bare.baseUrl, cookies, ideaIds, 1, counters);
      log(`bare node:http: ${cookies.length} connections, ${durationSeconds} s …`);
      result.bare = await supportStorm(bare.baseUrl, cookies, ideaIds, durationSeconds, counters);
      await servers.pop()?.stop();
    });

    result.crash = await attempt(result, "crash test", () =>
      crashTest(crashPath, appDir, accounts, ideaIds, log),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[durability] failed: ${message}`);
    result.failures.push({ part: "set-up", message });
  } finally {
    for (const server of servers.reverse()) await server.stop();
    removeTempDir(dir);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Tables

export function supportsRows(r: DurabilityResult): Row[] {
  const row = (server: string, l: SupportsLoad | undefined): Row => ({
    server,
    "requests/s": l ? int(l.requestsPerSecond) : "–",
    p50: l ? ms(l.p50) : "–",
    "p97.5": l ? ms(l.p975) : "–",
    requests: l ? int(l.total) : "–",
    "non-303": l ? int(l.non303) : "–",
    errors: l ? int(l.errors) : "–",
  });
  const rows = [
    row("app (POST /ideas/:id, signed in)", r.app),
    row("bare node:http, same write", r.bare),
  ];
  if (r.app && r.bare && r.bare.requestsPerSecond > 0) {
    const share = r.app.requestsPerSecond / r.bare.requestsPerSecond;
    rows.push({
      server: "app / bare",
      "requests/s": share.toFixed(2),
      p50: r.app.p50 > 0 && r.bare.p50 > 0 ? `${(r.app.p50 / r.bare.p50).toFixed(1)}× bare` : "–",
      "p97.5":
        r.app.p975 > 0 && r.bare.p975 > 0 ? `${(r.app.p975 / r.bare.p975).toFixed(1)}× bare` : "–",
      requests: "",
      "non-303": "",
      errors: "",
    });
  }
  return rows;
}

export function crashRows(r: DurabilityResult): Row[] {
  const c = r.crash;
  const rows: Row[] = [];
  if (c) {
    rows.push(
      {
        measure: "SIGKILL to the server's node process after",
        value: `${seconds(c.killedAfterMs)} (pid ${c.pid})`,
      },
      { measure: "supports sent before the kill", value: int(c.sent) },
      { measure: "acknowledged (303 before the kill)", value: int(c.acknowledged) },
      { measure: "found after restart", value: int(c.found) },
      {
        measure: "missing (must be 0)",
        value: `${int(c.missing)} ${c.missing === 0 ? "✅" : "❌"}`,
      },
      {
        measure: "in flight at the kill / of them in the database",
        value: `${int(c.inFlight)} / ${int(c.inFlightPresent)}`,
      },
      {
        measure: "ideas whose supports_count ≠ their supports rows",
        value: `${int(c.countMismatches)} ${c.countMismatches === 0 ? "✅" : "❌"}`,
      },
      {
        measure: "PRAGMA integrity_check",
        value: `${c.integrity} ${c.integrity === "ok" ? "✅" : "❌"}`,
      },
      { measure: "restart: spawn → /healthz 200", value: ms(c.restartMs, 0) },
    );
  }
  for (const f of r.failures)
    rows.push({ measure: `FAILED: ${f.part}`, value: f.message.split("\n")[0].slice(0, 300) });
  return rows;
}

/** True when every acknowledged support survived and the database is intact. */
export function durabilityHeld(r: DurabilityResult): boolean {
  return (
    r.crash !== undefined &&
    r.crash.missing === 0 &&
    r.crash.countMismatches === 0 &&
    r.crash.integrity === "ok"
  );
}

if (
  process.argv.includes("--bare-server") &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href
) {
  serveBare();
}
