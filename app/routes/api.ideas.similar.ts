// GET /api/ideas/similar?text=…&lat=…&lng=…: ideas that already say what a resident is writing,
// near where they put the pin, so that they can support one instead of posting a duplicate.
// Answered by answerSimilarQuestion (services/similar-answer.server.ts), which server.ts also calls
// before Remix.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerSimilarQuestion } from "~/services/similar-answer.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const reply = await answerSimilarQuestion({
    params: new URL(request.url).searchParams,
    clientIp: context.clientIp,
    request: () => request,
  });
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}
