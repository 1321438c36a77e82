// `npm run db:seed -- [--ideas N] [--reset]`: the Borås demo data, or N synthetic ideas for benchmarks.
import { runSeedCommand } from "../db/seed";

try {
  await runSeedCommand(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
