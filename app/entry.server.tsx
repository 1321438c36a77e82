import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "~/components/nonce";
import { wholeBody } from "~/utils/compress.server";
import { getLanguage, i18nFor } from "~/utils/locale.server";
import { log } from "~/utils/log.server";

const ABORT_DELAY = 5_000;

/**
 * The whole document as one Buffer. It is gzipped in one call once whole (sendResponse,
 * app/utils/compress.server.ts), so streaming it to Remix chunk by chunk (~25 chunks of React's
 * 2 KB for a page, each a web-stream read and a wait) only cost the main thread time (issue 14).
 *
 * React 18's renderToPipeableStream can leave the unused tail of its 2,048-byte chunk in the
 * stream when a multi-byte character straddles the chunk's end (react#24985, react#31134; fixed
 * in React 19): a NUL byte lands in the HTML, mostly in Arabic pages. NUL never belongs in our
 * HTML (React escapes none into text, and the browser would replace it anyway), so it is dropped.
 */
function wholeDocument(done: (error: Error | null, html?: Buffer) => void) {
  const chunks: Buffer[] = [];
  let length = 0;
  return new Writable({
    write(chunk: Buffer | string, _encoding: BufferEncoding, next: (error?: Error | null) => void) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(bytes.includes(0) ? withoutNulBytes(bytes) : bytes);
      length += chunks[chunks.length - 1].length;
      next();
    },
    final(next: (error?: Error | null) => void) {
      done(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length));
      next();
    },
    destroy(error: Error | null, next: (error: Error | null) => void) {
      if (error) done(error);
      next(error);
    },
  });
}

function withoutNulBytes(bytes: Buffer) {
  const kept = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  for (const byte of bytes) if (byte !== 0) kept[length++] = byte;
  return kept.subarray(0, length);
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // The same language as the root loader's (the same function of the request): the page is
  // rendered with its strings, which the browser loads as a script of their own (entry.client).
  const i18n = i18nFor(await getLanguage(request));

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={i18n}>
        <NonceProvider value={nonce}>
          <RemixServer
            context={remixContext}
            url={request.url}
            abortDelay={ABORT_DELAY}
            nonce={nonce}
          />
        </NonceProvider>
      </I18nextProvider>,
      {
        nonce,
        // Crawlers and browsers alike get the whole document (wholeDocument waits for the end),
        // so there is no need to tell them apart (Remix's template waits for onAllReady for bots).
        onShellReady() {
          shellRendered = true;
          const status = responseStatusCode;
          const body = wholeDocument((error, html) => {
            clearTimeout(timer);
            if (error || !html) return reject(error);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            responseHeaders.set("Content-Length", String(html.length));
            // A stream of the one chunk (a Uint8Array body would be copied by the constructor),
            // which sendResponse gzips without reading it back (wholeBody).
            resolve(new Response(wholeBody(html), { headers: responseHeaders, status }));
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // An error after the shell is logged; the page goes out with the shell's status (React's
          // client renders the part that failed).
          if (shellRendered) log.error({ err: error }, "error while streaming");
        },
      },
    );
    // (React starts rendering on a later tick: the document is never whole before this line.)
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  log.error({ err: error, url: request.url }, "unhandled error");
}
