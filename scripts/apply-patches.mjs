// npm's postinstall: applies scripts/patches/ (patch-package) to the build tools. They are
// devDependencies, so a production install (`npm ci --omit=dev`) has nothing to patch and skips.
// Why a patch at all: docs/decisions/019-patched-empty-server-modules.md.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

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
