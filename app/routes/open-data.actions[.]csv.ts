// GET /open-data/actions.csv: every action of the portfolio (RFC 4180, UTF-8, header row).
import { actionsCsv } from "~/services/open-data.server";

export async function loader() {
  return new Response(actionsCsv(), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'inline; filename="samskapa-boras-actions.csv"',
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
