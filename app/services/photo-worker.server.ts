// Decodes photos in a child process started under `nice` (docs/decisions/018). A 40-megapixel decode
// holds a core for about a second, and on two cores the server's request thread then waits for a
// CPU: a libuv or libvips thread's priority cannot be lowered from JavaScript, a whole process's
// can. The server turns it on at start when the compiled child script exists
// (build/server/app/workers/photo.worker.js); without it (tests, the TypeScript dev server) photos
// are decoded in this process, by the same function. Only *where* the decode runs changes here: how
// many run at once and how many may wait is decided before, in photos.server.ts.
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import {
  decodeAndEncode,
  type PhotoRejection,
  type ProcessedPhoto,
} from "~/services/photo-codec.server";
import type { PhotoDecodeReply, PhotoDecodeRequest } from "~/workers/photo.worker";
import { log } from "~/utils/log.server";

/** How much the child yields to the server: 10 gives it about a tenth of a core wanted by both. */
const NICENESS = 10;
/** The child runs as `nice -n 10 node script`; exec'd, so the child's pid is node's own. */
const PRIORITY_LAUNCHER = ["nice", "-n", String(NICENESS)];
/** A 40-megapixel photo takes about a second; one not decoded by then is given up (and the child replaced). */
const DECODE_TIMEOUT_MS = 30_000;
/** A child that died is started again after this, doubled for each death without an answer between. */
const RESTART_DELAY_MS = 500;
const RESTART_DELAY_MAX_MS = 30_000;

type PhotoResult = ProcessedPhoto | PhotoRejection;
type Waiting = {
  input: Uint8Array;
  resolve: (result: PhotoResult) => void;
  timer: NodeJS.Timeout;
};
type Pool = {
  script: string;
  timeoutMs: number;
  /** null once `nice` (or the launcher given) could not be started: node is spawned directly. */
  launcher: string[] | null;
  child: ChildProcess | null;
  waiting: Map<number, Waiting>;
  next: number;
  restarts: number;
  restartDelayMs: number;
  restartTimer: NodeJS.Timeout | null;
};

const BUSY: PhotoRejection = { ok: false, reason: "busy" };

// On globalThis: server.ts and the Remix build each bundle their own copy of this module.
const state = globalThis as unknown as { __samskapaPhotoWorker?: Pool };

/**
 * From now on, photos are decoded in a child process running `script` (the compiled
 * photo.worker.js). `launcher` is the command put before node (`nice -n 10`); for tests.
 */
export function startPhotoWorker(
  script: string,
  { timeoutMs = DECODE_TIMEOUT_MS, launcher = PRIORITY_LAUNCHER } = {},
) {
  stopPhotoWorker();
  const pool: Pool = {
    script,
    timeoutMs,
    launcher,
    child: null,
    waiting: new Map(),
    next: 1,
    restarts: 0,
    restartDelayMs: RESTART_DELAY_MS,
    restartTimer: null,
  };
  state.__samskapaPhotoWorker = pool;
  pool.child = startChild(pool); // started now: the first photo does not wait for node to start
}

/** Back to decoding in this process; the child is stopped and any photo it holds is answered busy. */
export function stopPhotoWorker() {
  const pool = state.__samskapaPhotoWorker;
  state.__samskapaPhotoWorker = undefined;
  if (!pool) return;
  if (pool.restartTimer) clearTimeout(pool.restartTimer);
  const child = pool.child;
  pool.child = null;
  answerAll(pool, BUSY);
  child?.kill("SIGKILL");
}

/** For /healthz?verbose: where photos are decoded (the child's pid, to find it in `ps`), how many
 * the child holds now, and how often it was replaced. */
export function photoWorkerStatus(): {
  process: "child" | "main";
  pid: number | null;
  waiting: number;
  restarts: number;
} {
  const pool = state.__samskapaPhotoWorker;
  return pool
    ? {
        process: "child",
        pid: pool.child?.pid ?? null,
        waiting: pool.waiting.size,
        restarts: pool.restarts,
      }
    : { process: "main", pid: null, waiting: 0, restarts: 0 };
}

/**
 * The photo of an upload (see decodeAndEncode), decoded in the child when there is one. Always
 * answers: a child that dies, hangs past the timeout or was stopped answers "busy" (try again in a
 * moment) — never decoded here instead, as a file that crashed the child would crash the server.
 */
export function decodePhoto(input: Buffer | Uint8Array): Promise<PhotoResult> {
  const pool = state.__samskapaPhotoWorker;
  if (!pool) return decodeAndEncode(input);
  const child = (pool.child ??= startChild(pool));
  const id = pool.next++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pool.waiting.delete(id);
      log.error({ id, ms: pool.timeoutMs }, "photo decoding timed out; the child is replaced");
      resolve(BUSY);
      child.kill("SIGKILL"); // its exit answers the others it held and starts a new one
    }, pool.timeoutMs);
    pool.waiting.set(id, { input, resolve, timer });
    send(child, id, input);
  });
}

function send(child: ChildProcess, id: number, input: Uint8Array) {
  // A failed send means the child is gone or going: its "error" or "exit" answers this photo.
  child.send({ id, input } satisfies PhotoDecodeRequest, () => {});
}

function answerAll(pool: Pool, result: PhotoResult) {
  for (const waiting of pool.waiting.values()) {
    clearTimeout(waiting.timer);
    waiting.resolve(result);
  }
  pool.waiting.clear();
}

function startChild(pool: Pool): ChildProcess {
  const [command, ...args] = pool.launcher
    ? [...pool.launcher, process.execPath, pool.script]
    : [process.execPath, pool.script];
  const child = spawn(command, args, {
    // Its own log lines and crashes go where the server's go; photos and answers pass over IPC,
    // Buffers as they are (advanced serialization), not as JSON arrays of numbers.
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  // Neither keeps this process alive on its own (a stopped server must be able to exit).
  child.unref();
  child.channel?.unref();
  if (!pool.launcher && child.pid !== undefined) lowerPriority(child.pid);

  child.on("message", (reply: PhotoDecodeReply) => {
    const waiting = pool.waiting.get(reply.id);
    if (!waiting) return; // timed out meanwhile
    pool.waiting.delete(reply.id);
    clearTimeout(waiting.timer);
    pool.restartDelayMs = RESTART_DELAY_MS;
    waiting.resolve(reply.result);
  });

  child.on("error", (error: NodeJS.ErrnoException) => {
    if (pool.child !== child) return;
    if (child.pid === undefined && pool.launcher) {
      // The launcher (`nice`) is not installed: node itself is started, and what was sent is sent again.
      log.warn(
        { err: error, launcher: pool.launcher.join(" ") },
        "could not start the photo decoder under nice; started without it",
      );
      pool.launcher = null;
      pool.child = startChild(pool);
      for (const [id, waiting] of pool.waiting) send(pool.child, id, waiting.input);
      return;
    }
    stopped(error.message);
  });
  child.on("exit", (code, signal) => stopped(`exit ${signal ?? code}`));

  function stopped(why: string) {
    if (pool.child !== child) return;
    pool.child = null;
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    pool.restarts += 1;
    log.error(
      { why, waiting: pool.waiting.size },
      "the photo decoder stopped; its photos are answered busy and a new one is started",
    );
    answerAll(pool, BUSY);
    // A child that dies at once (a broken install) is not started again in a tight loop.
    const delay = pool.restartDelayMs;
    pool.restartDelayMs = Math.min(delay * 2, RESTART_DELAY_MAX_MS);
    pool.restartTimer = setTimeout(() => {
      pool.restartTimer = null;
      if (state.__samskapaPhotoWorker === pool) pool.child ??= startChild(pool);
    }, delay);
    pool.restartTimer.unref();
  }
  return child;
}

/** Without `nice`, the same priority set from here: the threads that decode are started later, by
 * the child's main thread, and inherit it. */
function lowerPriority(pid: number) {
  try {
    os.setPriority(pid, NICENESS);
  } catch (error) {
    log.warn({ err: error }, "could not lower the photo decoder's priority");
  }
}
