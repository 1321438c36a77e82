// The similar-ideas look-up in a worker thread (docs/decisions/012): full-text candidates and their
// re-ranking cost 50–250 ms at 100,000 ideas, which on the main thread would hold up every other
// request. This thread has its own read-only connection to the same database file (WAL: it reads
// what is committed, so a hidden idea is gone from its answers as soon as from the pages).
import { parentPort, workerData } from "node:worker_threads";
import { openReadOnlyDatabase, setDbForTesting } from "~/utils/db.server";
import { similarIdeas, type SimilarIdeasInput } from "~/services/similarity.server";

export type SimilarityRequest = { id: number; input: SimilarIdeasInput };
export type SimilarityReply =
  { id: number; ideas: ReturnType<typeof similarIdeas> } | { id: number; error: string };

const { file } = workerData as { file: string };
setDbForTesting(openReadOnlyDatabase(file));

parentPort!.on("message", ({ id, input }: SimilarityRequest) => {
  let reply: SimilarityReply;
  try {
    reply = { id, ideas: similarIdeas(input) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
