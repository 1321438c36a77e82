import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { LoaderFunctionArgs } from "@remix-run/node";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { loader } from "~/routes/photos.$name";
import {
  acceptIdeaPhoto,
  admitIdeaPhoto,
  admittedPhotoUploads,
  deletePhoto,
  MAX_PHOTO_BYTES,
  PHOTO_PIPELINES,
  PHOTO_QUEUE,
  photoFilePath,
  photoPipelineStats,
  photosDir,
  processPhoto,
  resetPhotoPipelineStats,
  storePhoto,
  type ProcessedPhoto,
} from "~/services/photos.server";
import { hideIdea, mergeIdeas } from "~/models/moderation.server";
import { admitNewIdeaUpload, PHOTO_SIZED_BODY_BYTES } from "~/services/new-idea.server";
import { signInHeaders } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { consume, LIMITS, resetRateLimits } from "~/utils/rate-limit.server";
import { makeIdea, makeUser } from "../helpers";

const BORAS_GPS = {
  GPSLatitudeRef: "N",
  GPSLatitude: "57/1 43/1 1/1",
  GPSLongitudeRef: "E",
  GPSLongitude: "12/1 56/1 23/1",
};

function solid(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 60 } } });
}

/** A photo as a phone makes it: EXIF with the place it was taken, an XMP packet, an ICC profile. */
async function phoneJpeg(orientation?: number) {
  let image = solid(80, 40).jpeg();
  if (orientation) image = image.withMetadata({ orientation });
  return image
    .withExif({ IFD0: { Make: "Testphone", Model: "Serial 1234" }, IFD3: BORAS_GPS })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
    )
    .withIccProfile("p3")
    .toBuffer();
}

/** A valid PNG that claims `side`×`side` pixels of one grey: a few KB that would decode to hundreds of MB. */
function pngBomb(side: number) {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(1, 8); // 1 bit per pixel
  header.writeUInt8(0, 9); // greyscale
  const rows = Buffer.alloc(side * (1 + Math.ceil(side / 8))); // filter byte 0 + zero pixels per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// With the in-memory test database, photos go to a temporary folder of this test file.
afterAll(() => {
  const dir = photosDir();
  if (dir.startsWith(os.tmpdir())) fs.rmSync(dir, { recursive: true, force: true });
});

async function accepted(input: Buffer): Promise<ProcessedPhoto> {
  const result = await processPhoto(input);
  if (!result.ok) throw new Error(`expected the photo to be accepted, got ${result.reason}`);
  return result;
}

describe("processPhoto", () => {
  it("removes the GPS position and every other piece of metadata from a phone's JPEG", async () => {
    const input = await phoneJpeg();
    const before = await sharp(input).metadata();
    expect(before.exif?.length).toBeGreaterThan(0);
    expect(before.exif?.includes(Buffer.from("Testphone"))).toBe(true);
    expect(before.xmp).toBeDefined();
    expect(before.icc).toBeDefined();

    const photo = await accepted(input);
    const after = await sharp(photo.data).metadata();
    expect(after.format).toBe("webp");
    expect(photo.contentType).toBe("image/webp");
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    // Not hidden somewhere else in the container either.
    expect(photo.data.includes(Buffer.from("Testphone"))).toBe(false);
    expect(photo.data.includes(Buffer.from("Exif"))).toBe(false);
  });

  it("turns a photo taken sideways upright before dropping the orientation tag", async () => {
    const input = await phoneJpeg(6); // stored 80×40, shown rotated 90°
    const photo = await accepted(input);
    expect([photo.width, photo.height]).toEqual([40, 80]);
    const after = await sharp(photo.data).metadata();
    expect([after.width, after.height]).toEqual([40, 80]);
    expect(after.orientation).toBeUndefined();
  });

  it("accepts PNG and WebP and re-encodes them as WebP", async () => {
    for (const input of [
      await solid(30, 20).png().toBuffer(),
      await solid(30, 20).webp().toBuffer(),
    ]) {
      const photo = await accepted(input);
      expect([photo.width, photo.height]).toEqual([30, 20]);
      expect((await sharp(photo.data).metadata()).format).toBe("webp");
    }
  });

  it("takes a Uint8Array as well as a Buffer", async () => {
    const input = await solid(10, 10).png().toBuffer();
    const photo = await accepted(new Uint8Array(input) as Buffer);
    expect(photo.width).toBe(10);
  });

  it("shrinks a large photo to fit 1600×1600, keeping its proportions, and never enlarges a small one", async () => {
    const big = await accepted(await solid(4000, 3000).jpeg().toBuffer());
    expect([big.width, big.height]).toEqual([1600, 1200]);
    const tall = await accepted(await solid(1000, 3000).png().toBuffer());
    expect([tall.width, tall.height]).toEqual([533, 1600]);
    const small = await accepted(await solid(120, 90).jpeg().toBuffer());
    expect([small.width, small.height]).toEqual([120, 90]);
  });

  it("keeps only the first frame of an animated WebP", async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 32, height: 32, channels: 4, background: colour } })
        .png()
        .toBuffer();
    const input = await sharp(
      [await frame("#ff0000"), await frame("#00ff00"), await frame("#0000ff")],
      {
        join: { animated: true },
      },
    )
      .webp({ loop: 0, delay: 100, lossless: true })
      .toBuffer();
    expect((await sharp(input).metadata()).pages).toBe(3);

    const photo = await accepted(input);
    expect([photo.width, photo.height]).toEqual([32, 32]);
    const after = await sharp(photo.data, { animated: true }).metadata();
    expect(after.pages ?? 1).toBe(1);
    expect(after.height).toBe(32);
    const { dominant } = await sharp(photo.data).stats();
    expect(dominant.r).toBeGreaterThan(200);
    expect(dominant.g).toBeLessThan(60);
  });

  it("refuses a text file, whatever it is called, and garbage behind a JPEG signature", async () => {
    const text = Buffer.from("Hej Borås! Det här är ingen bild.\n".repeat(10));
    expect(await processPhoto(text)).toEqual({ ok: false, reason: "not-an-image" });
    expect(await processPhoto(Buffer.alloc(0))).toEqual({ ok: false, reason: "not-an-image" });
    const fakeJpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from("not really a jpeg".repeat(20)),
    ]);
    expect(await processPhoto(fakeJpeg)).toEqual({ ok: false, reason: "not-an-image" });
    const truncatedPng = (await solid(50, 50).png().toBuffer()).subarray(0, 20);
    expect(await processPhoto(truncatedPng)).toEqual({ ok: false, reason: "not-an-image" });
  });

  it("refuses image types other than JPEG, PNG and WebP", async () => {
    const gif = await solid(10, 10).gif().toBuffer();
    expect(await processPhoto(gif)).toEqual({ ok: false, reason: "unsupported-type" });
    const svg = Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>',
    );
    expect(await processPhoto(svg)).toEqual({ ok: false, reason: "unsupported-type" });
    const tiff = await solid(10, 10).tiff().toBuffer();
    expect(await processPhoto(tiff)).toEqual({ ok: false, reason: "unsupported-type" });
  });

  it("refuses a file over 8 MB without looking at it", async () => {
    expect(await processPhoto(Buffer.alloc(MAX_PHOTO_BYTES + 1))).toEqual({
      ok: false,
      reason: "too-large",
    });
  });

  it("refuses a decompression bomb: a small PNG of 20000×20000 pixels", async () => {
    const bomb = pngBomb(20_000);
    expect(bomb.length).toBeLessThan(MAX_PHOTO_BYTES);
    const header = await sharp(bomb, { limitInputPixels: false }).metadata();
    expect([header.width, header.height]).toEqual([20_000, 20_000]);
    expect(await processPhoto(bomb)).toEqual({ ok: false, reason: "too-many-pixels" });
  });
});

describe("storing photos", () => {
  const stored: string[] = [];
  afterAll(async () => {
    for (const name of stored) await deletePhoto(name);
  });

  it("keeps a photo under a random name in photos/, readable back byte for byte", async () => {
    const photo = await accepted(await solid(20, 20).png().toBuffer());
    const name = await storePhoto(photo);
    stored.push(name);
    expect(name).toMatch(/^[a-f0-9]{32}\.webp$/);
    const file = photoFilePath(name);
    expect(file).toBe(path.join(photosDir(), name));
    expect(fs.readFileSync(file!).equals(photo.data)).toBe(true);
    // No temporary file left behind.
    expect(fs.readdirSync(photosDir()).filter((f) => f.includes(name))).toEqual([name]);

    const again = await storePhoto(photo);
    stored.push(again);
    expect(again).not.toBe(name);
  });

  it("deletes a photo, and does not mind one that is already gone", async () => {
    const name = await storePhoto(await accepted(await solid(20, 20).png().toBuffer()));
    await deletePhoto(name);
    expect(fs.existsSync(photoFilePath(name)!)).toBe(false);
    await expect(deletePhoto(name)).resolves.toBeUndefined();
    await expect(deletePhoto("../../etc/passwd")).resolves.toBeUndefined();
  });

  it("refuses any name storePhoto could not have made", () => {
    const hex = "0123456789abcdef0123456789abcdef";
    expect(photoFilePath(`${hex}.webp`)).not.toBeNull();
    for (const name of [
      "../etc/passwd",
      "x.webp",
      `${hex.toUpperCase()}.webp`,
      `${hex}.WEBP`,
      `${hex}.jpg`,
      `${hex}.webp/..`,
      `../${hex}.webp`,
      `${hex}.webp\n`,
      `${hex}0.webp`,
      "",
    ]) {
      expect(photoFilePath(name), name).toBeNull();
    }
  });
});

describe("GET /photos/:name", () => {
  const get = (name: string, headers: HeadersInit = {}) =>
    loader({
      params: { name },
      request: new Request(`http://localhost/photos/${name}`, { headers }),
      context: {} as LoaderFunctionArgs["context"],
    });
  const ideaWithPhoto = (name: string, status = "visible") => {
    const id = makeIdea(makeUser(), { status });
    getDb().prepare("UPDATE ideas SET photo_path = ? WHERE id = ?").run(name, id);
    return id;
  };
  const cookieOf = async (userId: number) => {
    const setCookie = new Headers(await signInHeaders(userId)).get("Set-Cookie") ?? "";
    return { Cookie: setCookie.split(";")[0] };
  };

  it("serves the photo of an idea on view as WebP, cached briefly and revalidated, never immutable", async () => {
    const photo = await accepted(await solid(20, 20).png().toBuffer());
    const name = await storePhoto(photo);
    ideaWithPhoto(name);
    try {
      const response = await get(name);
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("image/webp");
      const cache = response.headers.get("Cache-Control") ?? "";
      expect(cache).not.toMatch(/immutable/);
      expect(cache).toMatch(/must-revalidate|no-cache/);
      expect(Number(/max-age=(\d+)/.exec(cache)?.[1] ?? 0)).toBeLessThanOrEqual(300);
      // The Express layer sends X-Content-Type-Options for every answer; twice is one too many.
      expect(response.headers.get("X-Content-Type-Options")).toBeNull();
      expect(Buffer.from(await response.arrayBuffer()).equals(photo.data)).toBe(true);
      const again = await get(name, { "If-None-Match": response.headers.get("ETag")! });
      expect(again.status).toBe(304);
    } finally {
      await deletePhoto(name);
    }
  });

  it("answers 404 once the idea is hidden, held or merged away, except to a moderator", async () => {
    const name = await storePhoto(await accepted(await solid(20, 20).png().toBuffer()));
    const idea = ideaWithPhoto(name);
    const moderator = makeUser({ role: "moderator" });
    try {
      expect((await get(name)).status).toBe(200);
      expect(hideIdea(idea, moderator, "Personuppgifter i bilden")).toBe("ok");
      const hidden = await get(name);
      expect(hidden.status).toBe(404);
      expect(hidden.headers.get("Cache-Control")).toBe("no-store");
      expect((await get(name, await cookieOf(makeUser()))).status).toBe(404);
      const forModerator = await get(name, await cookieOf(moderator));
      expect(forModerator.status).toBe(200);
      expect(forModerator.headers.get("Cache-Control")).toMatch(/^private/);

      const pending = await storePhoto(await accepted(await solid(20, 20).png().toBuffer()));
      ideaWithPhoto(pending, "pending");
      expect((await get(pending)).status).toBe(404);
      await deletePhoto(pending);

      const merged = await storePhoto(await accepted(await solid(20, 20).png().toBuffer()));
      const from = ideaWithPhoto(merged);
      expect(mergeIdeas(from, makeIdea(makeUser()), moderator).ok).toBe(true);
      expect((await get(merged)).status).toBe(404);
      await deletePhoto(merged);
    } finally {
      await deletePhoto(name);
    }
  });

  it("answers 404 for a name that is invalid, not stored, or stored but no idea's", async () => {
    expect((await get("../../etc/passwd")).status).toBe(404);
    expect((await get("0123456789abcdef0123456789abcdef.webp")).status).toBe(404);
    const orphan = await storePhoto(await accepted(await solid(20, 20).png().toBuffer()));
    expect((await get(orphan)).status).toBe(404);
    await deletePhoto(orphan);
  });
});

describe("decoding uploads under load", () => {
  it("decodes at most PHOTO_PIPELINES photos at once (a core is left to requests), lets eight wait, and refuses the rest as busy", async () => {
    resetPhotoPipelineStats();
    const photo = await solid(2400, 2400).png().toBuffer();
    const results = await Promise.all(
      Array.from({ length: PHOTO_PIPELINES + PHOTO_QUEUE + 2 }, () => processPhoto(photo)),
    );
    const busy = results.filter((r) => !r.ok && r.reason === "busy");
    expect(busy).toHaveLength(2);
    expect(results.filter((r) => r.ok)).toHaveLength(PHOTO_PIPELINES + PHOTO_QUEUE);
    expect(photoPipelineStats()).toMatchObject({
      running: 0,
      waiting: 0,
      mostAtOnce: PHOTO_PIPELINES,
      started: PHOTO_PIPELINES + PHOTO_QUEUE,
    });
    // The queue is free again afterwards.
    expect((await processPhoto(photo)).ok).toBe(true);
  });

  it("counts a person's limits before anything is decoded", async () => {
    resetRateLimits();
    const photo = await solid(200, 200).png().toBuffer();
    const limited = makeUser();
    for (let i = 0; i < LIMITS.ideasPerPerson.limit; i++)
      consume([[`idea:${limited}`, LIMITS.ideasPerPerson]]);
    resetPhotoPipelineStats();
    // An account that may not post another idea now: forty uploads at once, not one decoded.
    const refused = await Promise.all(
      Array.from({ length: 40 }, () => acceptIdeaPhoto(limited, photo)),
    );
    expect(refused.every((r) => !r.ok && r.reason === "rate-limited" && r.limit === "ideas")).toBe(
      true,
    );
    expect(photoPipelineStats().started).toBe(0);

    // Anyone else: one upload at a time, the others refused as busy before they are counted …
    const eager = makeUser();
    const atOnce = await Promise.all(
      Array.from({ length: 10 }, () => acceptIdeaPhoto(eager, photo)),
    );
    expect(atOnce.filter((r) => r.ok)).toHaveLength(1);
    expect(atOnce.filter((r) => !r.ok && r.reason === "busy")).toHaveLength(9);
    // … and no more than their hourly photo budget is decoded, however many they send.
    const results = [...atOnce];
    for (let i = 0; i < LIMITS.photoUploadsPerPerson.limit + 4; i++)
      results.push(await acceptIdeaPhoto(eager, photo));
    const stored = results.filter((r): r is { ok: true; name: string } => r.ok);
    expect(photoPipelineStats().started).toBe(LIMITS.photoUploadsPerPerson.limit);
    expect(
      results.filter((r) => !r.ok && r.reason === "rate-limited" && r.limit === "photos").length,
    ).toBe(5);
    for (const r of stored) await deletePhoto(r.name);
    resetRateLimits();
  });

  it("admits an upload from its headers: counted once, no more than the queue holds, refused unread past that", async () => {
    resetRateLimits();
    const photo = await solid(200, 200).png().toBuffer();
    const person = makeUser();
    // One at a time per person: a second upload while the first is in flight is busy, not counted.
    const first = admitIdeaPhoto(person);
    if (!first.ok) throw new Error("admitted");
    expect(admitIdeaPhoto(person)).toEqual({ ok: false, reason: "busy" });
    // No more than the pipelines and their queue hold, from everyone together.
    const capacity = PHOTO_PIPELINES + PHOTO_QUEUE;
    const others = Array.from({ length: capacity - 1 }, () => admitIdeaPhoto(makeUser()));
    const admitted = [first, ...others];
    expect(admitted.every((a) => a.ok)).toBe(true);
    expect(admittedPhotoUploads()).toBe(capacity);
    // The queue is full: the next person is refused as busy (and still counted against them).
    const late = makeUser();
    expect(admitIdeaPhoto(late)).toEqual({ ok: false, reason: "busy" });
    // An admitted upload is not counted a second time when its photo is accepted.
    const before = LIMITS.photoUploadsPerPerson.limit - 1;
    const stored = await acceptIdeaPhoto(person, photo, first.admission);
    expect(stored.ok).toBe(true);
    // Releasing twice frees one place only.
    first.admission.release();
    first.admission.release();
    expect(admittedPhotoUploads()).toBe(capacity - 1);
    for (const a of admitted) if (a.ok) a.admission.release();
    expect(admittedPhotoUploads()).toBe(0);
    // What the person has left: exactly the budget minus what the door counted.
    const left = Array.from({ length: before + 1 }, () => {
      const a = admitIdeaPhoto(person);
      if (a.ok) a.admission.release();
      return a;
    });
    expect(left.filter((a) => a.ok).length).toBe(before);
    expect(left.at(-1)).toMatchObject({ ok: false, reason: "rate-limited", limit: "photos" });
    if (stored.ok) await deletePhoto(stored.name);
    resetRateLimits();
  });

  it("answers a refused document upload with a short text in the person's language, and lets the rest through", async () => {
    resetRateLimits();
    const person = makeUser();
    const headers = await signInHeaders(person);
    const request =
      (extra: Record<string, string> = {}) =>
      () =>
        new Request("http://localhost/ideas/new", {
          headers: {
            Cookie: (headers as Record<string, string>)["Set-Cookie"].split(";")[0],
            ...extra,
          },
        });
    const big = String(PHOTO_SIZED_BODY_BYTES + 1);
    const multipart = "multipart/form-data; boundary=x";
    const door = (input: Partial<Parameters<typeof admitNewIdeaUpload>[0]>) =>
      admitNewIdeaUpload({
        contentType: multipart,
        contentLength: big,
        request: request(),
        ...input,
      });
    // Let through unchanged: the page's script, a small body, another type, no session.
    expect(await door({ contentLength: "2000" })).toBeNull();
    expect(await door({ contentType: "application/x-www-form-urlencoded" })).toBeNull();
    expect(await door({ request: () => new Request("http://localhost/ideas/new") })).toBeNull();
    // A chunked upload (no length) is counted like a big one.
    const chunked = await door({ contentLength: undefined });
    expect(chunked && "admission" in chunked).toBe(true);
    if (chunked && "admission" in chunked) chunked.admission.release();
    // Past the person's photo budget: 429, in English when the browser asks for it.
    for (let i = 0; i < LIMITS.photoUploadsPerPerson.limit; i++)
      consume([[`photo:${person}`, LIMITS.photoUploadsPerPerson]]);
    const refused = await door({ request: request({ "Accept-Language": "en" }) });
    if (!refused || !("refusal" in refused)) throw new Error("refused");
    expect(refused.refusal.status).toBe(429);
    expect(Number(refused.refusal.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused.refusal.text()).toMatch(/many photos/i);
    resetRateLimits();
  });
});
