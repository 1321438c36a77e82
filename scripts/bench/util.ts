// Small helpers for `npm run bench`: child processes that are always stopped, ports, statistics.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (scripts/bench/ is two levels down). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The nearest-rank percentile (p in 0–100) of the finite values; Infinity counts as the largest. */
export function percentile(values: number[], p: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Least-squares slope of y over x (NaN with fewer than two distinct x). */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return NaN;
  return points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Everything the bench starts is registered here, so that an error or Ctrl-C still stops it.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const cleanups = new Set<() => Promise<void>>();

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Registers an async cleanup (e.g. closing a browser); returns a function that unregisters it. */
export function onCleanup(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export function spawnTracked(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { cwd: ROOT, ...options });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** SIGTERM, then SIGKILL when the process has not gone after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Runs a command to completion; resolves with its output, rejects (with the output) on failure. */
export async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ output: string; ms: number }> {
  const started = performance.now();
  const child = spawnTracked(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (status) => resolve(status));
  });
  const ms = performance.now() - started;
  if (code !== 0)
    throw new Error(`${command} ${args.join(" ")} failed (exit ${code}):\n${output.trim()}`);
  return { output, ms };
}

/** A throwaway database of `ideas` synthetic ideas at env's DATABASE_PATH (`npm run db:seed`). */
export function seedSyntheticIdeas(env: NodeJS.ProcessEnv, ideas: number) {
  return run("npm", ["run", "--silent", "db:seed", "--", "--ideas", String(ideas), "--reset"], env);
}

/** An account made with the operators' command (`npm run user:create`) in env's DATABASE_PATH. */
export function createAccount(
  env: NodeJS.ProcessEnv,
  a: { email: string; password: string; name: string; role: string },
) {
  return run(
    "npm",
    [
      "run",
      "--silent",
      "user:create",
      "--",
      "--email",
      a.email,
      "--password",
      a.password,
      "--name",
      a.name,
      "--role",
      a.role,
    ],
    env,
  );
}

/** Stops everything still running and removes the temp dirs. Safe to call more than once. */
export async function cleanupAll(): Promise<void> {
  await Promise.allSettled([...cleanups].map((fn) => fn()));
  cleanups.clear();
  await Promise.allSettled([...children].map((child) => stopChild(child, 3000)));
  for (const dir of [...tempDirs]) removeTempDir(dir);
}

/** Last resort when the process exits without cleanupAll (synchronous: no waiting possible). */
export function killAllSync() {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Formatting

export const ms = (value: number, digits = 1) =>
  Number.isFinite(value) ? `${value.toFixed(digits)} ms` : "–";
export const seconds = (valueMs: number) =>
  Number.isFinite(valueMs) ? `${(valueMs / 1000).toFixed(1)} s` : "–";
export const kb = (bytes: number) =>
  Number.isFinite(bytes) ? `${(bytes / 1000).toFixed(1)} KB` : "–";
export const int = (n: number) =>
  Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–";
export const ratio = (a: number, b: number) =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0
    ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`
    : "–";
