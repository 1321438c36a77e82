// HTTP measurements: one answer's size on the wire, and load with autocannon.
import http from "node:http";
import zlib from "node:zlib";
import autocannon from "autocannon";

export type AnswerSize = {
  status: number;
  /** bytes on the wire (the body as sent, compressed if the server compressed it) */
  wireBytes: number;
  /** bytes after decompression */
  rawBytes: number;
  encoding: string;
  features: number;
  clusters: number;
  latencyMs: number;
};

/** GET with `Accept-Encoding: gzip`, counting the body's bytes as they arrive (no decompression). */
export function fetchRaw(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; latencyMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(
      url,
      { headers: { "Accept-Encoding": "gzip", ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            latencyMs: performance.now() - started,
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error(`Timed out: ${url}`)));
    req.on("error", reject);
  });
}

function decode(body: Buffer, encoding: string): Buffer {
  if (encoding === "gzip") return zlib.gunzipSync(body);
  if (encoding === "br") return zlib.brotliDecompressSync(body);
  if (encoding === "deflate") return zlib.inflateSync(body);
  return body;
}

export async function answerSize(url: string): Promise<AnswerSize> {
  const { status, headers, body, latencyMs } = await fetchRaw(url);
  const encoding = String(headers["content-encoding"] ?? "identity");
  const raw = decode(body, encoding);
  let features = NaN;
  let clusters = NaN;
  try {
    const parsed = JSON.parse(raw.toString("utf8")) as {
      features?: { properties?: { cluster?: boolean } }[];
    };
    if (Array.isArray(parsed.features)) {
      features = parsed.features.length;
      clusters = parsed.features.filter((f) => f.properties?.cluster === true).length;
    }
  } catch {
    // not JSON: sizes only
  }
  return {
    status,
    wireBytes: body.length,
    rawBytes: raw.length,
    encoding,
    features,
    clusters,
    latencyMs,
  };
}

export type LoadResult = {
  requestsPerSecond: number;
  p50: number;
  p975: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
};

export async function load(
  url: string,
  connections: number,
  durationSeconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    headers: { "accept-encoding": "gzip" },
    timeout: 30,
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}
