// Runs similar-ideas look-ups in a worker thread, so that their 50–250 ms at 100,000 ideas never
// hold up the server's one thread (docs/decisions/012). The server turns it on at start when the
// compiled worker exists (build/server/app/workers/similarity.worker.js); without it (tests, the
// TypeScript dev server) look-ups run on this thread, the same function either way.
import path from "node:path";
import { Worker } from "node:worker_threads";
import {
  similarIdeas,
  type SimilarIdea,
  type SimilarIdeasInput,
} from "~/services/similarity.server";
import type { SimilarityReply, SimilarityRequest } from "~/workers/similarity.worker";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";

/** Look-ups waiting for the worker beyond this many are refused as busy (the person tries again). */
export const SIMILARITY_QUEUE = 24;
/** A look-up not answered by then is given up (and the worker replaced). */
const LOOKUP_TIMEOUT_MS = 10_000;

type Waiting = {
  resolve: (ideas: SimilarIdea[]) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};
type Pool = {
  script: string;
  timeoutMs: number;
  worker: Worker | null;
  waiting: Map<number, Waiting>;
  next: number;
};

// On globalThis: server.ts and the Remix build each bundle their own copy of this module.
const state = globalThis as unknown as { __samskapaSimilarity?: Pool };

/** From now on, look-ups run in a worker thread started from `script` (the compiled worker). */
export function startSimilarityWorker(script: string, { timeoutMs = LOOKUP_TIMEOUT_MS } = {}) {
  void stopSimilarityWorker();
  const pool: Pool = { script, timeoutMs, worker: null, waiting: new Map(), next: 1 };
  state.__samskapaSimilarity = pool;
  pool.worker = startWorker(pool); // started now: the first look-up does not wait for its start
}

/** Back to look-ups on this thread (for tests); the worker is stopped. */
export async function stopSimilarityWorker() {
  const pool = state.__samskapaSimilarity;
  state.__samskapaSimilarity = undefined;
  if (!pool) return;
  const worker = pool.worker;
  pool.worker = null;
  for (const waiting of pool.waiting.values()) {
    clearTimeout(waiting.timer);
    waiting.reject(new Error("the similar-ideas worker was stopped"));
  }
  pool.waiting.clear();
  await worker?.terminate();
}

/** For /healthz?verbose: where look-ups run, and how many wait for the worker now. */
export function similarityWorkerStatus(): { thread: "worker" | "main"; waiting: number } {
  const pool = state.__samskapaSimilarity;
  return pool ? { thread: "worker", waiting: pool.waiting.size } : { thread: "main", waiting: 0 };
}

/**
 * Ideas like the typed text (see similarIdeas), looked up in the worker when there is one. "busy"
 * when SIMILARITY_QUEUE look-ups already wait and `mayRefuse` (the live API); a form being posted
 * waits its turn instead.
 */
export async function findSimilarIdeas(
  input: SimilarIdeasInput,
  { mayRefuse = true } = {},
): Promise<SimilarIdea[] | "busy"> {
  const pool = state.__samskapaSimilarity;
  if (!pool) return similarIdeas(input);
  if (mayRefuse && pool.waiting.size >= SIMILARITY_QUEUE) return "busy";
  try {
    return await inWorker(pool, input);
  } catch (error) {
    // A worker that failed or stopped is replaced; this look-up is answered here meanwhile.
    log.error({ err: error }, "similar-ideas worker failed; looked up on the main thread");
    return similarIdeas(input);
  }
}

function inWorker(pool: Pool, input: SimilarIdeasInput): Promise<SimilarIdea[]> {
  const worker = (pool.worker ??= startWorker(pool));
  const id = pool.next++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pool.waiting.delete(id);
      reject(new Error("the similar-ideas look-up timed out"));
      void worker.terminate();
    }, pool.timeoutMs);
    pool.waiting.set(id, { resolve, reject, timer });
    worker.postMessage({ id, input } satisfies SimilarityRequest);
  });
}

function startWorker(pool: Pool): Worker {
  const worker = new Worker(pool.script, { workerData: { file: path.resolve(getDb().name) } });
  worker.unref(); // it never keeps the process alive on its own
  worker.on("message", (reply: SimilarityReply) => {
    const waiting = pool.waiting.get(reply.id);
    if (!waiting) return;
    pool.waiting.delete(reply.id);
    clearTimeout(waiting.timer);
    if ("error" in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.ideas);
  });
  const stopped = (error: Error) => {
    if (pool.worker !== worker) return;
    pool.worker = null;
    for (const waiting of pool.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    pool.waiting.clear();
  };
  worker.on("error", stopped);
  worker.on("exit", (code) => stopped(new Error(`the similar-ideas worker stopped (${code})`)));
  return worker;
}
