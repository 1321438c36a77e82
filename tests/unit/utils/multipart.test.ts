import { describe, expect, it } from "vitest";
import { multipartFieldNames, multipartFormData, readFormData } from "~/utils/multipart.server";
import { bodyStream, rawBodyOf } from "~/utils/raw-body.server";

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

describe("multipartFormData", () => {
  it("gives text fields as text and the photo as a File with its exact bytes, name and type", async () => {
    const photo = Buffer.alloc(300_000, 0xd8);
    photo[0] = 0xff;
    photo[photo.length - 1] = 0x0d; // a CR at the very end of the bytes is the photo's, not the delimiter's
    const form = multipartFormData(
      body(part("title", "Cykelställ vid Åhaga"), part("photo", photo, "bild.jpg")),
      type,
    )!;
    expect(form.get("title")).toBe("Cykelställ vid Åhaga");
    const file = form.get("photo") as File;
    expect(file).toBeInstanceOf(File);
    expect(file.name).toBe("bild.jpg");
    expect(file.type).toBe("image/jpeg");
    expect(Buffer.from(await file.arrayBuffer()).equals(photo)).toBe(true);
  });

  it("keeps empty values, repeated names and values that contain line breaks and dashes", () => {
    const form = multipartFormData(
      body(
        part("lat", ""),
        part("tag", "a"),
        part("tag", "b"),
        part("body", "rad 1\r\n--\r\nrad 2"),
      ),
      type,
    )!;
    expect(form.get("lat")).toBe("");
    expect(form.getAll("tag")).toEqual(["a", "b"]);
    expect(form.get("body")).toBe("rad 1\r\n--\r\nrad 2");
  });

  it("gives an empty file input as an empty File, as browsers send it", () => {
    const form = multipartFormData(body(part("photo", "", "")), type)!;
    const file = form.get("photo") as File;
    expect(file).toBeInstanceOf(File);
    expect(file.size).toBe(0);
  });

  it("refuses what is not a form, and a body past the field bound", () => {
    expect(multipartFormData(part("a", "1"), type)).toBeNull();
    const many = body(...Array.from({ length: 1_500 }, (_, i) => part(`f${i}`, "1")));
    expect(multipartFormData(many, type)).toBeNull();
  });
});

describe("readFormData", () => {
  it("reads a multipart request and a URL-encoded one alike, and answers null for a broken one", async () => {
    const multipart = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": type },
      body: body(part("title", "Solceller")),
    });
    expect((await readFormData(multipart))!.get("title")).toBe("Solceller");
    const encoded = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "title=Solceller+p%C3%A5+taket",
    });
    expect((await readFormData(encoded))!.get("title")).toBe("Solceller på taket");
    const broken = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": type },
      body: `--${boundary}\r\nbroken`,
    });
    expect(await readFormData(broken)).toBeNull();
  });
});

describe("the body the server read, found again from the Request", () => {
  it("survives the new Request objects Remix makes, and is read in place", async () => {
    const photo = Buffer.alloc(100_000, 7);
    const raw = body(part("title", "Solceller"), part("photo", photo, "tak.jpg"));
    const first = new Request("http://localhost/ideas/new", {
      method: "POST",
      headers: { "content-type": type },
      body: bodyStream(raw),
      duplex: "half",
    } as RequestInit);
    // As single fetch does: a new Request for another URL, with the same body stream.
    const second = new Request("http://localhost/ideas/new.data", first);
    expect(rawBodyOf(second)).toBe(raw);
    const form = (await readFormData(second))!;
    expect(form.get("title")).toBe("Solceller");
    expect(Buffer.from(await (form.get("photo") as File).arrayBuffer()).equals(photo)).toBe(true);
  });
});
