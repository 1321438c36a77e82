// GET /tiles/{z}/{x}/{y}.{ext}: a map tile from our own origin (contract.md). The answer is made in
// services/tiles.server.ts; server.ts serves the same one before Remix.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerTileRequest } from "~/services/tiles.server";
import { acceptsGzip } from "~/utils/compress.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const reply = await answerTileRequest({
    z: params.z ?? "",
    x: params.x ?? "",
    file: params.file ?? "",
    ifNoneMatch: request.headers.get("If-None-Match"),
    acceptsGzip: acceptsGzip(request.headers.get("Accept-Encoding")),
    request: () => request,
  });
  const body = Buffer.isBuffer(reply.body) ? new Uint8Array(reply.body) : reply.body;
  return new Response(body, { status: reply.status, headers: reply.headers });
}
