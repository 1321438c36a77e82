// The photo of an idea: check an upload, re-encode it without any metadata, and keep it on disk.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  MAX_PHOTO_BYTES,
  type PhotoRejection,
  type ProcessedPhoto,
} from "~/services/photo-codec.server";
import { decodePhoto } from "~/services/photo-worker.server";
import { env } from "~/utils/env.server";
import { consume, LIMITS, retryAfter } from "~/utils/rate-limit.server";

export {
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  MAX_PHOTO_SIDE,
  type PhotoRejection,
  type ProcessedPhoto,
} from "~/services/photo-codec.server";

/**
 * Turns an upload into a photo we can publish (decodeAndEncode in photo-codec.server.ts), decoded
 * in its turn: in the photo-decoding child process when the server started one, else here.
 */
export async function processPhoto(
  input: Buffer | Uint8Array,
): Promise<ProcessedPhoto | PhotoRejection> {
  if (input.byteLength > MAX_PHOTO_BYTES) return { ok: false, reason: "too-large" };
  const result = await inPipeline(() => decodePhoto(input));
  return result === "busy" ? { ok: false, reason: "busy" } : result;
}

// ── Decoding, a few at a time ──────────────────────────────────────────────────────────────────
//
// sharp decodes in libuv's thread pool, never on the main thread, but one 40-megapixel photo
// still takes about a second of CPU. Decoding must leave a core to the main thread, or every
// request waits for a CPU (two photos of two libvips threads each on two cores kept /healthz
// waiting 2.8 s). So each photo is decoded by one libvips thread (photo-codec.server.ts), at most
// PHOTO_PIPELINES at once (one core fewer than the machine has, at least one); others wait in a
// queue of PHOTO_QUEUE, and beyond that an upload is refused as busy (429: the person is asked to
// try again in a moment). Where the decode runs — the niced child process of the compiled server,
// or this process — is photo-worker.server.ts's alone: these limits are the same either way.

/** Photos decoded at the same time. */
export const PHOTO_PIPELINES = Math.max(1, Math.min(4, os.availableParallelism() - 1));
/** Uploads that may wait for a pipeline. */
export const PHOTO_QUEUE = 8;

const pipelines = { running: 0, waiting: [] as (() => void)[], mostAtOnce: 0, started: 0 };

async function inPipeline<T>(work: () => Promise<T>): Promise<T | "busy"> {
  if (pipelines.running >= PHOTO_PIPELINES) {
    if (pipelines.waiting.length >= PHOTO_QUEUE) return "busy";
    await new Promise<void>((resolve) => pipelines.waiting.push(resolve));
  } else {
    pipelines.running += 1;
  }
  // Here this upload holds a pipeline (a finishing one hands its place straight over).
  pipelines.started += 1;
  pipelines.mostAtOnce = Math.max(pipelines.mostAtOnce, pipelines.running);
  try {
    return await work();
  } finally {
    const next = pipelines.waiting.shift();
    if (next) next();
    else pipelines.running -= 1;
  }
}

/** How the decoding queue is doing: for tests and the health of a long-running process. */
export function photoPipelineStats() {
  return {
    running: pipelines.running,
    waiting: pipelines.waiting.length,
    mostAtOnce: pipelines.mostAtOnce,
    started: pipelines.started,
  };
}

export function resetPhotoPipelineStats() {
  pipelines.mostAtOnce = pipelines.running;
  pipelines.started = 0;
}

// ── A new idea's photo ─────────────────────────────────────────────────────────────────────────

export type IdeaPhotoResult =
  | { ok: true; name: string }
  | { ok: false; reason: PhotoRejection["reason"] }
  /** limit: which of the person's limits was reached — their ideas for the hour, or their photo uploads. */
  | { ok: false; reason: "rate-limited"; limit: "ideas" | "photos"; retryAfterSeconds: number };

export type RefusedIdeaPhoto = Exclude<IdeaPhotoResult, { ok: true }>;

const REJECTION_KEYS = {
  "too-large": "validation.photoTooLarge",
  "not-an-image": "validation.photoNotImage",
  "unsupported-type": "validation.photoType",
  "too-many-pixels": "validation.photoTooManyPixels",
  busy: "validation.photoBusy",
} as const;

/**
 * How a refused photo is answered, the same at the door (server.ts, before the body is read) and in
 * the action: the status, the text's key — about the photo, or about the whole form when the person
 * may not post another idea now — and, for a 429, a Retry-After header. Busy is the server's load,
 * answered as "too many requests, try again" (429), not as a failure of the server (5xx).
 */
export function photoRefusalAnswer(refusal: RefusedIdeaPhoto): {
  status: 400 | 413 | 429;
  key: string;
  about: "photo" | "form";
  headers: Record<string, string>;
} {
  if (refusal.reason === "rate-limited") {
    const ideas = refusal.limit === "ideas";
    return {
      status: 429,
      key: ideas ? "newIdea.tooMany" : "validation.photoTooMany",
      about: ideas ? "form" : "photo",
      headers: { "Retry-After": String(refusal.retryAfterSeconds) },
    };
  }
  const status = refusal.reason === "too-large" ? 413 : refusal.reason === "busy" ? 429 : 400;
  return {
    status,
    key: REJECTION_KEYS[refusal.reason],
    about: "photo",
    headers: refusal.reason === "busy" ? { "Retry-After": "5" } : {},
  };
}

/**
 * The photo of a new idea, checked and stored — the person's limits are counted before anything
 * is decoded: someone who may not post another idea now gets no decoding at all, and each person
 * has a budget of photo uploads an hour (counted even when the photo is refused), so that many
 * parallel uploads from one account cost at most that many decodes. The idea itself is counted
 * when it is posted, as before, so a refused photo does not use up one of the person's ideas.
 */
export async function acceptIdeaPhoto(
  userId: number,
  upload: Buffer | Uint8Array,
  /** given when admitIdeaPhoto counted this upload before its body was read */
  admission?: PhotoAdmission,
): Promise<IdeaPhotoResult> {
  if (upload.byteLength > MAX_PHOTO_BYTES) return { ok: false, reason: "too-large" };
  if (admission?.userId === userId) return processAndStore(upload);
  // Not let in at the door (the page's script posts straight to the action): let in here, the same way.
  const admitted = admitIdeaPhoto(userId);
  if (!admitted.ok) return admitted;
  try {
    return await processAndStore(upload);
  } finally {
    admitted.admission.release();
  }
}

async function processAndStore(upload: Buffer | Uint8Array): Promise<IdeaPhotoResult> {
  const processed = await processPhoto(upload);
  if (!processed.ok) return processed;
  return { ok: true, name: await storePhoto(processed) };
}

type PhotoRefusal = Extract<IdeaPhotoResult, { reason: "rate-limited" }>;

/** The person's limits for one more photo: their ideas for the hour, then their photo uploads (counted). */
function countPhotoUpload(userId: number): { ok: true } | PhotoRefusal {
  const ideaWait = retryAfter(`idea:${userId}`, LIMITS.ideasPerPerson);
  if (ideaWait > 0)
    return { ok: false, reason: "rate-limited", limit: "ideas", retryAfterSeconds: ideaWait };
  const counted = consume([[`photo:${userId}`, LIMITS.photoUploadsPerPerson]]);
  if (!counted.ok)
    return {
      ok: false,
      reason: "rate-limited",
      limit: "photos",
      retryAfterSeconds: counted.retryAfterSeconds,
    };
  return { ok: true };
}

// ── Admitting an upload before its body is read ──────────────────────────────────────────────────
//
// Forty parallel uploads from one account used to be read whole (megabytes each) and refused one by
// one afterwards, each refusal a page rendered on the main thread (issue 12). The door in server.ts
// asks here first, from the request's headers: the person's limits are counted at once, and no more
// uploads are let in than the pipelines and their queue can hold; the rest are refused unread.

/** An upload let in by admitIdeaPhoto: already counted against its person; release when its request ends. */
export type PhotoAdmission = { userId: number; release: () => void };

// One person sends one form at a time: a second upload while their first is still being read or
// decoded is refused as busy before it is counted. Forty parallel 40-megapixel uploads from one
// account otherwise let nine in (the queue), and reading and decoding nine photos at once on two
// cores kept /healthz waiting 0.5 s (docs/benchmarks-hostile.md).

/** Photo uploads one person may have in flight at once. */
export const PHOTO_UPLOADS_AT_ONCE_PER_PERSON = 1;

let admittedUploads = 0;
const inFlight = new Map<number, number>();

function uploadsInFlight(userId: number) {
  return inFlight.get(userId) ?? 0;
}

/** Holds one of the person's upload places (and one of the server's); the returned function frees them, once. */
function holdUploadPlace(userId: number): () => void {
  admittedUploads += 1;
  inFlight.set(userId, uploadsInFlight(userId) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    admittedUploads -= 1;
    const left = uploadsInFlight(userId) - 1;
    if (left > 0) inFlight.set(userId, left);
    else inFlight.delete(userId);
  };
}

export function admitIdeaPhoto(
  userId: number,
): { ok: true; admission: PhotoAdmission } | PhotoRefusal | { ok: false; reason: "busy" } {
  if (uploadsInFlight(userId) >= PHOTO_UPLOADS_AT_ONCE_PER_PERSON)
    return { ok: false, reason: "busy" };
  const counted = countPhotoUpload(userId);
  if (!counted.ok) return counted;
  if (admittedUploads >= PHOTO_PIPELINES + PHOTO_QUEUE) return { ok: false, reason: "busy" };
  return { ok: true, admission: { userId, release: holdUploadPlace(userId) } };
}

/** Uploads let in at the door whose request has not ended yet (for tests). */
export function admittedPhotoUploads() {
  return admittedUploads;
}

// ── Storage ────────────────────────────────────────────────────────────────────────────────────

const PHOTO_NAME = /^[a-f0-9]{32}\.webp$/;
let memoryPhotosDir: string | undefined;
const createdDirs = new Set<string>();

/** `photos/` beside the database file (a temporary folder for an in-memory database), created on demand. */
export function photosDir(): string {
  const databasePath = env().DATABASE_PATH;
  let dir: string;
  if (databasePath === ":memory:") {
    memoryPhotosDir ??= fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-photos-"));
    dir = memoryPhotosDir;
  } else {
    dir = path.join(path.dirname(databasePath), "photos");
  }
  if (!createdDirs.has(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    createdDirs.add(dir);
  }
  return dir;
}

/** Writes the photo under a new random name and returns that name (what `ideas.photo_path` keeps). */
export async function storePhoto(photo: ProcessedPhoto): Promise<string> {
  const dir = photosDir();
  const name = `${crypto.randomBytes(16).toString("hex")}.webp`;
  // Written under a temporary name and renamed, so a reader never sees half a file.
  const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
  try {
    const file = await fs.promises.open(temporary, "wx", 0o644);
    try {
      await file.writeFile(photo.data);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.promises.rename(temporary, path.join(dir, name));
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  return name;
}

/** The file of a stored photo, or null when the name is not one storePhoto could have made. */
export function photoFilePath(name: string): string | null {
  if (!PHOTO_NAME.test(name)) return null;
  return path.join(photosDir(), name);
}

/** Removes a stored photo; a name that is invalid or already gone is not an error. */
export async function deletePhoto(name: string): Promise<void> {
  const file = photoFilePath(name);
  if (file) await fs.promises.rm(file, { force: true });
}
