// Route `headers` shared by the forms that can answer 429.
import type { HeadersFunction } from "@remix-run/node";

/** Lets a 429's Retry-After reach the browser on document requests too. */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;
