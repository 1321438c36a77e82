import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "~/components/nonce";
import { getLanguage, i18nFor } from "~/utils/locale.server";
import { log } from "~/utils/log.server";

const ABORT_DELAY = 5_000;

/**
 * React 18's renderToPipeableStream can leave the unused tail of its 2,048-byte chunk in the
 * stream when a multi-byte character straddles the chunk's end (react#24985, react#31134; fixed
 * in React 19): a NUL byte lands in the HTML, mostly in Arabic pages. NUL never belongs in our
 * HTML (React escapes none into text, and the browser would replace it anyway), so drop them.
 */
function withoutNulBytes() {
  return new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (!bytes.includes(0)) return done(null, bytes);
      const kept = Buffer.allocUnsafe(bytes.length);
      let length = 0;
      for (const byte of bytes) if (byte !== 0) kept[length++] = byte;
      done(null, kept.subarray(0, length));
    },
  });
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
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

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
        [readyEvent]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors while streaming after the shell are logged; the shell already went out.
          if (shellRendered) log.error({ err: error }, "error while streaming");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  log.error({ err: error, url: request.url }, "unhandled error");
}
