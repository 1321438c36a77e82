import { describe, expect, it } from "vitest";
import { answerHealth, delaySummary, watchEventLoop } from "~/services/health.server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Verbose = {
  eventLoopDelayMs: {
    p50: number;
    p99: number;
    max: number;
    sincePreviousAsk: { seconds: number; p50: number; p99: number; max: number };
  };
};
const ask = () => JSON.parse(answerHealth(true).body) as Verbose;

describe("/healthz?verbose event-loop delay", () => {
  it("gives a histogram without samples as zeros, not as its empty-histogram sentinels", () => {
    expect(delaySummary({ count: 0, max: 0, percentile: () => 9.2e18 })).toEqual({
      p50: 0,
      p99: 0,
      max: 0,
    });
    expect(delaySummary({ count: 3, max: 25_004_000, percentile: (p) => p * 1e5 })).toEqual({
      p50: 5,
      p99: 9.9,
      max: 25,
    });
  });

  it("shows a block of the thread in the window since the previous ask, and only there", async () => {
    watchEventLoop();
    await sleep(50);
    ask(); // opens the window
    const until = performance.now() + 150;
    while (performance.now() < until); // the one thread busy for 150 ms
    await sleep(30); // the timer ticks again
    const during = ask().eventLoopDelayMs;
    expect(during.sincePreviousAsk.max).toBeGreaterThanOrEqual(140);
    expect(during.sincePreviousAsk.seconds).toBeGreaterThanOrEqual(0.17);
    expect(during.max).toBeGreaterThanOrEqual(140); // since the start too
    await sleep(40);
    const after = ask().eventLoopDelayMs;
    expect(after.sincePreviousAsk.max).toBeLessThan(140);
    expect(after.sincePreviousAsk.seconds).toBeLessThan(during.sincePreviousAsk.seconds);
    expect(after.max).toBeGreaterThanOrEqual(140); // since the start: still there
  });
});
