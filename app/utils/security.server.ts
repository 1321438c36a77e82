// Request checks that apply to every route, before Remix sees the request.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a state-changing request names another site in its Origin header (CSRF defence in
 * addition to SameSite=Lax cookies). Requests without Origin (curl, old browsers) pass; browsers
 * always send it on cross-site POSTs.
 */
export function isCrossSiteWrite(method: string, origin: string | undefined, host: string | undefined) {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

const MB = 1024 * 1024;
/** The largest request body a path accepts: forms with a photo get room for it, others 1 MB. */
export function maxBodyBytes(path: string): number {
  return path === "/ideas/new" ? 9 * MB : 1 * MB;
}

/** True when the declared body is larger than the path accepts (answer 413 before reading it). */
export function declaresTooLargeBody(path: string, contentLength: string | undefined): boolean {
  if (!contentLength) return false;
  const length = Number(contentLength);
  return Number.isFinite(length) && length > maxBodyBytes(path);
}
