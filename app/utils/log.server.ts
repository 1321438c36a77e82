// Structured logs (pino, JSON lines): one line per request with its id, and the app's events.
import pino from "pino";

const globalLog = globalThis as unknown as { __samskapaLog?: pino.Logger };

// Written asynchronously (lines written while a write is under way go out together with the next
// one): a synchronous write to stdout per request cost every request a system call. pino flushes
// what is left when the process exits.
export const log: pino.Logger = (globalLog.__samskapaLog ??= pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { app: "samskapa-boras" },
    // Never log cookies, passwords or session tokens.
    redact: ["req.headers.cookie", "res.headers['set-cookie']", "password", "token"],
  },
  pino.destination({ dest: 1, sync: false }),
));
