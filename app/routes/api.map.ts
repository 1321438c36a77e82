// GET /api/map: the ideas in a viewport as GeoJSON, clustered on the server (contract.md). The
// answer is made in services/map-answer.server.ts; server.ts serves the same one before Remix.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerMapQuestion } from "~/services/map-answer.server";
import { acceptsGzip } from "~/utils/compress.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const reply = await answerMapQuestion({
    params: new URL(request.url).searchParams,
    ifNoneMatch: request.headers.get("If-None-Match"),
    acceptsGzip: acceptsGzip(request.headers.get("Accept-Encoding")),
    clientIp: String(context.clientIp),
    request: () => request,
  });
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}
