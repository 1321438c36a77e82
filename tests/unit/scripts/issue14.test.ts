import { describe, expect, it } from "vitest";
import { classifyPanRequest, revalidatesRoot } from "../../../scripts/bench/browser";
import type { LoadResult } from "../../../scripts/bench/http";
import {
  fixedCostUs,
  fixedCostWallUs,
  issue14Goals,
  medianProfile,
  slowestOverlapping,
} from "../../../scripts/bench/issue14";

const app = "http://127.0.0.1:3000";

describe("a map pan's requests", () => {
  it("sets the map's own data and the base map apart from everything else", () => {
    expect(classifyPanRequest(`${app}/api/map?bbox=1,2,3,4&zoom=14`)).toBe("map");
    expect(classifyPanRequest(`${app}/tiles/14/8800/4800.png`)).toBe("tile");
    expect(classifyPanRequest(`${app}/_root.data?bbox=1,2,3,4&_routes=routes%2F_index`)).toBe(
      "other",
    );
    expect(classifyPanRequest(`${app}/strings/sv?v=1`)).toBe("other");
  });

  it("says the root loader reran when a data request names it or names no route", () => {
    expect(revalidatesRoot(`${app}/_root.data?bbox=1&_routes=routes%2F_index`)).toBe(false);
    expect(revalidatesRoot(`${app}/_root.data?bbox=1`)).toBe(true);
    expect(revalidatesRoot(`${app}/_root.data?_routes=root%2Croutes%2F_index`)).toBe(true);
    expect(revalidatesRoot(`${app}/?bbox=1&_data=root`)).toBe(true);
    expect(revalidatesRoot(`${app}/strings/sv`)).toBe(false);
  });
});

describe("slowestOverlapping", () => {
  it("takes the polls that overlap the window, also one under way when it opened", () => {
    const polls = [
      { start: 0, end: 2 },
      { start: 8, end: 70 }, // under way when the search came at 10: waited for its block
      { start: 80, end: 81 },
      { start: 200, end: 260 }, // after the window
    ];
    expect(slowestOverlapping(polls, 10, 100)).toEqual({ maxMs: 62, count: 2 });
    expect(slowestOverlapping(polls, 300, 400).count).toBe(0);
  });
});

const loadOf = (requestsPerSecond: number): LoadResult => ({
  requestsPerSecond,
  p50: 1,
  p975: 2,
  p99: 3,
  non2xx: 0,
  errors: 0,
  total: requestsPerSecond * 10,
});

describe("issue14Goals", () => {
  it("divides the map's answers by the hello server's, and says when the size is not the goal's", () => {
    const goals = issue14Goals({
      datasets: [{ ideas: 10_000, map20: loadOf(4_500), hello20: loadOf(40_000) }],
    });
    const map = goals.find((g) => g.goal.startsWith("/api/map whole city, cached"))!;
    expect(map.measured).toBe(
      "4,500/s ÷ 40,000/s = 0.11× (at 10,000 ideas; the goal is set for 100,000 ideas)",
    );
    expect(map.met).toBe(true);
  });

  it("leaves a goal open (–) when its part did not run, and asks for a million ideas", () => {
    const goals = issue14Goals({ datasets: [{ ideas: 100_000 }] });
    expect(goals.every((g) => g.met === null)).toBe(true);
    expect(goals.find((g) => g.goal.startsWith("supports"))!.measured).toMatch(/--skip-durability/);
    expect(goals.at(-1)!.measured).toBe("– (run with --start-ideas 1000000)");
  });

  it("fails the start at a million ideas when /healthz waited while the index was built", () => {
    const start = {
      indexReadyMs: null,
      startupMs: 900,
      firstMapMs: 1_200,
      healthzMaxWaitMs: 22_000,
      healthzPolls: 3,
    };
    const goals = issue14Goals({ datasets: [{ ideas: 1_000_000, start }] });
    expect(goals.at(-1)!.met).toBe(false);
    const quick = { ...start, healthzMaxWaitMs: 12 };
    expect(issue14Goals({ datasets: [{ ideas: 1_000_000, start: quick }] }).at(-1)!.met).toBe(true);
  });

  it("fails a cold search that answered in time but blocked /healthz", () => {
    const goals = issue14Goals({
      datasets: [
        {
          ideas: 100_000,
          coldSearches: [
            { word: "för", status: 200, ms: 20, healthzMaxMs: 3, healthzPolls: 30 },
            { word: "a", status: 200, ms: 40, healthzMaxMs: 80, healthzPolls: 30 },
          ],
        },
      ],
    });
    const [answer, block] = goals.filter((g) => /cold|slowest \/healthz while/.test(g.goal));
    expect(answer.met).toBe(true);
    expect(block.met).toBe(false);
    expect(block.measured).toMatch(/^80\.0 ms|^80 ms/);
  });
});

describe("medianProfile", () => {
  const run = (middlewareMs: number, requests = 1000) => ({
    requests,
    summary: { middlewareTotalMs: middlewareMs, middlewareSampleShare: 0 },
    mainThread: null,
  });

  it("picks the run whose middleware cost per request is the median, and lists every run's", () => {
    const runs = [run(169), run(98), run(126)];
    const picked = medianProfile(runs)!;
    expect(picked.median).toBe(runs[2]);
    expect(picked.middlewareUs).toEqual([169, 98, 126]);
    // per request: 200 ms over 2,000 answers is 100 µs, cheaper than 126 µs
    expect(medianProfile([run(126), run(200, 2000), run(300)])!.median.requests).toBe(1000);
    expect(medianProfile([])).toBeNull();
  });

  it("takes the middleware's share of the samples times the main thread's CPU time where it is known", () => {
    // 2 % of the samples, 5 s of CPU over 1,000 answers: 100 µs, whatever the wall-clock weights say
    const cpu = (share: number, wallMs: number) => ({
      requests: 1000,
      summary: { middlewareTotalMs: wallMs, middlewareSampleShare: share },
      mainThread: { onCpuMs: 5000 },
    });
    const runs = [cpu(0.02, 150), cpu(0.01, 300), cpu(0.03, 90)];
    expect(fixedCostUs(runs[0])).toBeCloseTo(100);
    expect(fixedCostWallUs(runs[0])).toBeCloseTo(150);
    const picked = medianProfile(runs)!;
    expect(picked.median).toBe(runs[0]);
    expect(picked.middlewareUs.map(Math.round)).toEqual([100, 50, 150]);
  });
});
