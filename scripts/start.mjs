// `npm start`: builds when the build is missing or older than the sources, then runs the compiled
// server (build/server/server.js) in this process. Plain JavaScript on purpose: production needs
// neither TypeScript nor the build tools (`npm ci --omit=dev` on a built tree; README).
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildExists, buildIsStale, canBuild } from "./build-state.mjs";

const run = (args) =>
  new Promise((resolve) =>
    spawn(process.execPath, args, {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    }).on("exit", resolve),
  );

if (buildIsStale()) {
  if (canBuild()) {
    console.log("Building the app (the build is missing or older than the sources) …");
    const status =
      (await run([path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"])) ||
      (await run([path.resolve("scripts/build-server.mjs")]));
    if (status !== 0) {
      console.error("The build failed.");
      process.exit(status ?? 1);
    }
  } else if (buildExists()) {
    console.warn(
      "The build is older than the sources and the build tools are not installed (npm ci --omit=dev): serving the existing build.",
    );
  } else {
    console.error(
      "There is no build and the build tools are not installed: run `npm ci` and `npm run build` first.",
    );
    process.exit(1);
  }
}

await import(pathToFileURL(path.resolve("build/server/server.js")).href);
