// `npm run db:migrate | db:seed | db:backup | user:create | audit:verify | tiles:check |
// places:import`: runs the command's compiled JavaScript (build/server/scripts/NAME.js) when the
// build is current — always so in production, where TypeScript is not installed — and its
// TypeScript source through tsx otherwise.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildIsStale } from "./build-state.mjs";

const [name, ...args] = process.argv.slice(2);
const compiled = path.resolve(`build/server/scripts/${name}.js`);
const source = path.resolve(`scripts/${name}.ts`);
if (!name || !fs.existsSync(source)) {
  console.error(`Unknown command: ${name ?? "(none)"}`);
  process.exit(2);
}
const hasTsx = fs.existsSync(path.resolve("node_modules/tsx"));
const useCompiled = fs.existsSync(compiled) && (!hasTsx || !buildIsStale());
if (!useCompiled && !hasTsx) {
  console.error("There is no build of this command: run `npm run build` first.");
  process.exit(1);
}
const child = spawn(
  process.execPath,
  useCompiled ? [compiled, ...args] : ["--import", "tsx", source, ...args],
  { stdio: "inherit" },
);
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
