// The photo-decoding child process (app/services/photo-worker.server.ts): answers come back to the
// upload that asked, under a lower priority than the server's; a child that dies, hangs or is
// stopped never leaves an upload without an answer, and is replaced. Most children here are small
// stand-ins that misbehave on purpose; one test runs the real worker, bundled as the build does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  decodePhoto,
  photoWorkerStatus,
  startPhotoWorker,
  stopPhotoWorker,
} from "~/services/photo-worker.server";
import { log } from "~/utils/log.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-photo-worker-"));

/**
 * A stand-in child: `onMessage` sees `id` and `input` (a Buffer); `answer(width)` replies with a
 * "photo" whose width is given and whose height is the child's own niceness.
 */
function child(name: string, onMessage: string): string {
  const file = path.join(dir, `${name}.mjs`);
  fs.writeFileSync(
    file,
    `import fs from "node:fs";
import os from "node:os";
fs.writeFileSync(${JSON.stringify(dir)} + "/started-" + process.pid, "");
process.on("disconnect", () => process.exit(0));
process.on("message", ({ id, input }) => {
  const answer = (width) => process.send({ id, result: { ok: true, data: input, width, height: os.getPriority(), contentType: "image/webp" } });
  ${onMessage}
});
`,
  );
  return file;
}

/** Answers with the first byte as width, after that many tens of milliseconds: the first asked is answered last. */
const echoSlowly = child("echo", "setTimeout(() => answer(input[0]), input[0] * 10);");

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, ms = 5_000) {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > ms) throw new Error("waited in vain");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const level = log.level;
beforeAll(() => {
  log.level = "silent"; // the failures below are on purpose: their error lines would only alarm
});
afterAll(() => {
  log.level = level;
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => stopPhotoWorker());

describe("decoding photos in a child process", () => {
  it("gives each upload its own answer, whatever order they come back in, from a child under nice", async () => {
    startPhotoWorker(echoSlowly);
    const results = await Promise.all([9, 5, 1, 3].map((n) => decodePhoto(Buffer.from([n]))));
    expect(results.map((r) => r.ok && r.width)).toEqual([9, 5, 1, 3]);
    expect(results.map((r) => r.ok && r.height)).toEqual([10, 10, 10, 10]); // nice -n 10
    expect(photoWorkerStatus()).toMatchObject({ process: "child", waiting: 0, restarts: 0 });
  });

  it("answers busy the uploads a dying child held, and a new child decodes the next", async () => {
    startPhotoWorker(
      child("crash-on-one", "if (input[0] === 1) process.exit(3); else answer(input[0]);"),
    );
    const { pid } = photoWorkerStatus();
    const held = await Promise.all([1, 2, 3].map((n) => decodePhoto(Buffer.from([n]))));
    expect(held).toEqual([1, 2, 3].map(() => ({ ok: false, reason: "busy" })));
    expect(photoWorkerStatus()).toMatchObject({ waiting: 0, restarts: 1 });

    const next = await decodePhoto(Buffer.from([2]));
    expect(next).toMatchObject({ ok: true, width: 2 });
    expect(photoWorkerStatus().pid).not.toBe(pid);
  });

  it("gives up on a photo not decoded in time: busy, and the child replaced", async () => {
    startPhotoWorker(child("hang-on-nine", "if (input[0] !== 9) answer(input[0]);"), {
      timeoutMs: 200,
    });
    const { pid } = photoWorkerStatus();
    const started = performance.now();
    expect(await decodePhoto(Buffer.from([9]))).toEqual({ ok: false, reason: "busy" });
    expect(performance.now() - started).toBeLessThan(2_000);
    await until(() => !alive(pid!));
    // The new child is let start first: its 200 ms would otherwise include starting a niced node,
    // which a busy machine (the rest of the suite) stretched past 200 ms.
    await until(() => {
      const next = photoWorkerStatus().pid;
      return next !== null && next !== pid && fs.existsSync(path.join(dir, `started-${next}`));
    });
    expect(await decodePhoto(Buffer.from([4]))).toMatchObject({ ok: true, width: 4 });
    expect(photoWorkerStatus().restarts).toBe(1);
  });

  it("answers what it holds when stopped, and leaves no process behind", async () => {
    startPhotoWorker(child("silent", ""));
    const { pid } = photoWorkerStatus();
    const waiting = decodePhoto(Buffer.from([1]));
    stopPhotoWorker();
    expect(await waiting).toEqual({ ok: false, reason: "busy" });
    await until(() => !alive(pid!));
    expect(photoWorkerStatus()).toEqual({ process: "main", pid: null, waiting: 0, restarts: 0 });
  });

  it("starts node itself, at the same lower priority, when nice cannot be started", async () => {
    startPhotoWorker(echoSlowly, { launcher: ["samskapa-no-such-launcher"] });
    const result = await decodePhoto(Buffer.from([2]));
    expect(result).toMatchObject({ ok: true, width: 2, height: 10 });
  });

  it("decodes a real photo in the compiled worker, and in this process when none was started", async () => {
    // Bundled as scripts/build-server.mjs does; sharp is found through a node_modules beside it.
    fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
    await esbuild.build({
      entryPoints: ["app/workers/photo.worker.ts"],
      outfile: path.join(dir, "photo.worker.mjs"),
      bundle: true,
      plugins: [
        {
          name: "external-packages",
          setup: (build) =>
            build.onResolve({ filter: /^[^./~]/ }, (args) =>
              args.kind === "entry-point" ? undefined : { path: args.path, external: true },
            ),
        },
      ],
      platform: "node",
      format: "esm",
      logLevel: "silent",
    });
    const jpeg = await sharp({
      create: { width: 3200, height: 800, channels: 3, background: { r: 40, g: 120, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    const inProcess = await decodePhoto(jpeg);

    startPhotoWorker(path.join(dir, "photo.worker.mjs"));
    const inChild = await decodePhoto(jpeg);
    expect(inChild).toMatchObject({
      ok: true,
      width: 1600,
      height: 400,
      contentType: "image/webp",
    });
    expect(inChild.ok && Buffer.isBuffer(inChild.data)).toBe(true);
    expect(inChild).toEqual(inProcess);
    expect(await decodePhoto(Buffer.from("not a photo"))).toEqual({
      ok: false,
      reason: "not-an-image",
    });
  });
});
