// npm's postinstall. First the runtime patches (scripts/runtime-patches.mjs), in every install,
// production ones included; then scripts/patches/ (patch-package) to the build tools, which are
// devDependencies: a production install (`npm ci --omit=dev`) has none of them and skips that.
// Why patches at all: docs/decisions/020-patched-empty-server-modules.md and
// docs/decisions/025-memoised-route-matching.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { applyRuntimePatch, RUNTIME_PATCHES } from "./runtime-patches.mjs";

for (const patch of RUNTIME_PATCHES) {
  const outcome = applyRuntimePatch(process.cwd(), patch);
  if (outcome === "changed")
    console.warn(
      `scripts/runtime-patches.mjs: ${patch.file} is not the code its patch was written for; ` +
        "left as it is (the app works, its route matching is slower). Update the patch.",
    );
}

if (
  !fs.existsSync("node_modules/@remix-run/dev") ||
  !fs.existsSync("node_modules/.bin/patch-package")
) {
  process.exit(0);
}
const result = spawnSync(
  "node_modules/.bin/patch-package",
  ["--patch-dir", "scripts/patches", "--error-on-fail"],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
