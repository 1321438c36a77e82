// A server of its own for a test: the compiled build/server/server.js on plain Node (as `npm start`
// runs it on an existing build), on a free port of 127.0.0.1, with a database in a new temporary
// directory. For tests that need a configuration the shared webServer does not have (production
// mode, another tile source). Stop it at the end of the test.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type BuiltServer = {
  baseURL: string;
  databasePath: string;
  /** what the server wrote to stdout and stderr so far */
  output: () => string;
  stop: () => Promise<void>;
};

export async function startBuiltServer(options: {
  env: Record<string, string>;
  /** runs on the database path before the server starts (e.g. to create the file) */
  prepare?: (databasePath: string) => Promise<void>;
  /** how long to wait for /healthz */
  timeoutMs?: number;
}): Promise<BuiltServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-e2e-server-"));
  const databasePath = path.join(dir, "samskapa.db");
  if (options.prepare) await options.prepare(databasePath);
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PUBLIC_URL: baseURL,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: "warn",
    ...options.env,
  };
  delete env.REMIX_DEV_ORIGIN; // set, it would make this a dev server waiting for `remix dev`
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["build/server/server.js"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(`${baseURL}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { baseURL, databasePath, output: () => output, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the server did not answer /healthz:\n${output}`);
}
