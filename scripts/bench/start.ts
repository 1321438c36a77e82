// The server's start on a database seeded already: `npm run bench -- --start-ideas N`'s measurement
// (startApp: spawn → /healthz → the first whole-city /api/map, /healthz polled every 50 ms
// meanwhile, then the memory), on a copy of FILE, so that a million ideas are seeded once and
// measured again after each change without seven minutes of seeding.
//   tsx scripts/bench/start.ts FILE [RUNS]     (run it under flock /tmp/samskapa-e2e.lock)
import fs from "node:fs";
import path from "node:path";
import { buildIfNeeded, snapshotBuild, startApp } from "./servers";
import { cleanupAll, makeTempDir, removeTempDir } from "./util";

const [file, runsText = "1"] = process.argv.slice(2);
if (!file || !fs.existsSync(file)) throw new Error("usage: tsx scripts/bench/start.ts FILE [RUNS]");

await buildIfNeeded();
const appDir = snapshotBuild();
try {
  for (let n = 0; n < Number(runsText); n++) {
    const dir = makeTempDir("samskapa-bench-start-");
    try {
      const databasePath = path.join(dir, "start.db");
      fs.copyFileSync(file, databasePath);
      const { server, ...start } = await startApp(databasePath, appDir);
      try {
        const health = await fetch(`${server.baseUrl}/healthz?verbose`);
        const { memoryMB } = (await health.json()) as { memoryMB: number };
        const round = (ms: number) => Math.round(ms);
        console.log(
          JSON.stringify({
            healthzAfterSpawnMs: round(start.startupMs),
            firstMapAfterSpawnMs: round(start.firstMapMs),
            firstMapAfterListenMs: round(start.firstMapMs - start.startupMs),
            indexReadyMs: start.indexReadyMs,
            healthzMaxWaitMs: round(start.healthzMaxWaitMs),
            healthzPolls: start.healthzPolls,
            rssMB: memoryMB,
          }),
        );
      } finally {
        await server.stop();
      }
    } finally {
      removeTempDir(dir);
    }
  }
} finally {
  removeTempDir(appDir);
  await cleanupAll();
}
