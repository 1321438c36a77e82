// Remix's answers gzipped by sendResponse: a page in one call, a large export streamed, a small
// answer or a client that refuses gzip served as it is (issue 14: the middleware's fixed cost).
import crypto from "node:crypto";
import { EventEmitter } from "node:events";
import http, { type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  acceptsGzip,
  gzipForAnswer,
  gzipReusesEngine,
  gzipWhole,
  isCompressibleAnswer,
  ONE_SHOT_LIMIT_BYTES,
  wholeBody,
  writeGzipped,
} from "~/utils/compress.server";
import { sendResponse } from "~/utils/http.server";

const PAGE = "<!DOCTYPE html><p>" + "Klimatneutrala Borås 2030 – en idé i taget. ".repeat(800);
const EXPORT = "id,title\n" + Array.from({ length: 40_000 }, (_, i) => `${i},idé ${i}`).join("\n");
const TINY = JSON.stringify({ ok: true });

let server: http.Server;
let baseUrl: string;

/** A body that arrives in pieces, as React's stream gives a page. */
function inPieces(text: string, size = 16_384) {
  const bytes = Buffer.from(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

beforeAll(async () => {
  const app = express();
  const answer = (text: string, type: string, extra: Record<string, string> = {}) =>
    new Response(inPieces(text), { headers: { "Content-Type": type, ...extra } });
  app.get("/page", (_req, res) => void sendResponse(res, answer(PAGE, "text/html; charset=utf-8")));
  app.get("/whole", (_req, res) => {
    const body = wholeBody(Buffer.from(PAGE));
    void sendResponse(res, new Response(body, { headers: { "Content-Type": "text/html" } }));
  });
  app.get("/export", (_req, res) => void sendResponse(res, answer(EXPORT, "text/csv")));
  app.get("/tiny", (_req, res) => void sendResponse(res, answer(TINY, "application/json")));
  app.get(
    "/photo",
    (_req, res) => void sendResponse(res, answer(PAGE, "image/webp", { "Cache-Control": "x" })),
  );
  app.get("/cookies", (_req, res) => {
    res.append("Set-Cookie", "lng=ar; Path=/"); // as server.ts's rememberLanguage does, before Remix
    const headers = new Headers({ "Content-Type": "text/plain" });
    headers.append("Set-Cookie", "a=1; Path=/");
    headers.append("Set-Cookie", "b=2; Path=/");
    void sendResponse(res, new Response("ok", { headers }));
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The raw answer: status, headers and the bytes as sent (no automatic decompression). */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding };
    http
      .get(baseUrl + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

describe("sendResponse's gzip", () => {
  it("sends a page gzipped in one piece, with its length", async () => {
    const { headers, body } = await get("/page", "gzip, deflate, br");
    expect(headers["content-encoding"]).toBe("gzip");
    expect(headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(Number(headers["content-length"])).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(PAGE) / 10);
    expect(zlib.gunzipSync(body).toString()).toBe(PAGE);
  });

  it("streams an export larger than one piece, gzipped, whole", async () => {
    expect(Buffer.byteLength(EXPORT)).toBeGreaterThan(ONE_SHOT_LIMIT_BYTES);
    const { headers, body } = await get("/export", "gzip");
    expect(headers["content-encoding"]).toBe("gzip");
    expect(headers["content-length"]).toBeUndefined();
    expect(zlib.gunzipSync(body).toString()).toBe(EXPORT);
  });

  it("sends a page as it is to a client that does not take gzip", async () => {
    for (const acceptEncoding of [undefined, "identity", "gzip;q=0, br", "br"]) {
      const { headers, body } = await get("/page", acceptEncoding);
      expect(headers["content-encoding"], String(acceptEncoding)).toBeUndefined();
      expect(body.toString()).toBe(PAGE);
    }
  });

  it("leaves small answers and images as they are", async () => {
    const tiny = await get("/tiny", "gzip");
    expect(tiny.headers["content-encoding"]).toBeUndefined();
    expect(Number(tiny.headers["content-length"])).toBe(TINY.length);
    expect(tiny.body.toString()).toBe(TINY);
    const photo = await get("/photo", "gzip");
    expect(photo.headers["content-encoding"]).toBeUndefined();
    expect(photo.body.length).toBe(Buffer.byteLength(PAGE));
  });
});

describe("sendResponse's cookies", () => {
  it("keeps a cookie set before it and adds every cookie of the answer", async () => {
    const { headers } = await get("/cookies");
    expect(headers["set-cookie"]).toEqual(["lng=ar; Path=/", "a=1; Path=/", "b=2; Path=/"]);
  });
});

describe("gzipForAnswer", () => {
  it("lends each answer in flight a buffer of its own, and lends it again once given back", () => {
    const first = gzipForAnswer(Buffer.from(PAGE));
    const second = gzipForAnswer(Buffer.from(EXPORT.slice(0, 30_000)));
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    expect(zlib.gunzipSync(first.bytes).toString()).toBe(PAGE);
    expect(zlib.gunzipSync(second.bytes).toString()).toBe(EXPORT.slice(0, 30_000));
    first.release();
    const third = gzipForAnswer(Buffer.from(TINY.repeat(100)));
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    expect(zlib.gunzipSync(second.bytes).toString()).toBe(EXPORT.slice(0, 30_000));
    second.release();
    third.release();
  });

  it("takes a page's buffer back as the page ends when the system took it all, else on close", async () => {
    /** The parts of a ServerResponse writeGzipped uses; `left` bytes still to write after end. */
    const answer = (left: number) => {
      const res = Object.assign(new EventEmitter(), {
        sent: Buffer.alloc(0) as Buffer,
        setHeader: () => res,
        end: (bytes: Buffer) => void (res.sent = bytes),
        writableLength: left,
      });
      return res;
    };
    const written = answer(0);
    await writeGzipped(wholeBody(Buffer.from(PAGE)), written as unknown as ServerResponse);
    expect(zlib.gunzipSync(written.sent).toString()).toBe(PAGE);
    expect(gzipForAnswer(Buffer.from(TINY)).bytes.buffer).toBe(written.sent.buffer); // lent again

    const waiting = answer(1_000);
    await writeGzipped(wholeBody(Buffer.from(PAGE)), waiting as unknown as ServerResponse);
    const meanwhile = gzipForAnswer(Buffer.from(TINY.repeat(50)));
    expect(meanwhile.bytes.buffer).not.toBe(waiting.sent.buffer);
    expect(zlib.gunzipSync(waiting.sent).toString()).toBe(PAGE); // not written over
    waiting.emit("close");
    expect(gzipForAnswer(Buffer.from(TINY)).bytes.buffer).toBe(waiting.sent.buffer);
  });

  it("keeps answers sent at the same time apart", async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => get("/page", "gzip")));
    for (const { headers, body } of answers) {
      expect(headers["content-encoding"]).toBe("gzip");
      expect(zlib.gunzipSync(body).toString()).toBe(PAGE);
    }
  });
});

describe("wholeBody", () => {
  it("gives a page rendered whole, gzipped or as it is", async () => {
    const gzipped = await get("/whole", "gzip");
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(Number(gzipped.headers["content-length"])).toBe(gzipped.body.length);
    expect(zlib.gunzipSync(gzipped.body).toString()).toBe(PAGE);
    const plain = await get("/whole");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(PAGE);
  });
});

describe("acceptsGzip", () => {
  it("reads weights and the wildcard", () => {
    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1")).toBe(true);
    expect(acceptsGzip("GZIP")).toBe(true);
    expect(acceptsGzip("x-gzip")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=0.000, *")).toBe(false);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("br, deflate")).toBe(false);
    expect(acceptsGzip("gzip;q=nonsense")).toBe(false);
    expect(acceptsGzip("")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it("answers the same when asked again (it remembers the headers it has read)", () => {
    for (let round = 0; round < 2; round++) {
      expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
      expect(acceptsGzip("gzip;q=0, br")).toBe(false);
    }
    // made-up headers beyond what it keeps are still read
    for (let i = 0; i < 100; i++) expect(acceptsGzip(`br, x-${i};q=0.5, gzip`)).toBe(true);
    expect(acceptsGzip("x-9999, gzip;q=0")).toBe(false);
  });
});

describe("isCompressibleAnswer", () => {
  it("takes text, JSON and GeoJSON not yet encoded", () => {
    const is = (type?: string, encoding?: string, cacheControl?: string) =>
      isCompressibleAnswer(type, encoding, cacheControl);
    expect(is("text/html; charset=utf-8")).toBe(true);
    expect(is("application/geo+json")).toBe(true);
    expect(is("text/csv; charset=utf-8")).toBe(true);
    expect(is("text/x-script")).toBe(true); // single fetch's data
    expect(is("text/event-stream")).toBe(false);
    expect(is("image/webp")).toBe(false);
    expect(is("application/json", "gzip")).toBe(false);
    expect(is("text/html", undefined, "no-transform")).toBe(false);
    expect(is()).toBe(false);
  });
});

describe("gzipWhole", () => {
  it("gives zlib.gzipSync's very bytes, answer after answer, with one engine", () => {
    // On the Node that runs the tests the engine is reused (Node 20 and 22 in CI); were it not,
    // every answer would pay for a new one again (issue 14).
    expect(gzipReusesEngine()).toBe(true);
    const inputs = [
      Buffer.from(PAGE),
      Buffer.alloc(0),
      Buffer.from("a"),
      Buffer.from(EXPORT), // past the 64 KB output piece: several pieces
      crypto.randomBytes(200_000), // does not compress: the output outgrows the input
      Buffer.from(PAGE),
    ];
    for (const input of inputs) {
      const gzipped = gzipWhole(input);
      expect(gzipped.equals(zlib.gzipSync(input))).toBe(true);
      expect(zlib.gunzipSync(gzipped).equals(input)).toBe(true);
    }
  });

  it("hands out answers that the answers after them do not overwrite", () => {
    // Many answers, past several of the slabs their bytes are copied into.
    const inputs = Array.from({ length: 40 }, (_, i) => Buffer.from(`${i}\n${EXPORT}`));
    const answers = inputs.map((input) => gzipWhole(input));
    const copies = answers.map((answer) => Buffer.from(answer));
    answers.forEach((answer, i) => {
      expect(answer.equals(copies[i])).toBe(true);
      expect(zlib.gunzipSync(answer).equals(inputs[i])).toBe(true);
    });
  });
});
