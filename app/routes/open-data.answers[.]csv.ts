// GET /open-data/answers.csv: every official answer on a shown idea (RFC 4180, UTF-8, header row).
import { toCsv } from "~/domain/csv";
import { ANSWER_COLUMNS } from "~/domain/official-answers";
import { answersForOpenData } from "~/models/official-answers.server";

export async function loader() {
  const rows = answersForOpenData().map((a) => [
    a.ideaId,
    a.verdict,
    a.answeredFor,
    a.answeredAt,
    a.dueAt,
    a.supportsAtThreshold,
  ]);
  return new Response(toCsv(ANSWER_COLUMNS, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'inline; filename="samskapa-boras-answers.csv"',
      "Cache-Control": "public, max-age=60",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
