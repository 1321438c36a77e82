// GET /strings/:language?v=<build>: a language's strings as a script for the browser
// (utils/translations.client.ts). Versioned by the build that holds them, so kept for a year.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringsScript } from "~/utils/locale.server";

export function loader({ request, params }: LoaderFunctionArgs) {
  const script = stringsScript(params.language);
  if (!script) return new Response("Not found", { status: 404 });
  const versioned = new URL(request.url).searchParams.has("v");
  return new Response(script, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
    },
  });
}
