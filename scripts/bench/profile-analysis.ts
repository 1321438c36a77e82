// Reading a V8 CPU profile (`node --cpu-prof`): which part of the stack each sample belongs to, what
// our middleware costs, and a flame graph as SVG. Pure functions over the profile's JSON, so that
// tests/unit/scripts/profile-analysis.test.ts can check them on a small hand-made profile.

export type CpuProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
export type CpuProfile = {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

/** The named middleware of server.ts (see its `app.use(function name…)`). */
export const OUR_MIDDLEWARE = [
  "requestIdAndLog",
  "logRequestLine",
  "cspNonceAndSecurityHeaders",
  "refuseCrossSiteWrites",
  "checkBodyType",
  "publicFiles",
  "rememberLanguage",
] as const;

const COMPRESSION_FILE = /node_modules\/compression\//;

/**
 * Our gzip of Remix's answers (app/utils/compress.server.ts, called by sendResponse): the
 * negotiation and, inside writeGzipped, zlib's set-up (gzipWhole's reset of its engine, or a new
 * engine) — once per answer. The deflate itself (our `deflatePiece`, zlib's `zlibBufferSync`, or
 * the stream's chunks past 512 KB) grows with the answer, and the socket write and the reading of
 * Remix's body are any answer's: they are cut off (`isExpressHandOver`).
 */
export const OUR_GZIP = ["acceptsGzip", "isCompressible", "writeGzipped"] as const;

/**
 * Where a request's fixed cost starts, with a name for the report: our named middleware, and two
 * functions of the compression middleware, which run once per request whatever the answer's size:
 * the middleware itself (it wraps the response's methods) and its header hook (it negotiates the
 * encoding and creates the gzip stream). Each is counted with what it calls. The rest of
 * compression's code (its write and end wrappers) hands each chunk to zlib and to the socket: that
 * grows with the answer, and only compression's own time in it counts (see `summarize`).
 */
function fixedCostRoot(node: CpuProfileNode): string | null {
  const { functionName, url } = node.callFrame;
  if ((OUR_MIDDLEWARE as readonly string[]).includes(functionName)) return functionName;
  if ((OUR_GZIP as readonly string[]).includes(functionName) && !/node_modules/.test(url))
    return `${functionName} (our gzip, without the deflate)`;
  if (COMPRESSION_FILE.test(url)) {
    if (functionName === "compression") return "compression (per request)";
    if (functionName === "onResponseHeaders")
      return "compression's header hook (encoding, gzip stream)";
  }
  return null;
}

/**
 * Where Express hands over to the next middleware, or our gzip hands the body to zlib's deflate,
 * to the socket or to Remix's stream: a fixed cost's time stops there.
 */
const isExpressHandOver = (node: CpuProfileNode) => {
  const { url, functionName } = node.callFrame;
  return (
    (/node_modules\/(express|router)\//.test(url) &&
      /^(next|handle|trim_prefix|process_params|dispatch)$/.test(functionName)) ||
    (url === "node:zlib" &&
      /^(zlibBufferSync|processChunk|processChunkSync)$/.test(functionName)) ||
    // the deflate of our one-shot gzip (app/utils/compress.server.ts)
    (functionName === "deflatePiece" && !/node_modules/.test(url)) ||
    (url === "node:_http_outgoing" && /^(end|write|_write|_send)$/.test(functionName)) ||
    (/^node:internal\/webstreams\//.test(url) && /^(read|pull)/.test(functionName))
  );
};

export type Part =
  | "our middleware (server.ts)"
  | "compression"
  | "logging (pino)"
  | "Express"
  | "Remix"
  | "React rendering"
  | "our routes (Remix build)"
  | "our server and services"
  | "other libraries"
  | "Node (HTTP, streams, timers)"
  | "garbage collection"
  | "V8 and native";

function partOfFile(url: string, functionName: string): Part {
  if (functionName === "(garbage collector)") return "garbage collection";
  if ((OUR_MIDDLEWARE as readonly string[]).includes(functionName))
    return "our middleware (server.ts)";
  if (/node_modules\/compression\//.test(url)) return "compression";
  if (/node_modules\/(pino|sonic-boom|pino-std-serializers)/.test(url)) return "logging (pino)";
  if (/node_modules\/(express|router|body-parser|finalhandler|send|serve-static)\//.test(url))
    return "Express";
  if (/node_modules\/@remix-run\/|node_modules\/react-router|node_modules\/@web3-storage/.test(url))
    return "Remix";
  if (/node_modules\/react(-dom)?\//.test(url)) return "React rendering";
  if (/node_modules\//.test(url)) return "other libraries";
  if (/\/build\/index\.js/.test(url)) return "our routes (Remix build)";
  if (/\/build\/server\//.test(url)) return "our server and services";
  if (url.startsWith("node:") || /^(internal|node)/.test(url))
    return "Node (HTTP, streams, timers)";
  return "V8 and native";
}

export type Summary = {
  /** sampled time not idle, ms */
  busyMs: number;
  /** by part, most first */
  byPart: [Part, number][];
  /** each middleware of OUR_MIDDLEWARE that ran, and compression's per-request functions, with what
   *  they called up to the next middleware, ms */
  middleware: [string, number][];
  /** those + the rest of compression's and pino's own time, wherever it ran, ms */
  middlewareTotalMs: number;
  /**
   * The same fixed cost as a share of the busy samples, counted, not weighed by time: a sample's
   * time (until the next one) includes any time the thread then waited for a CPU that another
   * process held, and that wait falls on whatever code ran next — mostly code right after a
   * system call woke the load generator (the line after an answer's write). The samples
   * themselves come at an even pace while the thread runs, so their count is its CPU time's
   * share (scripts/bench/profile-run.ts multiplies it by the thread's measured CPU time).
   */
  middlewareSampleShare: number;
  /** [function, file, self ms], most first */
  topFunctions: [string, string, number][];
  /** the call tree with total time per node, for the flame graph */
  tree: FlameNode;
};

export type FlameNode = { name: string; part: Part; ms: number; children: FlameNode[] };

const fileOf = (url: string) => {
  const name = url.replace(/\?.*$/, "").split("/").slice(-2).join("/");
  return name || "(native)";
};

/**
 * `window`: only the samples taken between these two moments (µs of the monotonic clock, as
 * `process.hrtime.bigint() / 1000n` gives them in any process of the machine), so that the start-up
 * (loading modules, building the map index) is not counted as the requests' work.
 */
export function summarize(profile: CpuProfile, window?: { fromUs: number; toUs: number }): Summary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  const selfSamples = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; the sample stands for the time until the next.
    at += profile.timeDeltas[i];
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta);
    if (delta > 0) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  });
  if (selfMs.size === 0) throw new Error("No samples in the profile's window");
  const root = profile.nodes[0];
  const isIdle = (n: CpuProfileNode) => n.callFrame.functionName === "(idle)";

  const byPart = new Map<Part, number>();
  const byFunction = new Map<string, [string, string, number]>();
  let busyMs = 0;
  for (const [id, ms] of selfMs) {
    const node = nodes.get(id)!;
    if (isIdle(node)) continue;
    busyMs += ms;
    const part = partOfFile(node.callFrame.url, node.callFrame.functionName);
    byPart.set(part, (byPart.get(part) ?? 0) + ms);
    const name = node.callFrame.functionName || "(anonymous)";
    const file = fileOf(node.callFrame.url);
    const key = `${name} ${file}`;
    const entry = byFunction.get(key) ?? [name, file, 0];
    entry[2] += ms;
    byFunction.set(key, entry);
  }

  const middleware = fixedCost(profile.nodes, nodes, selfMs);
  const counted = fixedCost(profile.nodes, nodes, selfSamples);
  const busySamples = [...selfSamples]
    .filter(([id]) => !isIdle(nodes.get(id)!))
    .reduce((sum, [, n]) => sum + n, 0);

  const build = (node: CpuProfileNode): FlameNode => {
    const children = (node.children ?? [])
      .map((c) => nodes.get(c)!)
      .filter((c) => !isIdle(c))
      .map(build)
      .filter((c) => c.ms > 0);
    return {
      name: `${node.callFrame.functionName || "(anonymous)"} ${fileOf(node.callFrame.url)}`,
      part: partOfFile(node.callFrame.url, node.callFrame.functionName),
      ms: (isIdle(node) ? 0 : (selfMs.get(node.id) ?? 0)) + children.reduce((a, c) => a + c.ms, 0),
      children: children.sort((a, b) => a.name.localeCompare(b.name)),
    };
  };

  return {
    busyMs,
    byPart: [...byPart.entries()].sort((a, b) => b[1] - a[1]),
    middleware: [...middleware.byRoot.entries()]
      .filter(([, ms]) => ms > 0)
      .sort((a, b) => b[1] - a[1]),
    middlewareTotalMs: middleware.total,
    middlewareSampleShare: busySamples > 0 ? counted.total / busySamples : 0,
    topFunctions: [...byFunction.values()].sort((a, b) => b[2] - a[2]).slice(0, 15),
    tree: build(root),
  };
}

/**
 * Our middleware's fixed cost under the weights `self` (each node's own time, or its sample
 * count): each named function's own subtree, cut where Express moves to the next one, and
 * compression's and the log writer's own code wherever it ran (when the answer is written, or on a
 * later tick), not counted twice where it ran inside a middleware.
 */
function fixedCost(
  all: CpuProfileNode[],
  nodes: Map<number, CpuProfileNode>,
  self: Map<number, number>,
): { byRoot: Map<string, number>; total: number } {
  const byRoot = new Map<string, number>();
  const subtreeUntilHandOver = (node: CpuProfileNode): number =>
    (self.get(node.id) ?? 0) +
    (node.children ?? [])
      .map((c) => nodes.get(c)!)
      .filter((c) => !isExpressHandOver(c))
      .reduce((sum, c) => sum + subtreeUntilHandOver(c), 0);
  const visit = (node: CpuProfileNode, insideMiddleware: boolean) => {
    const name = fixedCostRoot(node);
    const ours = name !== null && !insideMiddleware;
    if (ours) byRoot.set(name, (byRoot.get(name) ?? 0) + subtreeUntilHandOver(node));
    for (const c of node.children ?? []) {
      const child = nodes.get(c)!;
      visit(child, (insideMiddleware || ours) && !isExpressHandOver(child));
    }
  };
  visit(all[0], false);
  const isLibrary = (node: CpuProfileNode) => {
    const part = partOfFile(node.callFrame.url, node.callFrame.functionName);
    return part === "compression" || part === "logging (pino)";
  };
  const libraries = all.filter(isLibrary).reduce((sum, n) => sum + (self.get(n.id) ?? 0), 0);
  let librariesInsideMiddleware = 0;
  const countLibraries = (node: CpuProfileNode, inside: boolean) => {
    const nowInside = (inside || fixedCostRoot(node) !== null) && !isExpressHandOver(node);
    if (nowInside && isLibrary(node)) librariesInsideMiddleware += self.get(node.id) ?? 0;
    for (const c of node.children ?? []) countLibraries(nodes.get(c)!, nowInside);
  };
  countLibraries(all[0], false);
  const own = [...byRoot.values()].reduce((a, b) => a + b, 0);
  return { byRoot, total: own + libraries - librariesInsideMiddleware };
}

const COLOURS: Record<Part, string> = {
  "our middleware (server.ts)": "#d9480f",
  compression: "#f08c00",
  "logging (pino)": "#e8590c",
  Express: "#74b816",
  Remix: "#1c7ed6",
  "React rendering": "#15aabf",
  "our routes (Remix build)": "#ae3ec9",
  "our server and services": "#c2255c",
  "other libraries": "#868e96",
  "Node (HTTP, streams, timers)": "#37b24d",
  "garbage collection": "#495057",
  "V8 and native": "#adb5bd",
};

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An icicle flame graph (callers above callees), widths by time; hover a box for its name and time. */
export function flameGraphSvg(summary: Summary, title: string, width = 1200): string {
  const row = 17;
  const top = 40;
  const total = summary.tree.ms || 1;
  const boxes: string[] = [];
  let depth = 0;
  const draw = (node: FlameNode, x: number, level: number) => {
    const w = (node.ms / total) * width;
    if (w < 0.3) return;
    depth = Math.max(depth, level);
    const y = top + level * row;
    const label = w > 50 ? escapeXml(node.name.slice(0, Math.floor(w / 6.5))) : "";
    const colour = level === 0 ? "#dee2e6" : COLOURS[node.part];
    boxes.push(
      `<g><title>${escapeXml(node.name)} — ${node.ms.toFixed(1)} ms (${((100 * node.ms) / total).toFixed(1)} %)</title>` +
        `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${row - 1}" fill="${colour}"/>` +
        (label
          ? `<text x="${(x + 3).toFixed(2)}" y="${y + 12}" font-size="11" fill="#fff">${label}</text>`
          : "") +
        `</g>`,
    );
    let cx = x;
    for (const child of node.children) {
      draw(child, cx, level + 1);
      cx += (child.ms / total) * width;
    }
  };
  draw({ ...summary.tree, name: "all samples (idle left out)" }, 0, 0);
  const legendY = top + (depth + 2) * row;
  const legend = Object.entries(COLOURS)
    .map(
      ([part, colour], i) =>
        `<rect x="${(i % 4) * 300}" y="${legendY + Math.floor(i / 4) * row}" width="12" height="12" fill="${colour}"/>` +
        `<text x="${(i % 4) * 300 + 16}" y="${legendY + Math.floor(i / 4) * row + 11}" font-size="12">${escapeXml(part)}</text>`,
    )
    .join("");
  const height = legendY + 4 * row;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" role="img" aria-label="${escapeXml(title)}">` +
    `<text x="0" y="20" font-size="15">${escapeXml(title)}</text>` +
    boxes.join("") +
    legend +
    `</svg>\n`
  );
}
