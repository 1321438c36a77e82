// One path under load with the app's production build running under `node --cpu-prof`: the
// profile's samples attributed (profile-analysis.ts). Shared by `npm run profile` (each path, 10 s)
// and `npm run bench` (the page path, a few seconds, for issue 14's middleware goal).
import fs from "node:fs";
import path from "node:path";
import { load } from "./http";
import { summarize, type CpuProfile, type Summary } from "./profile-analysis";
import { startApp } from "./servers";

/** Sampling interval of `--cpu-prof-interval`, µs: a request's middleware is tens of µs, so V8's
 *  default of 1,000 µs would give it a sample every few requests. */
export const PROFILE_INTERVAL_US = 250;

export type ProfiledLoad = {
  requests: number;
  perSecond: number;
  non2xx: number;
  summary: Summary;
  /** the server's main thread over the measured load, from Linux's schedstat: time on a CPU, and
   *  time ready to run but waiting for one (another process had it); null elsewhere */
  mainThread: { onCpuMs: number; waitingMs: number } | null;
};

/** The main thread's time on a CPU and waiting in the run queue so far, ns (Linux only). */
function schedstat(pid: number | undefined): [number, number] | null {
  if (pid === undefined) return null;
  try {
    const [onCpu, waiting] = fs
      .readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8")
      .split(" ")
      .map(Number);
    return Number.isFinite(onCpu) && Number.isFinite(waiting) ? [onCpu, waiting] : null;
  } catch {
    return null;
  }
}

/** Microseconds per request of a time in ms summed over `requests` answers. */
export const perRequestUs = (ms: number, requests: number) => (ms * 1000) / requests;

export async function profileUnderLoad(options: {
  databasePath: string;
  appDir: string;
  /** a fresh directory for V8's .cpuprofile files */
  profileDir: string;
  urlPath: string;
  connections: number;
  seconds: number;
}): Promise<ProfiledLoad> {
  const { profileDir: dir } = options;
  fs.mkdirSync(dir, { recursive: true });
  const { server } = await startApp(options.databasePath, options.appDir, [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    `--cpu-prof-interval=${PROFILE_INTERVAL_US}`,
  ]);
  try {
    await load(server.baseUrl + options.urlPath, 2, 2); // warm up (outside the profile's window)
    const before = schedstat(server.child.pid);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const measured = await load(
      server.baseUrl + options.urlPath,
      options.connections,
      options.seconds,
    );
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const after = schedstat(server.child.pid);
    await server.stop(); // V8 writes the profile as the process exits
    // The main thread's profile is the first one written (workers' come after).
    const [file] = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".cpuprofile"))
      .sort();
    if (!file) throw new Error(`No profile was written for ${options.urlPath}`);
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    return {
      requests: measured.total,
      perSecond: measured.requestsPerSecond,
      non2xx: measured.non2xx + measured.errors,
      summary: summarize(profile, { fromUs, toUs }),
      mainThread:
        before && after
          ? { onCpuMs: (after[0] - before[0]) / 1e6, waitingMs: (after[1] - before[1]) / 1e6 }
          : null,
    };
  } finally {
    await server.stop();
  }
}
