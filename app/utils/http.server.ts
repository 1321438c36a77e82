// The Express side of every request before and after Remix: bodies read with a byte count whatever
// their framing, forms bounded before any parser sees them, methods Remix cannot take refused, and
// errors answered without a stack trace. Remix then gets the body already read (see remixHandler).
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import {
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type {
  ErrorRequestHandler,
  NextFunction,
  Request as ExpressRequest,
  RequestHandler,
  Response as ExpressResponse,
} from "express";
import { FORM_BOUNDS, formBoundsProblem } from "~/domain/form-bounds";
import { acceptsGzip, isCompressibleAnswer, writeGzipped } from "~/utils/compress.server";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "~/utils/i18n";
import { languageCookie, languageFromAcceptLanguage, translations } from "~/utils/locale.server";
import { log } from "~/utils/log.server";
import { multipartFieldNames } from "~/utils/multipart.server";
import { bodyStream } from "~/utils/raw-body.server";
import { maxBodyBytes } from "~/utils/security.server";

/** After the limit, a client still sending is read (and dropped) up to this much, then cut off. */
const DRAIN_CAP_BYTES = 16 * 1024 * 1024;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const WITHOUT_BODY = new Set(["GET", "HEAD", "OPTIONS"]);

type WithBody = IncomingMessage & { samskapaBody?: Buffer };

/** The language for answers given before Remix: ?lang=, the remembered choice, then Accept-Language. */
export async function languageOf(req: ExpressRequest): Promise<Language> {
  const fromQuery = req.query.lang;
  if (isLanguage(fromQuery)) return fromQuery;
  try {
    const fromCookie = await languageCookie.parse(req.get("cookie") ?? null);
    if (isLanguage(fromCookie)) return fromCookie;
  } catch {
    // a broken cookie is no language
  }
  return languageFromAcceptLanguage(req.get("accept-language") ?? null) ?? DEFAULT_LANGUAGE;
}

function answerText(
  res: ExpressResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
) {
  if (res.headersSent) return void res.destroy();
  res
    .status(status)
    .set({ "Cache-Control": "no-store", ...headers })
    .type("text/plain; charset=utf-8")
    .send(text);
}

/** TRACE, CONNECT and invented methods: 405 (Remix's Request cannot even be built for them). */
export const refuseUnknownMethods: RequestHandler = (req, res, next) => {
  if (METHODS.has(req.method)) return next();
  req.resume();
  void languageOf(req).then((language) =>
    answerText(res, 405, translations[language].errors.methodNotAllowed, {
      Allow: [...METHODS].join(", "),
      Connection: "close",
    }),
  );
};

/**
 * Remix v1's data protocol (`?_data=routeId`): with single fetch the browser asks for `/path.data`
 * instead, and Remix still answers `?_data` but logs each one as an unhandled error. Only stale or
 * hand-made clients send it; they get a short 400 here, before Remix, with these headers.
 */
export function refuseLegacyDataRequests(headers: Record<string, string>): RequestHandler {
  return function refuseLegacyDataRequest(req, res, next) {
    if (!isLegacyDataRequest(req.originalUrl)) return next();
    if (!WITHOUT_BODY.has(req.method)) leaveBodyUnread(req);
    void languageOf(req).then((language) =>
      answerText(res, 400, translations[language].errors.legacyDataRequest, headers),
    );
  };
}

/** Whether a request target has a `_data` parameter, as Remix reads it (decoded, even empty). */
export function isLegacyDataRequest(target: string): boolean {
  const query = target.indexOf("?");
  return query !== -1 && new URLSearchParams(target.slice(query + 1)).has("_data");
}

/**
 * Reads the body of every state-changing request into memory, counting bytes as they arrive
 * (chunked bodies have no Content-Length to trust): past the path's limit the answer is 413, and
 * the rest is dropped. A form body is then checked against FORM_BOUNDS (400) before Remix and
 * conform parse it.
 */
export const readBoundedBody: RequestHandler = (req, res, next) => {
  if (WITHOUT_BODY.has(req.method)) return next();
  const limit = maxBodyBytes(req.path);
  const chunks: Buffer[] = [];
  let received = 0;
  let tooLarge = false;
  let finished = false;

  const refuseTooLarge = async (closing: boolean) => {
    const language = await languageOf(req);
    answerText(
      res,
      413,
      translations[language].errors.tooLarge,
      closing ? { Connection: "close" } : {},
    );
  };

  req.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (!tooLarge && received > limit) {
      tooLarge = true;
      chunks.length = 0; // nothing past the limit is kept
    }
    if (!tooLarge) return void chunks.push(chunk);
    // A client still sending is read to the end (so that it sees the answer, not a broken pipe),
    // but not without end: past the cap it is answered and the connection closed, lingering.
    if (received > limit + DRAIN_CAP_BYTES && !finished) {
      finished = true;
      lingerOnClose(req.socket);
      void refuseTooLarge(true);
    }
  });
  req.on("error", () => {
    finished = true;
  });
  req.on("aborted", () => {
    finished = true;
  });
  req.on("end", () => {
    if (finished) return;
    finished = true;
    if (tooLarge) return void refuseTooLarge(false);
    const body = Buffer.concat(chunks, received);
    (req as WithBody).samskapaBody = body;
    const problem = formProblem(req, body);
    if (!problem) return next();
    log.warn(
      { requestId: res.locals.requestId, path: req.path, problem },
      "form refused before parsing",
    );
    void languageOf(req).then((language) =>
      answerText(res, 400, translations[language].errors.badForm),
    );
  });
};

/** The body readBoundedBody read (undefined for a request without one). */
export function bodyOf(req: IncomingMessage): Buffer | undefined {
  return (req as WithBody).samskapaBody;
}

/**
 * Closing a connection while the client's bytes are still unread makes the kernel send a reset,
 * which can overtake the answer: the client sees a broken pipe instead of the 413. So when Node
 * closes this connection after the answer, it only ends our side (the client reads the answer and
 * stops sending), keeps discarding what still arrives — or, with `unread`, stops reading — and
 * cuts it off after LINGER_MS at most.
 */
const LINGER_MS = 1_000;
function lingerOnClose(socket: Socket, { unread = false } = {}) {
  socket.destroySoon = function lingeringClose(this: Socket) {
    this.end();
    // Node reads a body nobody read to its end once the answer is sent: its request's _dump(), just
    // before this is called, resumes the socket a tick or two later. It is paused again as it
    // resumes, before any I/O (a pause on setImmediate came after a poll, which reads up to
    // 32 × 64 KB at once: a loaded machine read whole bodies meant to stay unread).
    if (unread) this.once("resume", () => this.pause());
    const cutOff = setTimeout(() => this.destroy(), LINGER_MS);
    cutOff.unref();
    this.once("close", () => clearTimeout(cutOff));
  };
}

/** Reads a form's field names (linear, no values for multipart) and checks them; "malformed" when it cannot be read. */
function formProblem(req: ExpressRequest, body: Buffer): string | null {
  const header = req.get("content-type") ?? "";
  const type = header.toLowerCase(); // for comparing only: a multipart boundary is case-sensitive
  if (
    !type.startsWith("application/x-www-form-urlencoded") &&
    !type.startsWith("multipart/form-data")
  )
    return null;
  if (body.length === 0) return null;
  if (type.startsWith("application/x-www-form-urlencoded")) {
    // Counting separators first keeps a body of 100,000 tiny fields as cheap as one of ten.
    let separators = 0;
    for (let at = body.indexOf(38); at !== -1; at = body.indexOf(38, at + 1)) {
      if (++separators >= FORM_BOUNDS.maxFields) return "too-many-fields";
    }
    return formBoundsProblem(new URLSearchParams(body.toString("utf8")));
  }
  const names = multipartFieldNames(body, header);
  if (!names) return "malformed";
  return formBoundsProblem(names.map((name): [string, unknown] => [name, undefined]));
}

/**
 * Remix's Express adapter, with two changes: the body is the one readBoundedBody already read, and
 * Remix's headers replace those set before (not appended: a route's own Referrer-Policy wins, and no
 * header is sent twice); Set-Cookie is the one header that may repeat.
 */
export function remixHandler(options: {
  build: ServerBuild | (() => ServerBuild);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}): RequestHandler {
  let handle: ReturnType<typeof createRemixRequestHandler> | undefined;
  const handler = () => (handle ??= createRemixRequestHandler(options.build, options.mode));
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = remixRequest(req, res);
      const response = await handler()(request, options.getLoadContext(req, res));
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** An Express request's headers as Fetch Headers. */
function headersOf(req: ExpressRequest): Headers {
  // (@remix-run/express has createRemixHeaders, but its types do not export it.)
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

/**
 * A body-less Fetch Request for an answer given before Remix that needs what the routes' helpers
 * read from a Request (the person's language for a 429).
 */
export function fetchRequestOf(req: ExpressRequest): Request {
  return new Request(new URL(req.originalUrl, "http://localhost"), { headers: headersOf(req) });
}

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const host = req.get("x-forwarded-host") ?? req.get("host") ?? "localhost";
  const port = host.split(":")[1];
  const url = new URL(
    `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`,
  );
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit = {
    method: req.method,
    headers: headersOf(req),
    signal: controller.signal,
  };
  // readBoundedBody has read every body this far (it runs for every method that has one).
  const body = bodyOf(req);
  // Given as a stream of one chunk: undici copies a Uint8Array body on construction and again when
  // it is read (~7 + 15 ms for a 2 MB photo upload); a stream hands the same bytes over in ~1 ms.
  if (body) {
    init.body = bodyStream(body);
    (init as RequestInit & { duplex: "half" }).duplex = "half";
  }
  return new Request(url.href, init);
}

/** Writes a Fetch Response (status, headers with every Set-Cookie, body) to an Express answer. */
export async function sendResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  let type: string | undefined;
  let encoding: string | undefined;
  let cacheControl: string | undefined;
  let cookies = false;
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") {
      cookies = true;
      continue;
    }
    res.setHeader(key, value);
    if (key === "content-type") type = value;
    else if (key === "content-encoding") encoding = value;
    else if (key === "cache-control") cacheControl = value;
  }
  // Express's append sets a first cookie once (Node's appendHeader checked it, then setHeader again).
  if (cookies)
    for (const cookie of response.headers.getSetCookie()) res.append("Set-Cookie", cookie);
  if (type && /text\/event-stream/i.test(type)) res.flushHeaders();
  if (response.body && isCompressibleAnswer(type, encoding, cacheControl)) {
    res.vary("Accept-Encoding");
    if (acceptsGzip(res.req.get("accept-encoding"))) return writeGzipped(response.body, res);
  }
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * Refused bodies read (and dropped) at once. A browser that gets its answer before it has sent its
 * whole upload may only look at it once the upload is done, so a refusal's body is read to the end —
 * but not for many at once: forty parallel 2 MB uploads refused at the door (issue 12's hostile
 * bench) had the one thread reading and dropping 78 MB, ~250 ms of its time in stretches of up
 * to 125 ms during which no request was answered. Past this many, a refused body is left unread.
 */
export const REFUSED_BODIES_DRAINED_AT_ONCE = 2;
let refusedBodiesDraining = 0;

/**
 * An answer given before the request's body is read (a refusal at a door). Up to
 * REFUSED_BODIES_DRAINED_AT_ONCE at once, what still arrives is discarded; beyond that the body is
 * left unread: Node stops reading the socket once 16 KB wait, and again after the answer (see
 * lingerOnClose), and the kernel's flow control then holds the sender back at no cost to this
 * process. Either way the connection, closed after the answer, lingers so that the client can
 * read the answer before the close (which, for a body left unread, is a reset).
 */
export function answerUnread(req: ExpressRequest, res: ExpressResponse, response: Response) {
  leaveBodyUnread(req);
  return sendResponse(res, response);
}

/** A body answered before it was read: dropped or left unread as answerUnread says. */
function leaveBodyUnread(req: IncomingMessage) {
  if (refusedBodiesDraining < REFUSED_BODIES_DRAINED_AT_ONCE) {
    refusedBodiesDraining += 1;
    req.socket.once("close", () => (refusedBodiesDraining -= 1));
    req.resume();
    lingerOnClose(req.socket);
  } else {
    lingerOnClose(req.socket, { unread: true });
  }
}

/** The last word on any error: logged with its request id, answered without a stack or a path. */
export const answerErrors: ErrorRequestHandler = (error, req, res, _next) => {
  const status =
    typeof error?.status === "number" && error.status >= 400 && error.status < 500
      ? error.status
      : 500;
  if (status === 500)
    log.error(
      { err: error, requestId: res.locals.requestId, method: req.method, path: req.path },
      "request failed",
    );
  void languageOf(req).then(
    (language) => {
      const messages = translations[language].errors;
      answerText(res, status, status === 500 ? messages.server.title : messages.badRequest.title);
    },
    () => answerText(res, status, "Error"),
  );
};
