// The naive baseline for `npm run bench`: a bare node:http server that answers /api/map with every
// visible idea in the box as GeoJSON points, no clustering, gzip-compressed. It shows what the
// app's clustering buys. Run as a child process: prints "NAIVE_LISTENING <port>" once it listens.
import http from "node:http";
import zlib from "node:zlib";
import Database from "better-sqlite3";

const file = process.env.DATABASE_PATH;
if (!file) {
  console.error("DATABASE_PATH is required");
  process.exit(2);
}
const db = new Database(file, { readonly: true, fileMustExist: true });
const query = db.prepare<
  [number, number, number, number],
  {
    id: number;
    title: string;
    focus_area: string;
    lat: number;
    lng: number;
    supports_count: number;
  }
>(
  `SELECT id, title, focus_area, lat, lng, supports_count FROM ideas
   WHERE status = 'visible' AND lat BETWEEN ? AND ? AND lng BETWEEN ? AND ?`,
);

function send(res: http.ServerResponse, status: number, body: string, acceptEncoding: string) {
  const raw = Buffer.from(body);
  if (!/\bgzip\b/.test(acceptEncoding)) {
    res.writeHead(status, { "Content-Type": "application/geo+json", "Content-Length": raw.length });
    res.end(raw);
    return;
  }
  zlib.gzip(raw, (error, gzipped) => {
    if (error) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(status, {
      "Content-Type": "application/geo+json",
      "Content-Encoding": "gzip",
      "Content-Length": gzipped.length,
      Vary: "Accept-Encoding",
    });
    res.end(gzipped);
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const acceptEncoding = String(req.headers["accept-encoding"] ?? "");
  if (url.pathname !== "/api/map") {
    send(res, 404, JSON.stringify({ error: "not found" }), acceptEncoding);
    return;
  }
  const bbox = (url.searchParams.get("bbox") ?? "").split(",").map(Number);
  if (bbox.length !== 4 || !bbox.every(Number.isFinite)) {
    send(res, 400, JSON.stringify({ error: "bbox", parameter: "bbox" }), acceptEncoding);
    return;
  }
  const [west, south, east, north] = bbox;
  const features = query.all(south, north, west, east).map((row) => ({
    type: "Feature",
    geometry: { type: "Point", coordinates: [row.lng, row.lat] },
    properties: {
      id: row.id,
      title: row.title,
      focusArea: row.focus_area,
      supports: row.supports_count,
    },
  }));
  send(res, 200, JSON.stringify({ type: "FeatureCollection", features }), acceptEncoding);
});

server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`NAIVE_LISTENING ${address.port}`);
});

const stop = () =>
  server.close(() => {
    db.close();
    process.exit(0);
  });
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
