// GET /api/places?q=…: places and addresses whose names hold what was typed (ignoring case,
// diacritics and doubled letters), best first, at most ten — for the place picker's search.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { MAX_PLACE_QUERY_LENGTH } from "~/domain/place-search";
import { searchPlaces } from "~/models/places.server";
import { LIMITS, limitLookupsByAddress } from "~/utils/rate-limit.server";

const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const limited = await limitLookupsByAddress(
    request,
    "places",
    LIMITS.placeLookupsPerAddress,
    context.clientIp,
  );
  if (limited) return new Response(limited.body, limited);

  const q = new URL(request.url).searchParams.get("q");
  if (q === null || [...q].length > MAX_PLACE_QUERY_LENGTH) {
    return json(
      {
        error: `q is required and may be at most ${MAX_PLACE_QUERY_LENGTH} characters`,
        parameter: "q",
      },
      { status: 400, headers: NO_STORE },
    );
  }
  const places = searchPlaces(q).map(({ name, kind, lat, lng }) => ({ name, kind, lat, lng }));
  return json({ places }, { headers: NO_STORE });
}
