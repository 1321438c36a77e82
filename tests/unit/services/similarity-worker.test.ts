// The similar-ideas worker pool (app/services/similarity-worker.server.ts): answers come from the
// worker thread; a worker that stops, hangs or is swamped never leaves a resident without an answer
// (the look-up falls back to this thread) and never queues without bound. The workers here are
// small stand-ins that misbehave on purpose; the real worker runs in the e2e suite (api.spec).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  findSimilarIdeas,
  SIMILARITY_QUEUE,
  similarityWorkerStatus,
  startSimilarityWorker,
  stopSimilarityWorker,
} from "~/services/similarity-worker.server";
import { getDb } from "~/utils/db.server";
import { log } from "~/utils/log.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-similarity-worker-"));
function worker(name: string, onMessage: string): string {
  const file = path.join(dir, `${name}.mjs`);
  fs.writeFileSync(
    file,
    `import { parentPort } from "node:worker_threads";\nparentPort.on("message", ({ id, input }) => { ${onMessage} });\n`,
  );
  return file;
}
const answer = (delay = 0) =>
  `setTimeout(() => parentPort.postMessage({ id, ideas: [{ id: 1, title: "from the worker: " + input.text, distanceMeters: null, score: 1 }] }), ${delay});`;

let ideaId = 0;
const level = log.level;
afterAll(() => {
  log.level = level;
});
beforeAll(() => {
  log.level = "silent"; // the failures below are on purpose: their error lines would only alarm

  ideaId = Number(
    getDb()
      .prepare(
        `INSERT INTO ideas (title, body, focus_area, lat, lng, status)
         VALUES ('Laddstolpar vid Knalleland', 'Fler laddstolpar för elbilar vid Knalleland.', 'mobility', 57.736, 12.937, 'visible')`,
      )
      .run().lastInsertRowid,
  );
});
afterEach(() => stopSimilarityWorker());

describe("similar-ideas look-ups in a worker thread", () => {
  it("answers from the worker, and says so to /healthz?verbose", async () => {
    startSimilarityWorker(worker("echo", answer()));
    expect(await findSimilarIdeas({ text: "laddstolpar" })).toEqual([
      { id: 1, title: "from the worker: laddstolpar", distanceMeters: null, score: 1 },
    ]);
    expect(similarityWorkerStatus()).toEqual({ thread: "worker", waiting: 0 });
  });

  it("falls back to this thread when the worker stops, and starts a new one for the next look-up", async () => {
    startSimilarityWorker(worker("crash", "process.exit(3);"));
    const ideas = await findSimilarIdeas({ text: "laddstolpar för elbilar vid Knalleland" });
    expect(ideas).not.toBe("busy");
    expect((ideas as { id: number }[]).map((idea) => idea.id)).toContain(ideaId);
    // The stopped worker was replaced: this one stops too, and is answered here again.
    const again = await findSimilarIdeas({ text: "laddstolpar vid Knalleland" });
    expect((again as { id: number }[]).map((idea) => idea.id)).toContain(ideaId);
  });

  it("gives up on a worker that does not answer in time, answering here instead", async () => {
    startSimilarityWorker(worker("silent", ""), { timeoutMs: 200 });
    const started = performance.now();
    const ideas = await findSimilarIdeas({ text: "laddstolpar vid Knalleland" });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((ideas as { id: number }[]).map((idea) => idea.id)).toContain(ideaId);
  });

  it("refuses look-ups beyond the queue as busy, but a form being posted waits its turn", async () => {
    startSimilarityWorker(worker("slow", answer(150)));
    const queued = Array.from({ length: SIMILARITY_QUEUE }, (_, i) =>
      findSimilarIdeas({ text: `text ${i}` }),
    );
    expect(similarityWorkerStatus().waiting).toBe(SIMILARITY_QUEUE);
    expect(await findSimilarIdeas({ text: "one more" })).toBe("busy");
    const posting = findSimilarIdeas({ text: "a form" }, { mayRefuse: false });
    const answers = await Promise.all([...queued, posting]);
    expect(answers.every((a) => a !== "busy")).toBe(true);
    expect((answers.at(-1) as { title: string }[])[0].title).toBe("from the worker: a form");
    expect(similarityWorkerStatus().waiting).toBe(0);
  });

  it("runs look-ups on this thread when no worker was started", async () => {
    expect(similarityWorkerStatus()).toEqual({ thread: "main", waiting: 0 });
    const ideas = await findSimilarIdeas({ text: "laddstolpar vid Knalleland" });
    expect((ideas as { id: number }[]).map((idea) => idea.id)).toContain(ideaId);
  });
});
