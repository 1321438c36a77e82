// multipart/form-data read from a body already in memory (read and bounded by readBoundedBody in
// app/utils/http.server.ts). The boundary is found with native Buffer.indexOf and only each part's
// headers are decoded, so a photo's megabytes cost a slice, not a parse: undici's formData() spends
// ~15 ms and its File ~13 ms more on a 2 MB upload, all on the one thread every request shares.
import { FORM_BOUNDS } from "~/domain/form-bounds";
import { rawBodyOf } from "~/utils/raw-body.server";

/** One part of a multipart body: where its value lies in the body, and what its headers said. */
export type MultipartPart = {
  name: string;
  /** Set for a file input (possibly ""), null for a plain field. */
  filename: string | null;
  contentType: string | null;
  start: number;
  end: number;
};

const MAX_PART_HEADERS = 4096;

/**
 * The parts of a multipart body, in order; null when it is not a well-formed form (no boundary, a
 * part without a name, no closing delimiter). Stops after FORM_BOUNDS.maxFields + 1 parts, so that
 * the bounds check can refuse a body of many thousand parts without reading them all.
 */
export function multipartParts(body: Buffer, contentType: string): MultipartPart[] | null {
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  if (!boundary) return null;
  const dashBoundary = `--${boundary[1] ?? boundary[2]}`;
  // Between parts the delimiter includes the line break before it (RFC 2046 §5.1.1).
  const delimiter = Buffer.from(`\r\n${dashBoundary}`);
  const parts: MultipartPart[] = [];
  let at = body.indexOf(dashBoundary);
  if (at === -1) return null;
  let afterDelimiter = at + dashBoundary.length;
  for (;;) {
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) return parts; // the closing "--"
    const headersEnd = body.indexOf("\r\n\r\n", afterDelimiter);
    if (headersEnd === -1 || headersEnd - afterDelimiter > MAX_PART_HEADERS) return null;
    const headers = body.toString("utf8", afterDelimiter, headersEnd);
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? "";
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition);
    if (!name) return null;
    const filename = /(?:^|;)\s*filename="([^"]*)"/i.exec(disposition);
    const type = /content-type:\s*([^\r\n;]*)/i.exec(headers);
    const start = headersEnd + 4;
    at = body.indexOf(delimiter, start - 2); // an empty value: its delimiter's CRLF is the headers' last one
    if (at === -1) return null;
    parts.push({
      name: name[1],
      filename: filename ? filename[1] : null,
      contentType: type ? type[1].trim() : null,
      start,
      end: Math.max(start, at),
    });
    if (parts.length > FORM_BOUNDS.maxFields) return parts;
    afterDelimiter = at + delimiter.length;
  }
}

/** The field names of a multipart body (see multipartParts); null when it is not a form. */
export function multipartFieldNames(body: Buffer, contentType: string): string[] | null {
  return multipartParts(body, contentType)?.map((part) => part.name) ?? null;
}

/**
 * A file part: a File like any other, whose bytes are read back with one copy from the body rather
 * than through Blob's chunked reader (~20 ms of the main thread for a 2 MB photo on a busy machine).
 */
class BodyFile extends File {
  readonly #bytes: Buffer;
  constructor(bytes: Buffer, name: string, type: string) {
    super([bytes as Uint8Array<ArrayBuffer>], name, { type });
    this.#bytes = bytes;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.#bytes;
    return Promise.resolve(buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer);
  }
}

/**
 * A multipart body as FormData: plain fields as text, file inputs as File (an empty file input, as
 * browsers send it, becomes an empty File, as with formData()). Null when it is not a form.
 */
export function multipartFormData(body: Buffer, contentType: string): FormData | null {
  const parts = multipartParts(body, contentType);
  if (!parts || parts.length > FORM_BOUNDS.maxFields) return null;
  const form = new FormData();
  for (const part of parts) {
    const value = body.subarray(part.start, part.end);
    if (part.filename === null) form.append(part.name, value.toString("utf8"));
    else
      form.append(
        part.name,
        new BodyFile(value, part.filename, part.contentType ?? "application/octet-stream"),
      );
  }
  return form;
}

/**
 * A request's form: a multipart body read by multipartFormData, any other by the platform's
 * formData(). Null when the body is not a well-formed form.
 */
export async function readFormData(request: Request): Promise<FormData | null> {
  const contentType = request.headers.get("content-type") ?? "";
  try {
    if (!contentType.toLowerCase().startsWith("multipart/form-data"))
      return await request.formData();
    const body = rawBodyOf(request) ?? Buffer.from(await request.arrayBuffer());
    return multipartFormData(body, contentType);
  } catch {
    return null;
  }
}
