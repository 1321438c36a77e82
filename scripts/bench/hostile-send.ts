// How the hostile bench sends a request: one raw node:http request over its own connection (fetch
// refuses TRACE and hides the framing), a few at a time, and the multipart body of a new idea with a
// photo. Shared by the bench process (scripts/bench/hostile.ts) and the sender process that sends
// the photo uploads (scripts/bench/hostile-sender.ts).
import crypto from "node:crypto";
import http from "node:http";

export type Answer = { status: number; ms: number; error?: string };

export type Send = {
  method?: string;
  path: string;
  address: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** sent chunked (no Content-Length), `totalBytes` of `a=1&…`, until an answer or an error comes */
  chunked?: { totalBytes: number };
};

export function send(baseUrl: string, s: Send): Promise<Answer> {
  const url = new URL(s.path, baseUrl);
  return new Promise((resolve) => {
    const started = performance.now();
    let settled = false;
    const finish = (status: number, error?: string) => {
      if (settled) return;
      settled = true;
      resolve({ status, ms: performance.now() - started, error });
    };
    const headers: Record<string, string> = {
      "X-Forwarded-For": s.address,
      Connection: "close",
      ...s.headers,
    };
    if (s.body) headers["Content-Length"] = String(s.body.length);
    // The status counts once its line has arrived, even if the connection breaks after it (a
    // server that stops reading may reset a sender that is still writing).
    let status = 0;
    const req = http.request(url, { method: s.method ?? "GET", headers, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      res.on("end", () => {
        finish(res.statusCode ?? 0);
        req.destroy(); // stop sending whatever is left of a chunked body
      });
      res.on("error", (e) => finish(res.statusCode ?? 0, e.message));
    });
    req.setTimeout(120_000, () => req.destroy(new Error("no answer within 120 s")));
    req.on("error", (e) => finish(status, e.message));
    if (s.chunked) {
      const chunk = Buffer.from("a=1&".repeat(16_384)); // 64 KB
      let sent = 0;
      const pump = () => {
        while (!settled && !req.destroyed && sent < s.chunked!.totalBytes) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!settled && !req.destroyed) req.end();
      };
      pump();
    } else {
      req.end(s.body);
    }
  });
}

/** `count` requests, at most `concurrency` at once. */
export async function inParallel(
  count: number,
  concurrency: number,
  one: (n: number) => Promise<Answer>,
): Promise<Answer[]> {
  const answers: Answer[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) {
        const n = next++;
        answers[n] = await one(n);
      }
    }),
  );
  return answers;
}

/** A multipart body as a browser sends it for the new-idea form with a photo. */
export function newIdeaMultipart(photo: Buffer, n: number): { body: Buffer; contentType: string } {
  const boundary = `----bench${crypto.randomBytes(12).toString("hex")}`;
  const fields: Record<string, string> = {
    title: `Ny cykelbana vid Viskan ${n}`,
    body: "En trygg cykelbana längs Viskan från centrum till Knalleland, med belysning hela vägen.",
    focusArea: "mobility",
    lat: String(57.721 + (n % 10) * 0.001),
    lng: String(12.94 + (n % 7) * 0.001),
  };
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="viskan.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
  );
  parts.push(photo, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The niceness the sender process runs at: it yields every core to the server and its poller. */
export const SENDER_NICENESS = 19;

/**
 * The command that starts a sender script with this process's node and loader (tsx's --require and
 * --import, from execArgv) under `nice`; without `nice` the sender lowers its own priority.
 */
export function senderCommand(
  script: string,
  { execPath, execArgv, withNice }: { execPath: string; execArgv: string[]; withNice: boolean },
): { command: string; args: string[] } {
  const node = [...execArgv, script];
  return withNice
    ? { command: "nice", args: ["-n", String(SENDER_NICENESS), execPath, ...node] }
    : { command: execPath, args: node };
}
