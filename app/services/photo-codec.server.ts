// Turning an upload into a photo we can publish: told by its bytes, decoded, oriented, shrunk and
// re-encoded as WebP without any metadata. Pure on purpose (sharp only, no database, no
// configuration): the server calls it in process under tsx and in tests, and the photo-decoding
// child process (app/workers/photo.worker.ts, docs/decisions/018) calls the very same function.
import sharp from "sharp";

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** Decoded size we are willing to hold in memory (≈ 160 MB as RGBA); above is a decompression bomb. */
export const MAX_PHOTO_PIXELS = 40_000_000;
/** Longest side of a stored photo; enough for a full-width idea page on a large screen. */
export const MAX_PHOTO_SIDE = 1600;
const WEBP_QUALITY = 80;

export type ProcessedPhoto = {
  ok: true;
  data: Buffer;
  width: number;
  height: number;
  contentType: "image/webp";
};
export type PhotoRejection = {
  ok: false;
  /** busy: more uploads are waiting to be decoded than the queue holds; try again in a moment. */
  reason: "too-large" | "not-an-image" | "unsupported-type" | "too-many-pixels" | "busy";
};

type AcceptedFormat = "jpeg" | "png" | "webp";

// Each photo is decoded by one libvips thread: wherever this runs, one decode holds one core, and
// how many run at once is decided by the pipelines in photos.server.ts alone.
sharp.concurrency(1);

/**
 * Turns an upload into a photo we can publish: only JPEG, PNG and WebP (told by their bytes,
 * never by the file name or declared type), oriented upright, at most 1600 px a side, the first
 * frame only, and WebP without any metadata — no EXIF (GPS position, camera serial), XMP,
 * IPTC or ICC profile survives. The size in bytes and the decoding queue are the caller's
 * (processPhoto in photos.server.ts).
 */
export async function decodeAndEncode(
  input: Buffer | Uint8Array,
): Promise<ProcessedPhoto | PhotoRejection> {
  const bytes = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);

  // Only bytes that look like an accepted format ever reach a decoder: libvips can read SVG,
  // PDF, TIFF, HEIF and more, and we do not want that attack surface for an upload.
  const format = acceptedFormatOf(bytes);
  if (!format) {
    return { ok: false, reason: otherImageFormat(bytes) ? "unsupported-type" : "not-an-image" };
  }

  const options = {
    limitInputPixels: MAX_PHOTO_PIXELS,
    // A photo with a slightly damaged stream (common from phones) still decodes; garbage does not.
    failOn: "error",
    // First frame only: an animated WebP or APNG becomes a still.
    animated: false,
    pages: 1,
  } as const;

  let width: number | undefined;
  let height: number | undefined;
  try {
    // Reads the header only, so it is safe without the pixel limit; we check the size below.
    const metadata = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
    if (metadata.format !== format) return { ok: false, reason: "not-an-image" };
    width = metadata.width;
    height = metadata.pageHeight ?? metadata.height;
  } catch {
    return { ok: false, reason: "not-an-image" };
  }
  if (!width || !height) return { ok: false, reason: "not-an-image" };
  // Read from the header alone, before anything is decoded.
  if (width * height > MAX_PHOTO_PIXELS) return { ok: false, reason: "too-many-pixels" };

  try {
    // No keepMetadata()/withMetadata()/withExif(): sharp writes none of the input's metadata.
    const { data, info } = await sharp(bytes, options)
      .autoOrient() // the same as .rotate() without an angle: apply EXIF orientation, then forget it
      .resize(MAX_PHOTO_SIDE, MAX_PHOTO_SIDE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: WEBP_QUALITY })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, data, width: info.width, height: info.height, contentType: "image/webp" };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message))
      return { ok: false, reason: "too-many-pixels" };
    return { ok: false, reason: "not-an-image" };
  }
}

function acceptedFormatOf(b: Buffer): AcceptedFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (
    b.length >= 12 &&
    b.toString("latin1", 0, 4) === "RIFF" &&
    b.toString("latin1", 8, 12) === "WEBP"
  )
    return "webp";
  return null;
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Images people might try to upload that we do not take (so the form can say which types are allowed). */
function otherImageFormat(b: Buffer): boolean {
  const head = b.toString("latin1", 0, Math.min(b.length, 16));
  if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) return true;
  if (head.startsWith("BM") && b.length >= 14 && b.readUInt32LE(6) === 0) return true; // BMP (reserved bytes are zero)
  if (head.startsWith("II*\0") || head.startsWith("MM\0*")) return true; // TIFF (also many raw formats)
  if (head.startsWith("\0\0\x01\0")) return true; // ICO
  if (head.startsWith("8BPS")) return true; // Photoshop
  if (head.startsWith("\xff\x0a") || head.startsWith("\0\0\0\x0cJXL ")) return true; // JPEG XL
  if (head.startsWith("\0\0\0\x0cjP  ")) return true; // JPEG 2000
  if (
    head.slice(4, 8) === "ftyp" &&
    /^(heic|heix|hevc|heim|heis|mif1|msf1|avif|avis)$/.test(head.slice(8, 12))
  )
    return true;
  // SVG: text whose first element (after an optional XML declaration, comments, doctype) is <svg.
  const text = b.toString("utf8", 0, Math.min(b.length, 4096)).replace(/^\uFEFF/, "");
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(text);
}
