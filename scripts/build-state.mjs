// Whether the build (the Remix app and the compiled server) is missing or older than the sources.
// Shared by `npm start` (scripts/start.mjs) and the operational commands (scripts/run.mjs).
import fs from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "db",
  "server.ts",
  "scripts",
  "remix.config.js",
  "package.json",
  "tsconfig.json",
];
export const BUILT = [path.resolve("build/index.js"), path.resolve("build/server/server.js")];

/** Database files (a SQLite file kept in db/) are data, not sources. */
const DATA_FILE = /\.db(-wal|-shm|-journal)?$/;
/** Nor are the map tiles cached beside the database (MAP_TILE_CACHE_DIR's default). */
const DATA_DIR = /(^|[\\/])tile-cache$/;

function newestMtime(target) {
  if (DATA_DIR.test(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return DATA_FILE.test(target) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export const buildExists = () =>
  BUILT.every((file) => fs.existsSync(file)) && fs.existsSync("public/build");

export function buildIsStale() {
  if (!buildExists()) return true;
  const built = Math.min(...BUILT.map((file) => fs.statSync(file).mtimeMs));
  return SOURCES.some((s) => fs.existsSync(s) && newestMtime(s) > built);
}

/** The build tools are installed (not after `npm ci --omit=dev`). */
export const canBuild = () =>
  fs.existsSync(path.resolve("node_modules/@remix-run/dev/dist/cli.js"));
