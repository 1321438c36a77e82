// Structured logs (pino, JSON lines): one line per request with its id, and the app's events.
import pino from "pino";

const globalLog = globalThis as unknown as { __samskapaLog?: pino.Logger };

// Written asynchronously and gathered: lines go out together once 4 KB are waiting, or after at
// most a second. A write to stdout per line cost every request a system call (~50 µs of a page's
// main thread in the profile, issue 14). pino flushes what is left when the process exits.
export const log: pino.Logger = (globalLog.__samskapaLog ??= pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { app: "samskapa-boras" },
    // Never log cookies, passwords or session tokens.
    redact: ["req.headers.cookie", "res.headers['set-cookie']", "password", "token"],
  },
  pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 }),
));
