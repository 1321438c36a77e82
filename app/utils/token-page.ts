// Pages opened from a one-time link (/reset-password, /join/confirm): the token is in the page's
// address, so no link or resource may carry it elsewhere in a Referer, and no cache may keep it.
import type { HeadersFunction } from "@remix-run/node";

/** The meta tag that keeps the address out of Referer headers. */
export const NO_REFERRER_META = { name: "referrer", content: "no-referrer" } as const;

// A loader's own headers reach only data requests; the document's come from here.
export const tokenPageHeaders: HeadersFunction = () => ({
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
});
