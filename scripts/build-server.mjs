// The second half of `npm run build` (after `remix build`): compiles the HTTP server and the
// operational commands to plain JavaScript in build/server/, so that production runs on Node
// alone — no TypeScript at run time (docs/decisions/009-compiled-server.md). Packages stay
// external: they come from node_modules as installed by `npm ci --omit=dev`. (esbuild's own
// `packages: "external"` would also leave the "~/" path alias unbundled.)
import * as esbuild from "esbuild";

export const SERVER_ENTRIES = [
  "server.ts",
  "app/workers/similarity.worker.ts",
  "app/workers/photo.worker.ts",
  "scripts/db-migrate.ts",
  "scripts/db-seed.ts",
  "scripts/db-backup.ts",
  "scripts/user-create.ts",
  "scripts/audit-verify.ts",
  "scripts/tiles-check.ts",
  "scripts/places-import.ts",
];

/** Bare imports (packages and node: built-ins) stay imports; "~/…" is the app's own code and is bundled. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./~]/ }, (args) =>
      args.kind === "entry-point" ? undefined : { path: args.path, external: true },
    );
  },
};

await esbuild.build({
  entryPoints: SERVER_ENTRIES,
  outdir: "build/server",
  outbase: ".",
  bundle: true,
  plugins: [externalPackages],
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // Imports of node_modules from ESM output need the package's own entry: keep `require` available
  // for the few CommonJS helpers esbuild may emit.
  banner: {
    js: 'import { createRequire as __samskapaRequire } from "node:module"; const require = __samskapaRequire(import.meta.url);',
  },
});
