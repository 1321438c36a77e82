// The place picker's search without JavaScript (issue 17): a GET form on the page whose matches the
// loader lists in the picker's place list — on /ideas/new and on a workshop's phone page alike.
import { MAX_PLACE_QUERY_LENGTH, PLACE_QUERY_FIELD, type PlaceSearch } from "~/domain/place-search";
import { searchPlaces } from "~/models/places.server";

export function placeSearchOf(request: Request, formId: string): PlaceSearch {
  const query = (new URL(request.url).searchParams.get(PLACE_QUERY_FIELD) ?? "").slice(
    0,
    MAX_PLACE_QUERY_LENGTH,
  );
  return { formId, query, matches: query.trim() ? searchPlaces(query) : null };
}
