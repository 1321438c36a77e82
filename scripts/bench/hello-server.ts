// The floor for issue 14's "cheap requests": a bare node:http server that answers every request
// with "hello" (no framework, no database, no compression). The bench puts it under the same load
// as the app's cached /api/map in the same run. Prints "HELLO_LISTENING <port>" once it listens.
import http from "node:http";

const server = http.createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": 5 });
  res.end("hello");
});

server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`HELLO_LISTENING ${address.port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
