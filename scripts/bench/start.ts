// The server's start on a database seeded already: `npm run bench -- --start-ideas N`'s measurement
// (startColdAndRestart: spawn → /healthz → the first whole-city /api/map, /healthz polled every
// 50 ms meanwhile, then the memory; first cold, building the map index, then again after a graceful
// stop that wrote the index's snapshot, decision 022), on a copy of FILE, so that a million ideas
// are seeded once and measured again after each change without seven minutes of seeding.
//   tsx scripts/bench/start.ts FILE [RUNS]     (run it under flock /tmp/samskapa-e2e.lock)
import fs from "node:fs";
import path from "node:path";
import { buildIfNeeded, snapshotBuild, startColdAndRestart, type StartFigures } from "./servers";
import { cleanupAll, makeTempDir, removeTempDir } from "./util";

const [file, runsText = "1"] = process.argv.slice(2);
if (!file || !fs.existsSync(file)) throw new Error("usage: tsx scripts/bench/start.ts FILE [RUNS]");

const round = (ms: number) => Math.round(ms);
const figures = (start: StartFigures) => ({
  healthzAfterSpawnMs: round(start.startupMs),
  firstMapAfterSpawnMs: round(start.firstMapMs),
  firstMapAfterListenMs: round(start.firstMapMs - start.startupMs),
  indexReadyMs: start.indexReadyMs,
  healthzMaxWaitMs: round(start.healthzMaxWaitMs),
  healthzPolls: start.healthzPolls,
  rssMB: start.rssMB,
});

await buildIfNeeded();
const appDir = snapshotBuild();
try {
  for (let n = 0; n < Number(runsText); n++) {
    const dir = makeTempDir("samskapa-bench-start-");
    try {
      const databasePath = path.join(dir, "start.db");
      fs.copyFileSync(file, databasePath);
      const { cold, stopMs, restart } = await startColdAndRestart(databasePath, appDir);
      const snapshotMB = fs.statSync(`${databasePath}.map-index`).size / 1024 / 1024;
      console.log(
        JSON.stringify({
          cold: figures(cold),
          stopMs: round(stopMs),
          snapshotMB: round(snapshotMB),
          restart: figures(restart),
        }),
      );
    } finally {
      removeTempDir(dir);
    }
  }
} finally {
  removeTempDir(appDir);
  await cleanupAll();
}
