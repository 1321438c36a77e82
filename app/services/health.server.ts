// GET /healthz, answered once for two doors (the Remix route and server.ts's fast path): 200 "ok"
// when the database can be read and written, 503 otherwise; `?verbose` adds the event loop's delay
// since the process started (perf_hooks), which is what a stalled request shows first, and where
// similar-ideas look-ups run and photos are decoded.
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { databaseIsHealthy } from "~/models/health.server";
import { photoWorkerStatus } from "~/services/photo-worker.server";
import { similarityWorkerStatus } from "~/services/similarity-worker.server";
import { log } from "~/utils/log.server";

export type HealthReply = { status: number; headers: Record<string, string>; body: string };

const state = globalThis as unknown as { __eventLoopDelay?: IntervalHistogram };

/** Starts measuring the event loop's delay (10 ms resolution); server.ts calls it at start. */
export function watchEventLoop(): IntervalHistogram {
  if (!state.__eventLoopDelay) {
    state.__eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
    state.__eventLoopDelay.enable();
  }
  return state.__eventLoopDelay;
}

const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;

export function answerHealth(verbose: boolean): HealthReply {
  try {
    databaseIsHealthy();
  } catch (error) {
    log.error({ err: error }, "healthz: database check failed");
    return {
      status: 503,
      headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
      body: "database unavailable",
    };
  }
  if (!verbose) {
    return {
      status: 200,
      headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
      body: "ok",
    };
  }
  const delay = watchEventLoop();
  return {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    body: JSON.stringify({
      status: "ok",
      uptimeSeconds: Math.round(process.uptime()),
      eventLoopDelayMs: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        max: ms(delay.max),
      },
      memoryMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
      similarIdeas: similarityWorkerStatus(),
      photos: photoWorkerStatus(),
    }),
  };
}
