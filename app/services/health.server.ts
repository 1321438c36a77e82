// GET /healthz, answered once for two doors (the Remix route and server.ts's fast path): 200 "ok"
// when the database can be read and written, 503 otherwise; `?verbose` adds the event loop's delay
// since the process started (perf_hooks), which is what a stalled request shows first, the same
// since the previous `?verbose` answer (a window: read it before and after something to see what
// that something did to the one thread), and where similar-ideas look-ups run and photos are decoded.
import {
  createHistogram,
  monitorEventLoopDelay,
  type IntervalHistogram,
  type RecordableHistogram,
} from "node:perf_hooks";
import { databaseIsHealthy } from "~/models/health.server";
import { photoWorkerStatus } from "~/services/photo-worker.server";
import { similarityWorkerStatus } from "~/services/similarity-worker.server";
import { log } from "~/utils/log.server";

export type HealthReply = { status: number; headers: Record<string, string>; body: string };

type Window = { histogram: RecordableHistogram; from: number };
type Watch = { sinceStart: IntervalHistogram; window: Window };
const state = globalThis as unknown as { __eventLoopDelay?: Watch };

/** How often the event loop is asked to tick: each sample is the gap between two ticks. */
const TICK_MS = 10;

/**
 * Starts measuring the event loop's delay (a timer every 10 ms: each sample is the gap between two
 * of its ticks, so an idle loop shows ~10 ms and a thread busy for 80 ms shows ~90 ms); server.ts
 * calls it at start. Two histograms: perf_hooks' own since the start, and a window that every
 * `?verbose` answer starts again. (The window has a timer of its own: perf_hooks' histogram, once
 * reset, does not count the gap in which it was reset, so a block right after an ask would be lost.)
 */
export function watchEventLoop(): Watch {
  if (!state.__eventLoopDelay) {
    const sinceStart = monitorEventLoopDelay({ resolution: TICK_MS });
    sinceStart.enable();
    const window: Window = { histogram: createHistogram(), from: performance.now() };
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      window.histogram.record(Math.max(1, Math.round((now - last) * 1e6)));
      last = now;
    }, TICK_MS).unref();
    state.__eventLoopDelay = { sinceStart, window };
  }
  return state.__eventLoopDelay;
}

const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;

/** A histogram's p50, p99 and max in milliseconds (0 for one without samples yet). */
export function delaySummary(h: Pick<RecordableHistogram, "count" | "percentile" | "max">): {
  p50: number;
  p99: number;
  max: number;
} {
  if (h.count === 0) return { p50: 0, p99: 0, max: 0 };
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

/** The window's figures and how long it was open; the window then starts again. */
function takeWindow(window: Window, now = performance.now()) {
  const figures = {
    seconds: Math.round(now - window.from) / 1000,
    ...delaySummary(window.histogram),
  };
  window.histogram.reset();
  window.from = now;
  return figures;
}

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
  const watch = watchEventLoop();
  return {
    status: 200,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
    body: JSON.stringify({
      status: "ok",
      uptimeSeconds: Math.round(process.uptime()),
      eventLoopDelayMs: {
        ...delaySummary(watch.sinceStart),
        // since the previous ?verbose answer (the bench reads it before and after each case)
        sincePreviousAsk: takeWindow(watch.window),
      },
      memoryMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
      similarIdeas: similarityWorkerStatus(),
      photos: photoWorkerStatus(),
    }),
  };
}
