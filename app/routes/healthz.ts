// GET /healthz (and ?verbose): see services/health.server.ts; server.ts answers it before Remix.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerHealth } from "~/services/health.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const reply = answerHealth(new URL(request.url).searchParams.has("verbose"));
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}
