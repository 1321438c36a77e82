// A refusal at a door (answerUnread): the client gets its answer; only a few refused bodies are read
// to the end at once, the others are left unread (issue 12: forty refused 2 MB uploads had the one
// thread reading and dropping 78 MB).
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerUnread, REFUSED_BODIES_DRAINED_AT_ONCE } from "~/utils/http.server";

const BODY_BYTES = 2_000_000;
let server: http.Server;
let baseUrl: string;
const bytesReadAtClose: number[] = [];
const uploads = REFUSED_BODIES_DRAINED_AT_ONCE + 4;
const waiting: { req: express.Request; res: express.Response }[] = [];

beforeAll(async () => {
  const app = express();
  app.post("/upload", (req, res) => {
    // As the door does, the answer comes a moment later (the person is looked up first) — here
    // once every upload has arrived, all in one turn: "at once" whatever the machine's load (a
    // drained body's connection closing before the last upload came let a third one drain).
    waiting.push({ req, res });
    if (waiting.length < uploads) return;
    setTimeout(() => {
      for (const { req, res } of waiting.splice(0))
        void answerUnread(
          req,
          res,
          new Response("busy", { status: 429, headers: { Connection: "close" } }),
        );
    }, 20);
  });
  server = http.createServer(app);
  server.on("connection", (socket) =>
    socket.on("close", () => bytesReadAtClose.push(socket.bytesRead)),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function upload(): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = Buffer.alloc(BODY_BYTES, 0x61);
    const req = http.request(
      `${baseUrl}/upload`,
      {
        method: "POST",
        agent: false,
        headers: { "Content-Length": String(body.length), Connection: "close" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, text });
          req.destroy();
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("answerUnread", () => {
  it("answers every refused upload, and reads only a few of their bodies to the end", async () => {
    const count = uploads;
    const answers = await Promise.all(Array.from({ length: count }, upload));
    expect(answers).toEqual(Array.from({ length: count }, () => ({ status: 429, text: "busy" })));
    // Every connection closes: the client's, or the server's after lingering.
    const deadline = Date.now() + 5_000;
    while (bytesReadAtClose.length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bytesReadAtClose).toHaveLength(count);
    const readWhole = bytesReadAtClose.filter((bytes) => bytes >= BODY_BYTES);
    const leftUnread = bytesReadAtClose.filter((bytes) => bytes < BODY_BYTES / 4);
    expect(readWhole.length).toBeLessThanOrEqual(REFUSED_BODIES_DRAINED_AT_ONCE);
    expect(leftUnread.length).toBeGreaterThanOrEqual(count - REFUSED_BODIES_DRAINED_AT_ONCE);
  });
});
