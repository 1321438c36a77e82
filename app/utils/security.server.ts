// Request checks that apply to every route, before Remix sees the request.
import crypto from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a state-changing request names another site in its Origin header (CSRF defence in
 * addition to SameSite=Lax cookies). Requests without Origin (curl, old browsers) pass; browsers
 * always send it on cross-site POSTs.
 */
export function isCrossSiteWrite(
  method: string,
  origin: string | undefined,
  host: string | undefined,
) {
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

// Nonces are taken from a pool filled by the system's CSPRNG and turned into base64 at once: one
// call for 256 answers instead of one per answer (every HTML page needs a fresh one), and per answer
// only a slice of a string. 18 bytes each, so that each is 24 characters of base64 with no padding.
const NONCE_BYTES = 18;
const NONCE_CHARS = (NONCE_BYTES / 3) * 4;
const noncePool = Buffer.alloc(NONCE_BYTES * 256);
let nonceText = "";
let nonceAt = 0;

/** A fresh CSP nonce (144 random bits, base64), never handed out twice. */
export function newNonce(): string {
  if (nonceAt >= nonceText.length) {
    crypto.randomFillSync(noncePool);
    nonceText = noncePool.toString("base64");
    nonceAt = 0;
  }
  const nonce = nonceText.slice(nonceAt, nonceAt + NONCE_CHARS);
  nonceAt += NONCE_CHARS;
  return nonce;
}

/**
 * Security headers for every response: an enforced CSP with a per-request nonce for scripts and
 * no third party at all (map tiles come from our own /tiles/), no framing, no sniffing, a strict
 * referrer, and geolocation for this site only; HSTS in production.
 */
export function securityHeaders(options: {
  nonce: string;
  production: boolean;
  dev?: boolean;
}): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}'`,
    // React writes style attributes (marker colours); no scripts can come through styles.
    "style-src 'self' 'unsafe-inline'",
    // Images only from here (tiles too: /tiles/), or made in the page itself.
    "img-src 'self' data: blob:",
    `connect-src 'self'${options.dev ? " ws: http://localhost:*" : ""}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "manifest-src 'self'",
    "worker-src 'self' blob:",
  ].join("; ");
  const headers: Record<string, string> = {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy":
      "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (options.production)
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/**
 * securityHeaders made once for pages: per answer only the CSP's nonce changes, so a page pays one
 * string join for them instead of building the policy (a page's fixed cost, issue 14).
 */
export function securityHeadersWithNonce(options: { production: boolean; dev?: boolean }) {
  const placeholder = "\u0000nonce\u0000";
  const { "Content-Security-Policy": csp, ...fixed } = securityHeaders({
    ...options,
    nonce: placeholder,
  });
  const [before, after] = csp.split(placeholder);
  const others = Object.entries(fixed);
  /** Sets them on an answer, with its nonce (no list made per answer). */
  return function setOn(res: { setHeader(name: string, value: string): unknown }, nonce: string) {
    res.setHeader("Content-Security-Policy", before + nonce + after);
    for (let i = 0; i < others.length; i++) res.setHeader(others[i][0], others[i][1]);
  };
}

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * Every action reads a form: a state-changing request with another body type is refused (415)
 * before Remix would fail to parse it. Returns "ok", "no-type" (an empty form is assumed) or
 * "unsupported".
 */
export function checkFormContentType(
  method: string,
  contentType: string | undefined,
): "ok" | "no-type" | "unsupported" {
  if (SAFE_METHODS.has(method.toUpperCase())) return "ok";
  if (!contentType) return "no-type";
  const type = contentType.split(";")[0].trim().toLowerCase();
  return FORM_TYPES.includes(type) ? "ok" : "unsupported";
}
