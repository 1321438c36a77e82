// GET /open-data/ideas.csv: every visible idea (RFC 4180, UTF-8, header row), streamed.
import { ideasCsvStream } from "~/services/open-data.server";

export async function loader() {
  return new Response(ideasCsvStream(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'inline; filename="samskapa-boras-ideas.csv"',
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
