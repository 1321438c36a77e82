import { describe, expect, it } from "vitest";
import { multipartFieldNames } from "~/utils/http.server";

const boundary = "----WebKitFormBoundaryQ7xZ";
const type = `multipart/form-data; boundary=${boundary}`;
const part = (name: string, value: string | Buffer, filename?: string) =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"\r\nContent-Type: image/jpeg` : ""}\r\n\r\n`,
    ),
    Buffer.isBuffer(value) ? value : Buffer.from(value),
    Buffer.from("\r\n"),
  ]);
const body = (...parts: Buffer[]) => Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);

describe("multipartFieldNames", () => {
  it("names every field of a browser's idea form, skipping over the photo's bytes", () => {
    const photo = Buffer.alloc(2 * 1024 * 1024, 0xff);
    const names = multipartFieldNames(
      body(
        part("title", "Cykelställ"),
        part("body", "Fler cykelställ."),
        part("photo", photo, "bild.jpg"),
      ),
      type,
    );
    expect(names).toEqual(["title", "body", "photo"]);
  });

  it("reads a quoted boundary, and keeps names with spaces and non-Latin letters", () => {
    const names = multipartFieldNames(
      body(part("namn med mellanslag", "x"), part("اسم", "y")),
      `multipart/form-data; boundary="${boundary}"`,
    );
    expect(names).toEqual(["namn med mellanslag", "اسم"]);
  });

  it("does not take a filename for the name", () => {
    const raw = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; filename="evil"; name="photo"\r\n\r\nx\r\n--${boundary}--\r\n`,
    );
    expect(multipartFieldNames(raw, type)).toEqual(["photo"]);
  });

  it("answers null for what cannot be a form: no boundary, no closing delimiter, a part without a name", () => {
    expect(multipartFieldNames(body(part("a", "1")), "multipart/form-data")).toBeNull();
    expect(multipartFieldNames(Buffer.from(`--${boundary}\r\nbroken`), type)).toBeNull();
    expect(multipartFieldNames(part("a", "1"), type)).toBeNull();
    expect(
      multipartFieldNames(
        Buffer.from(`--${boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${boundary}--`),
        type,
      ),
    ).toBeNull();
  });

  it("stops counting past the field bound, however many parts follow", () => {
    const many = body(...Array.from({ length: 5_000 }, (_, i) => part(`f${i}`, "1")));
    expect(multipartFieldNames(many, type)!.length).toBe(1_001);
  });
});
