import { describe, expect, it } from "vitest";
import {
  flameGraphSvg,
  summarize,
  type CpuProfile,
  type CpuProfileNode,
} from "../../../scripts/bench/profile-analysis";

const EXPRESS = "file:///app/node_modules/express/lib/router/index.js";
const SERVER = "file:///app/build/server/server.js";
const frame = (id: number, functionName: string, url: string, children: number[] = []) =>
  ({ id, callFrame: { functionName, url, lineNumber: 1 }, children }) satisfies CpuProfileNode;

// root → handle (Express) → requestIdAndLog (ours) → randomUUID (native)
//                                                  → next (Express) → cspNonceAndSecurityHeaders → next → remix
//      → (idle); (garbage collector); compression's end
const nodes = [
  frame(1, "(root)", "", [2, 9, 10, 11]),
  frame(2, "handle", EXPRESS, [3]),
  frame(3, "requestIdAndLog", SERVER, [4, 5]),
  frame(4, "randomUUID", "node:crypto"),
  frame(5, "next", EXPRESS, [6]),
  frame(6, "cspNonceAndSecurityHeaders", SERVER, [7]),
  frame(7, "next", EXPRESS, [8]),
  frame(8, "requestHandler", "file:///app/node_modules/@remix-run/express/dist/server.js"),
  frame(9, "(idle)", ""),
  frame(10, "(garbage collector)", ""),
  frame(11, "end", "file:///app/node_modules/compression/index.js"),
];

/** One sample per millisecond, on these nodes in turn (the last sample carries no time). */
function profileOf(samples: number[]): CpuProfile {
  return {
    nodes,
    samples: [...samples, 9],
    timeDeltas: [0, ...samples.map(() => 1000)],
    startTime: 0,
    endTime: (samples.length + 1) * 1000,
  };
}

describe("summarize", () => {
  const profile = profileOf([3, 4, 4, 5, 6, 7, 8, 8, 8, 9, 9, 10, 11]);

  it("gives our middleware its own time and what it calls, up to the next middleware", () => {
    const s = summarize(profile);
    expect(Object.fromEntries(s.middleware)).toEqual({
      requestIdAndLog: 3, // itself 1 + randomUUID 2
      cspNonceAndSecurityHeaders: 1,
    });
    // with compression, counted wherever it ran
    expect(s.middlewareTotalMs).toBe(5);
  });

  it("counts the middleware's share of the busy samples, whatever time each sample stands for", () => {
    // 5 of the 11 busy samples; the sample after requestIdAndLog's own stands for 20 ms (the thread
    // waited for a CPU): the time weights give the middleware 24 of 30 ms, the count 5 of 11
    const s = summarize(profile);
    expect(s.middlewareSampleShare).toBeCloseTo(5 / 11);
    const waited = {
      ...profile,
      timeDeltas: profile.timeDeltas.map((d, i) => (i === 1 ? 20_000 : d)),
    };
    const w = summarize(waited);
    expect(w.middlewareTotalMs).toBe(24);
    expect(w.busyMs).toBe(30);
    expect(w.middlewareSampleShare).toBeCloseTo(5 / 11);
  });

  it("leaves idle time out and gives every busy sample to one part", () => {
    const s = summarize(profile);
    expect(s.busyMs).toBe(11);
    const parts = Object.fromEntries(s.byPart);
    expect(parts.Remix).toBe(3);
    expect(parts.Express).toBe(2);
    expect(parts["garbage collection"]).toBe(1);
    expect(parts["our middleware (server.ts)"]).toBe(2);
    expect(s.byPart.reduce((sum, [, ms]) => sum + ms, 0)).toBe(11);
  });

  it("counts only the samples inside the window", () => {
    const s = summarize(profile, { fromUs: 6000, toUs: 9000 });
    expect(s.busyMs).toBe(3); // samples at 6, 7, 8 and 9 ms: Remix three times, then idle
    expect(s.middleware).toEqual([]);
    expect(() => summarize(profile, { fromUs: 1e9, toUs: 2e9 })).toThrow(/No samples/);
  });
});

describe("summarize: the request-log line", () => {
  // The log line runs on the answer's `finish` event, which Node emits once the answer's last
  // write to the socket is done: the socket write and Node's bookkeeping are its callers and
  // siblings, pino and the write of the line are its callees.
  const NODE_HTTP = "node:_http_outgoing";
  const PINO = "file:///app/node_modules/pino/lib/proto.js";
  const finishNodes = [
    frame(1, "(root)", "", [2, 9]),
    frame(2, "afterWriteTick", "node:internal/streams/writable", [3, 4]),
    frame(3, "writevGeneric", "node:internal/stream_base_commons"), // the socket write
    frame(4, "onFinish", NODE_HTTP, [5, 8]),
    frame(5, "logRequestLine", SERVER, [6]),
    frame(6, "write", PINO, [7]),
    frame(7, "writeString", "node:fs"), // the log line's write
    frame(8, "resOnFinish", "node:_http_server"), // Node's own listener, beside ours
    frame(9, "(idle)", ""),
  ];
  const profile: CpuProfile = {
    nodes: finishNodes,
    // ms: socket write 4, onFinish 1, logRequestLine 1, pino 2, fs write 3, resOnFinish 2, idle 1
    samples: [3, 3, 3, 3, 4, 5, 6, 6, 7, 7, 7, 8, 8, 9],
    timeDeltas: [0, ...Array.from({ length: 14 }, () => 1000)],
    startTime: 0,
    endTime: 15_000,
  };

  it("charges it with pino and the line's write, not the socket write or Node's listener", () => {
    const s = summarize(profile);
    expect(Object.fromEntries(s.middleware)).toEqual({ logRequestLine: 6 });
    // pino's own time is inside the line's subtree: not counted twice
    expect(s.middlewareTotalMs).toBe(6);
  });
});

describe("summarize: compression", () => {
  // Per request the header hook negotiates the encoding and creates a gzip stream (fixed); per
  // chunk the write wrapper hands the page to zlib (grows with the page).
  const COMPRESSION = "file:///app/node_modules/compression/index.js";
  const nodes = [
    frame(1, "(root)", "", [2, 6]),
    frame(2, "writeHead", "node:_http_server", [3]),
    frame(3, "onResponseHeaders", COMPRESSION, [4, 5]),
    frame(4, "Gzip", "node:zlib"),
    frame(5, "encodings", "file:///app/node_modules/negotiator/index.js"),
    frame(6, "write", COMPRESSION, [7]),
    frame(7, "processChunk", "node:zlib"),
  ];
  const profile: CpuProfile = {
    nodes,
    // ms: writeHead 1, hook 1, Gzip 3, negotiator 1, write wrapper 1, zlib's deflate 2
    samples: [2, 3, 4, 4, 4, 5, 6, 7, 7, 1],
    timeDeltas: [0, ...Array.from({ length: 10 }, () => 1000)],
    startTime: 0,
    endTime: 11_000,
  };

  it("counts the header hook with the gzip stream it creates, and the deflate not at all", () => {
    const s = summarize(profile);
    expect(Object.fromEntries(s.middleware)).toEqual({
      "compression's header hook (encoding, gzip stream)": 5,
    });
    expect(s.middlewareTotalMs).toBe(6); // + the write wrapper's own 1 ms
  });
});

describe("summarize: our gzip", () => {
  // writeGzipped reads Remix's body, resets its zlib engine and copies the deflate's output
  // (fixed per answer), and hands the page to zlib's native deflate and the answer to the socket
  // (they grow with the page, or are any answer's).
  const nodes = [
    frame(1, "(root)", "", [2]),
    frame(2, "writeGzipped", SERVER, [3, 4, 7]),
    frame(3, "read", "node:internal/webstreams/readablestream"),
    frame(4, "gzipWhole", SERVER, [5, 6, 8]),
    frame(5, "reset", ""),
    frame(6, "deflatePiece", SERVER),
    frame(7, "end", "node:_http_outgoing"),
    frame(8, "from", "node:buffer"),
  ];
  const profile: CpuProfile = {
    nodes,
    // ms: writeGzipped 1, read 1, gzipWhole 1, reset 1, deflate 3, end 2, copy 1
    samples: [2, 3, 4, 5, 6, 6, 6, 7, 7, 8, 1],
    timeDeltas: [0, ...Array.from({ length: 11 }, () => 1000)],
    startTime: 0,
    endTime: 12_000,
  };

  it("counts the engine's reset and the copy, not the deflate, the body's reading or the socket", () => {
    const s = summarize(profile);
    expect(Object.fromEntries(s.middleware)).toEqual({
      "writeGzipped (our gzip, without the deflate)": 4,
    });
  });
});

describe("flameGraphSvg", () => {
  it("draws a box per function with its time, escapes names, and has a title", () => {
    const svg = flameGraphSvg(summarize(profileOf([3, 8])), "A <test> & more");
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('aria-label="A &lt;test&gt; &amp; more"');
    // a box's time is its own and its callees'
    expect(svg).toMatch(
      /<title>requestIdAndLog server\/server\.js — 2\.0 ms \(100\.0 %\)<\/title>/,
    );
    expect(svg).toMatch(/<title>requestHandler dist\/server\.js — 1\.0 ms \(50\.0 %\)<\/title>/);
    expect(svg).not.toContain("<test>");
  });
});
