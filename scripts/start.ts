// `npm start`: builds when the build is missing or older than the sources, then runs the server.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, env } from "../app/utils/env.server";

const SOURCES = ["app", "remix.config.js", "package.json", "tsconfig.json"];
const BUILD_MARKER = path.resolve("build/index.js");

function newestMtime(target: string): number {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function buildIsStale(): boolean {
  if (!fs.existsSync(BUILD_MARKER) || !fs.existsSync("public/build")) return true;
  const built = fs.statSync(BUILD_MARKER).mtimeMs;
  return SOURCES.some((s) => fs.existsSync(s) && newestMtime(s) > built);
}

// A wrong configuration is reported before spending time on a build.
try {
  env();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(78);
}

if (buildIsStale()) {
  console.log("Building the app (the build is missing or older than the sources) …");
  // Asynchronous on purpose: blocking here starves tsx's own esbuild service.
  const status = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    }).on("exit", resolve),
  );
  if (status !== 0) {
    console.error("The build failed.");
    process.exit(status ?? 1);
  }
}

await import("../server");
