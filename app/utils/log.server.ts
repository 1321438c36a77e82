// Structured logs (pino, JSON lines): one line per request with its id, and the app's events.
import crypto from "node:crypto";
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

const requestIdPrefix = crypto.randomBytes(6).toString("base64url");
let requestsCounted = 0;

/**
 * An id for a request that brought none (its X-Request-Id and log lines): this process's random
 * prefix and a count. Unique, which is all an id must be; a UUID per request cost more (issue 14).
 */
export function newRequestId(): string {
  requestsCounted += 1;
  return `${requestIdPrefix}-${requestsCounted.toString(36)}`;
}

type Destination = { write(data: string): boolean; flushSync?(): void };
const destination = (log as unknown as Record<symbol, Destination>)[pino.symbols.streamSym];
let pendingLines = "";
let flushScheduled = false;

/** Hands the request lines gathered since the last call to the log's destination. */
export function flushRequestLog() {
  flushScheduled = false;
  if (pendingLines === "") return;
  const lines = pendingLines;
  pendingLines = "";
  destination.write(lines);
}
// At exit pino has flushed its destination already (its own exit handler came first): again.
process.on("exit", () => {
  if (pendingLines === "") return;
  flushRequestLog();
  try {
    destination.flushSync?.();
  } catch {
    // a destination that cannot flush now loses the last lines, as pino's own would
  }
});

/**
 * The line of one request, as pino writes `log.info({ requestId, method, path, status, ms },
 * "request")` (a request answered from /tiles/ at debug level), made by hand and handed to pino's
 * destination with the other lines of the same turn of the event loop: pino's generic
 * serializing and a destination write per line were a page's costliest middleware in the profile
 * (issue 14).
 */
export function logRequest(
  requestId: string,
  method: string,
  path: string,
  status: number,
  /** Date.now() as the request came: the line's one clock reading gives both its time and its
   *  whole milliseconds (two readings of performance.now were ~4 µs of a page in the profile) */
  startedAt: number,
) {
  const level = status < 400 && path.startsWith("/tiles/") ? 20 : 30;
  if (level < log.levelVal) return;
  const time = Date.now();
  const ms = Math.max(0, time - startedAt); // whole milliseconds, as the line always had
  pendingLines += requestLogLine(requestId, method, path, status, ms, level, time);
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flushRequestLog);
  }
}

/** The path of a request's address (its target as asked: a path, or rarely a whole URL). */
export function pathOfUrl(url: string): string {
  if (url.startsWith("/")) {
    const query = url.indexOf("?");
    return query === -1 ? url : url.slice(0, query);
  }
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Characters a request id or a method may hold as they are in a JSON string (no escaping). */
const PLAIN_JSON = /^[\w.!#$%&'*+^`|~-]*$/;
const jsonString = (text: string) => (PLAIN_JSON.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * pino's JSON line for a request (level 30 info, 20 debug; `time` in ms since 1970). The request
 * id (ours, or a caller's of [\w.-]) and the method (an HTTP token) need no escaping as a rule.
 */
export function requestLogLine(
  requestId: string,
  method: string,
  path: string,
  status: number,
  ms: number,
  level: number,
  time: number,
): string {
  return (
    `{"level":${level},"time":${time},"app":"samskapa-boras","requestId":${jsonString(requestId)},` +
    `"method":${jsonString(method)},"path":${JSON.stringify(path)},` +
    `"status":${status},"ms":${ms},"msg":"request"}\n`
  );
}
