// Small changes to packages the server runs, applied at install (npm's postinstall, through
// scripts/apply-patches.mjs) in every kind of install — production ones too, where patch-package
// (a devDependency) is absent. Each is an exact replacement of a few lines: applied once (a marker
// says so), or left out with a warning when the package's code is not the one it was written for
// (the app works without it, only slower). Why: docs/decisions/025-memoised-route-matching.md.
import fs from "node:fs";
import path from "node:path";

const MARKER = "/* samskapa: memoised route matching */";

/**
 * React Router's matching (@remix-run/router, the CommonJS build that Node loads; browsers load the
 * ES module build, untouched): every match flattened and ranked the whole route tree again and
 * compiled a RegExp for each route tried — a page matches four times (Remix's handler, the static
 * handler's query, the render, the partial manifest), ~1 ms of its ~7.5 ms in the profile. The
 * ranked branches are kept per route array (the server's never change; a new array is a new
 * entry), the compiled paths per (path, case, end) — both read-only to their users.
 */
export const ROUTER_PATCH = {
  file: "node_modules/@remix-run/router/dist/router.cjs.js",
  marker: MARKER,
  replacements: [
    {
      find: "  let branches = flattenRoutes(routes);\n  rankRouteBranches(branches);\n",
      replace: "  let branches = rankedBranchesOf(routes);\n",
    },
    {
      find: "function flattenRoutes(routes, branches, parentsMeta, parentPath) {\n",
      replace:
        `${MARKER}\n` +
        "const rankedBranches = new WeakMap();\n" +
        "function rankedBranchesOf(routes) {\n" +
        "  let branches = rankedBranches.get(routes);\n" +
        "  if (!branches) {\n" +
        "    branches = flattenRoutes(routes);\n" +
        "    rankRouteBranches(branches);\n" +
        "    rankedBranches.set(routes, branches);\n" +
        "  }\n" +
        "  return branches;\n" +
        "}\n" +
        "function flattenRoutes(routes, branches, parentsMeta, parentPath) {\n",
    },
    {
      find: "function compilePath(path, caseSensitive, end) {\n",
      replace:
        "const compiledPaths = new Map();\n" +
        "function compilePath(path, caseSensitive, end) {\n" +
        '  let key = (caseSensitive ? "1" : "0") + (end === void 0 || end ? "1" : "0") + path;\n' +
        "  let compiled = compiledPaths.get(key);\n" +
        "  if (!compiled) {\n" +
        "    compiled = compilePathOnce(path, caseSensitive, end);\n" +
        "    if (compiledPaths.size < 1000) compiledPaths.set(key, compiled);\n" +
        "  }\n" +
        "  return compiled;\n" +
        "}\n" +
        "function compilePathOnce(path, caseSensitive, end) {\n",
    },
  ],
};

export const RUNTIME_PATCHES = [ROUTER_PATCH];

/**
 * Applies `patch` under `root`: "applied", "already" (its marker is there), "missing" (no such
 * file: the package is not installed) or "changed" (a line to replace is not there exactly once —
 * left as it is).
 */
export function applyRuntimePatch(root, patch) {
  const file = path.join(root, patch.file);
  if (!fs.existsSync(file)) return "missing";
  let text = fs.readFileSync(file, "utf8");
  if (text.includes(patch.marker)) return "already";
  for (const { find, replace } of patch.replacements) {
    const at = text.indexOf(find);
    if (at === -1 || text.indexOf(find, at + 1) !== -1) return "changed";
    text = text.slice(0, at) + replace + text.slice(at + find.length);
  }
  fs.writeFileSync(file, text);
  return "applied";
}
