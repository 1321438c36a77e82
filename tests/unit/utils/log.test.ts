// The request line written by hand (app/utils/log.server.ts): the very line pino would write for
// `log.info({ requestId, method, path, status, ms }, "request")`, whatever the path holds.
import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { newRequestId, pathOfUrl, requestLogLine as lineOf } from "~/utils/log.server";

type Fields = { requestId: string; method: string; path: string; status: number; ms: number };
const requestLogLine = (f: Fields, level: number, time: number) =>
  lineOf(f.requestId, f.method, f.path, f.status, f.ms, level, time);

/** What pino itself writes for the same line, with the app's settings and a fixed time. */
function pinoLine(fields: Record<string, unknown>, level: "info" | "debug", time: number) {
  let written = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const logger = pino(
    { level: "debug", base: { app: "samskapa-boras" }, timestamp: () => `,"time":${time}` },
    sink,
  );
  logger[level](fields, "request");
  return written;
}

describe("requestLogLine", () => {
  const paths = ["/ideas/1", '/sök/"citat"\\bak', '/ideas/\n{"level":60}', "/مرحبا/\u2028\u0000"];
  for (const path of paths) {
    it(`writes pino's line for ${JSON.stringify(path)}`, () => {
      const fields = { requestId: "abc-1", method: "GET", path, status: 200, ms: 3 };
      const line = requestLogLine(fields, 30, 1_764_000_000_000);
      expect(line).toBe(pinoLine(fields, "info", 1_764_000_000_000));
      expect(line.trimEnd().split("\n")).toHaveLength(1); // one line, whatever the path holds
      expect(JSON.parse(line)).toMatchObject({ ...fields, level: 30, msg: "request" });
    });
  }

  it("escapes a request id or a method that would need it (they come checked, but the line never breaks)", () => {
    for (const odd of ['a"b', "a\\b", "\n", "ä"]) {
      const fields = { requestId: odd, method: odd, path: "/", status: 200, ms: 1 };
      expect(requestLogLine(fields, 30, 7)).toBe(pinoLine(fields, "info", 7));
    }
  });

  it("writes the debug level for a tile", () => {
    const fields = {
      requestId: "x.y_z",
      method: "GET",
      path: "/tiles/1/2/3.png",
      status: 200,
      ms: 0,
    };
    expect(requestLogLine(fields, 20, 5)).toBe(pinoLine(fields, "debug", 5));
  });
});

describe("newRequestId", () => {
  it("gives ids that differ and that the request-id check would take back", () => {
    const ids = Array.from({ length: 1000 }, newRequestId);
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[\w.-]{1,100}$/);
  });
});

describe("pathOfUrl", () => {
  it("gives the path of an address as asked, without its query", () => {
    expect(pathOfUrl("/build/_shared/chunk-1.js")).toBe("/build/_shared/chunk-1.js");
    expect(pathOfUrl("/ideas/1?lang=sv&x=?")).toBe("/ideas/1");
    expect(pathOfUrl("http://example.se/map?q=1")).toBe("/map");
    expect(pathOfUrl("*")).toBe("*");
  });
});
