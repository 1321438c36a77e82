// GET /healthz: 200 "ok" when the database can be read and written, 503 otherwise.
import { databaseIsHealthy } from "~/models/health.server";

export async function loader() {
  try {
    databaseIsHealthy();
    return new Response("ok", {
      headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
    });
  } catch (error) {
    console.error("healthz: database check failed", error);
    return new Response("database unavailable", {
      status: 503,
      headers: { "Content-Type": "text/plain" },
    });
  }
}
