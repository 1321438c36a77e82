// Paths on this site, for every redirect target and every link back to the page itself. Shared by
// server and browser: `/.//evil.com`, `/%2e//evil.com` and `/a/..//evil.com` all normalise to
// `//evil.com`, which a browser reads as another host, so the check runs after normalisation.

const BASE = "http://samskapa.invalid";

/** A path (with query and fragment) on this site, or `fallback` when `to` would leave it. */
export function sameSitePath(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || /^[/\\]{2}/.test(to) || to.startsWith("/\\"))
    return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // After "." and ".." segments are resolved the path may begin with two slashes (or a backslash,
  // which browsers treat as one): a protocol-relative URL to another host.
  if (/^[/\\]{2}/.test(path)) return fallback;
  return path;
}

/**
 * A link to the page being shown, with `params` changed (the language switcher). The path comes
 * from the address bar, which anyone can craft (`//evil.com/x`): leading slashes collapse to one.
 */
export function selfLink(
  pathname: string,
  search: string,
  params: Record<string, string> = {},
): string {
  const query = new URLSearchParams(search);
  for (const [key, value] of Object.entries(params)) query.set(key, value);
  const path = new URL(sameSitePath("/" + pathname.replace(/^[/\\]+/, "")), BASE).pathname;
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}
