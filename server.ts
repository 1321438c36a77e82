// The HTTP server: Express in front of the Remix build. Validates the configuration, migrates and
// (for an empty database) seeds, then serves on PORT. `npm start` and `npm run dev` both end here.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { seedDemoIfEmpty, DEMO_ACCOUNTS, DEMO_PASSWORD } from "./db/seed";
import { getDb } from "./app/utils/db.server";
import { ConfigError, env } from "./app/utils/env.server";
import {
  checkFormContentType,
  isCrossSiteWrite,
  newNonce,
  securityHeaders,
  securityHeadersWithNonce,
} from "./app/utils/security.server";
import {
  answerErrors,
  bodyOf,
  fetchRequestOf,
  readBoundedBody,
  refuseLegacyDataRequests,
  refuseUnknownMethods,
  remixHandler,
  sendResponse,
  answerUnread,
} from "./app/utils/http.server";
import {
  languageFromAcceptLanguage,
  rememberLanguageHeader,
  rememberedLanguageHeader,
  translations,
} from "./app/utils/locale.server";
import {
  mapIndexOrigin,
  preloadMapIndexSnapshot,
  saveMapIndexSnapshot,
  warmMapIndex,
} from "./app/services/map-index.server";
import { snapshotPathFor as mapIndexSnapshotPath } from "./app/services/map-index-snapshot.server";
import { startSimilarityWorker } from "./app/services/similarity-worker.server";
import { startPhotoWorker, stopPhotoWorker } from "./app/services/photo-worker.server";
import { answerSupportForm } from "./app/services/supports.server";
import { admitNewIdeaUpload } from "./app/services/new-idea.server";
import type { PhotoAdmission } from "./app/services/photos.server";
import { acceptsGzip } from "./app/utils/compress.server";
import { flushRequestLog, log, logRequest, newRequestId, pathOfUrl } from "./app/utils/log.server";
import { startScheduledBackups } from "./app/services/backups.server";
import { startExpiredSessionSweep } from "./app/models/sessions.server";
import { handleWorkshopEvents } from "./app/services/workshop-events-route.server";
import { answerMapQuestion } from "./app/services/map-answer.server";
import { answerSimilarQuestion } from "./app/services/similar-answer.server";
import { answerHealth, watchEventLoop } from "./app/services/health.server";
import { answerTileRequest, describeTileSource } from "./app/services/tiles.server";
import { TileFileError } from "./app/models/mbtiles.server";
import { codeGuessRefusal, tooManyCodeGuesses } from "./app/utils/workshop.server";

const BUILD_PATH = path.resolve("build/index.js");
const isDevServer =
  process.env.NODE_ENV === "development" && process.env.REMIX_DEV_ORIGIN !== undefined;

function loadConfig() {
  try {
    const config = env();
    console.log(describeTileSource()); // opens MAP_TILES_FILE: a file that is not one stops here
    return config;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TileFileError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG: a supervisor should not restart in a loop
    }
    throw error;
  }
}

async function importBuild(): Promise<ServerBuild> {
  const stamp = fs.statSync(BUILD_PATH).mtimeMs;
  return (await import(`${pathToFileURL(BUILD_PATH).href}?t=${stamp}`)) as ServerBuild;
}

async function main() {
  const config = loadConfig();
  // The map index's snapshot is read from disk while the server migrates and loads its build;
  // whether it is used is decided after listen (warmMapIndex, decision 022).
  const mapIndexSnapshot = mapIndexSnapshotPath(config.DATABASE_PATH);
  preloadMapIndexSnapshot(mapIndexSnapshot);
  const db = getDb(); // opens and migrates
  const seeded = config.SEED_DEMO ? seedDemoIfEmpty(db) : false;
  // Expired sessions go now and every hour (their hashes would otherwise stay for ever).
  startExpiredSessionSweep(3_600_000, ({ deleted, error }) => {
    if (error) log.error({ err: error }, "expired-session sweep failed");
    else if (deleted) log.info({ deleted }, "expired sessions deleted");
  });
  if (config.backups) {
    startScheduledBackups(db, config.backups, (event) =>
      event.ok
        ? log.info(
            {
              file: event.result?.file,
              bytes: event.result?.bytes,
              ms: event.result?.ms,
              removed: event.removed,
            },
            "backup done",
          )
        : log.error({ err: event.error }, "backup failed"),
    );
    log.info(config.backups, "scheduled backups on");
  }
  // Similar-ideas look-ups in a worker thread, when running compiled (the worker is a file of the
  // build; under tsx they run on this thread).
  const similarityWorker = fileURLToPath(
    new URL("./app/workers/similarity.worker.js", import.meta.url),
  );
  if (fs.existsSync(similarityWorker)) startSimilarityWorker(similarityWorker);
  // Photos are decoded in a child process under `nice` when running compiled, so that a decode never
  // wins a core over a request (docs/decisions/018); under tsx they are decoded in this process.
  const photoWorker = fileURLToPath(new URL("./app/workers/photo.worker.js", import.meta.url));
  if (fs.existsSync(photoWorker)) startPhotoWorker(photoWorker);
  (await import("./app/services/mail-outbox.server")).startMailWorker(); // sends queued e-mail, pending rows from before a restart first
  (await import("./app/services/notify.server")).startNotificationMailer(); // notifications to e-mail: at once, or the daily digest

  let build = await importBuild();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  watchEventLoop();
  const apiHeaders = securityHeaders({
    nonce: newNonce(),
    production: config.isProduction,
    dev: isDevServer,
  });

  // The health probe is polled often: answered first, by the same function as its route.
  app.get("/healthz", function answerHealthProbe(req, res) {
    const reply = answerHealth("verbose" in req.query);
    res.status(reply.status).set(reply.headers).end(reply.body);
  });

  // A request id (from the proxy, or new) ties the log line, the response and any error together.
  /** A response's log line as it finishes: one listener for all (no closure per request). A map
   *  view asks for dozens of tiles: those answered are logged only at debug level (logRequest). */
  function logRequestLine(this: express.Response) {
    const { requestId, url, startedAt } = this.locals;
    logRequest(requestId, this.req.method, pathOfUrl(url), this.statusCode, startedAt);
  }
  app.use(function requestIdAndLog(req, res, next) {
    const incoming = req.headers["x-request-id"];
    const requestId =
      typeof incoming === "string" && /^[\w.-]{1,100}$/.test(incoming) ? incoming : newRequestId();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    res.locals.startedAt = Date.now();
    // The address as asked: req.path at the end would be what a mounted handler saw (/build's
    // files were logged without their /build).
    res.locals.url = req.originalUrl;
    res.on("finish", logRequestLine);
    next();
  });

  // `?_data=` (Remix v1's data protocol) is refused before any other path, fast ones included, so
  // that Remix never logs it as an error; plain text, so the headers made at start fit it.
  app.use(refuseLegacyDataRequests(apiHeaders));

  // The map's answers, the hottest read, skip Remix's per-request work (Fetch Request and Response,
  // route matching) and come from the very function the route calls (docs/decisions/010). A GET
  // needs none of the checks of writes below; its answer is compressed already (or tiny) and is
  // never HTML, so it takes the security headers made once at start, with no nonce per request.
  app.get("/api/map", function answerMapFastPath(req, res, next) {
    const url = new URL(req.originalUrl, "http://localhost");
    answerMapQuestion({
      params: url.searchParams,
      ifNoneMatch: req.get("if-none-match") ?? null,
      acceptsGzip: acceptsGzip(req.get("accept-encoding")),
      clientIp: req.ip ?? "unknown",
      request: () => fetchRequestOf(req),
    }).then((reply) => {
      res.status(reply.status).set(apiHeaders).set(reply.headers);
      if (reply.body === null) res.end();
      else if (typeof reply.body === "string") res.end(reply.body);
      else res.end(Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength));
    }, next);
  });

  // Similar ideas while a person types: asked at every pause, answered by the route's own function.
  app.get("/api/ideas/similar", function answerSimilarFastPath(req, res, next) {
    answerSimilarQuestion({
      params: new URL(req.originalUrl, "http://localhost").searchParams,
      clientIp: req.ip ?? "unknown",
      request: () => fetchRequestOf(req),
    }).then((reply) => {
      res.status(reply.status).set(apiHeaders).set(reply.headers).end(reply.body);
    }, next);
  });

  // Map tiles are many small reads on every map: answered here too, by the route's own function,
  // and not compressed again (images are; gzipped vector tiles say so themselves).
  app.get("/tiles/:z/:x/:file", (req, res, next) => {
    answerTileRequest({
      z: req.params.z,
      x: req.params.x,
      file: req.params.file,
      ifNoneMatch: req.get("if-none-match") ?? null,
      acceptsGzip: acceptsGzip(req.get("accept-encoding")),
      request: () => fetchRequestOf(req),
    }).then((reply) => {
      res.status(reply.status).set(apiHeaders).set(reply.headers);
      if (reply.body === null) res.end();
      else res.end(reply.body);
    }, next);
  });

  // Made once; per answer only the nonce changes (a page's fixed cost, issue 14).
  const setPageSecurityHeaders = securityHeadersWithNonce({
    production: config.isProduction,
    dev: isDevServer,
  });
  app.use(function cspNonceAndSecurityHeaders(req, res, next) {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    setPageSecurityHeaders(res, nonce);
    next();
  });

  app.use(refuseUnknownMethods);

  app.use(function refuseCrossSiteWrites(req, res, next) {
    if (isCrossSiteWrite(req.method, req.headers.origin, req.headers.host)) {
      res.status(403).type("text/plain").send("Cross-site request refused");
      return;
    }
    next();
  });

  app.use(function checkBodyType(req, res, next) {
    const verdict = checkFormContentType(req.method, req.headers["content-type"]);
    if (verdict === "no-type") req.headers["content-type"] = "application/x-www-form-urlencoded";
    if (verdict !== "unsupported") return next();
    const language = languageFromAcceptLanguage(req.get("accept-language") ?? null) ?? "sv";
    req.resume(); // drop the body, then answer
    req.on("end", () =>
      res.status(415).type("text/plain").send(translations[language].errors.unsupportedType),
    );
  });

  // A new idea with a photo is counted against its person's limits from its headers, and refused
  // unread past them or when the photo queue is full (issue 12); the action gets the admission.
  app.post("/ideas/new", function admitPhotoUpload(req, res, next) {
    admitNewIdeaUpload({
      contentType: req.get("content-type"),
      contentLength: req.get("content-length"),
      request: () => fetchRequestOf(req),
    }).then((door) => {
      if (door === null) return next();
      if ("refusal" in door) return answerUnread(req, res, door.refusal);
      res.locals.photoAdmission = door.admission;
      res.on("close", door.admission.release);
      next();
    }, next);
  });

  // Every body is read here with a byte count (413 past the path's limit, whatever the framing)
  // and a form is bounded before any parser sees it (400): see app/utils/http.server.ts.
  app.use(readBoundedBody);

  // Live workshop events are served by Node directly, so that a screen that goes away is noticed
  // at once (docs/decisions/008).
  app.get("/api/workshops/:code/events", (req, res) => {
    const last = typeof req.query.lastEventId === "string" ? req.query.lastEventId : undefined;
    handleWorkshopEvents(req.params.code, req, res, last);
  });

  // Fingerprinted build assets are immutable; other public files may change between releases.
  // Remix's answers are compressed by sendResponse (app/utils/compress.server.ts); the compression
  // middleware, which wraps every answer it sees, is for the build's scripts and styles alone.
  app.use(
    "/build",
    compression(),
    express.static("public/build", { immutable: true, maxAge: "1y" }),
  );
  // Other public files (the favicon): only their addresses reach express.static, which would
  // otherwise ask the disk about every page's address first (a stat on the thread pool per page).
  // Their names are read at start; the build has its mount above.
  const publicNames = new Set(fs.readdirSync("public").filter((name) => name !== "build"));
  const servePublic = express.static("public", { maxAge: "1h" });
  app.use(function publicFiles(req, res, next) {
    const name = req.path.split("/", 2)[1];
    if (publicNames.has(name)) return servePublic(req, res, next);
    next();
  });

  // ?lang= is remembered on every answer Remix gives, redirects included (a loader's redirect never
  // reaches entry.server).
  app.use(function rememberLanguage(req, res, next) {
    const lang = req.query.lang;
    if (lang === undefined) return next();
    // Made at most once a second: mostly known already, and then no promise to wait for. The
    // answer's first cookie (no middleware before this one sets any; Remix's are appended by
    // sendResponse): set, not appended — Express's res.append reads the header back and goes
    // through res.set, ~5 µs of a page in the profile (issue 14).
    const made = rememberedLanguageHeader(lang);
    if (made !== undefined) {
      if (made) res.setHeader("Set-Cookie", made);
      return next();
    }
    rememberLanguageHeader(lang).then((cookie) => {
      if (cookie) res.setHeader("Set-Cookie", cookie);
      next();
    }, next);
  });

  // The support button's plain form, the commonest write, is answered here by the service the idea
  // page's action uses (the same 303, or JSON for the button's script); anything else about it
  // falls through to that action.
  app.post("/ideas/:id", function answerSupportFastPath(req, res, next) {
    answerSupportForm({
      ideaId: req.params.id,
      body: bodyOf(req),
      contentType: req.get("content-type"),
      accept: req.get("accept"),
      request: () => fetchRequestOf(req),
    }).then((response) => (response ? sendResponse(res, response) : next()), next);
  });

  // An address past its code-guess limit asking for a code that names no workshop gets the short
  // 429 text here, not a page rendered by Remix (the same answer the route gives; issue 12).
  app.get(["/w/:code", "/w/:code/screen"], function refuseCodeGuesses(req, res, next) {
    const seconds = codeGuessRefusal(req.params.code, req.ip ?? "unknown");
    if (seconds === 0) return next();
    tooManyCodeGuesses(fetchRequestOf(req), seconds)
      .then((response) => sendResponse(res, response))
      .catch(next);
  });

  const getLoadContext = (req: express.Request, res: express.Response) => ({
    clientIp: req.ip ?? "unknown",
    cspNonce: String(res.locals.cspNonce ?? ""),
    photoAdmission: res.locals.photoAdmission as PhotoAdmission | undefined,
  });
  if (isDevServer) {
    app.all("*", (req, res, next) =>
      remixHandler({ build, mode: "development", getLoadContext })(req, res, next),
    );
  } else {
    app.all("*", remixHandler({ build, mode: "production", getLoadContext }));
  }
  app.use(answerErrors);

  const server = app.listen(config.PORT, () => {
    console.log(
      `Samskapa Borås is listening on ${config.PUBLIC_URL} (database: ${config.DATABASE_PATH})`,
    );
    log.info({ port: config.PORT, database: config.DATABASE_PATH }, "listening");
    // In production demo accounts cannot sign in (models/users), so their password is not advertised.
    if (config.isProduction && hasDemoAccounts(db))
      log.warn("demo accounts exist; they cannot sign in in production");
    else if (seeded || hasDemoAccounts(db)) printDemoAccounts();
    if (isDevServer) broadcastDevReady(build);
    // Built a slice at a time after listen: pages answer at once, map answers wait until it is ready.
    // Read from its snapshot beside the database instead when that shows the database as it is
    // (decision 022).
    const started = performance.now();
    warmMapIndex({ snapshot: mapIndexSnapshot }).then(
      () =>
        console.log(
          `Map index ready in ${Math.round(performance.now() - started)} ms (${mapIndexOrigin() ?? "dropped"})`,
        ),
      (error: unknown) => log.error({ err: error }, "map index build failed"),
    );
  });

  // Slow clients may not hold a request open without end (the event streams are responses, which
  // these limits do not cut).
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 65_000;

  if (isDevServer) {
    let timer: NodeJS.Timeout | undefined;
    fs.watch(path.dirname(BUILD_PATH), () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        build = await importBuild();
        broadcastDevReady(build);
      }, 100);
    });
  }

  // Graceful shutdown: stop accepting, let requests in flight finish (long-lived event streams
  // are ended), close the database, exit 0; if that takes over 10 s, exit 1 for the supervisor.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down: finishing requests in flight, then closing the database");
    server.close(() => {
      stopPhotoWorker(); // after the requests in flight, whose photos it may still be decoding
      // The index as it is now, for the next start to read instead of building (decision 022).
      void saveMapIndexSnapshot().finally(() => {
        db.close();
        flushRequestLog();
        log.info("stopped");
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

function hasDemoAccounts(db: ReturnType<typeof getDb>) {
  return Boolean(
    db.prepare("SELECT 1 FROM users WHERE is_demo = 1 AND password_hash IS NOT NULL LIMIT 1").get(),
  );
}

function printDemoAccounts() {
  console.log("Demo accounts (demo data only), password for all: " + DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(11)} ${account.email}`);
}

main().catch((error) => {
  log.fatal({ err: error }, "could not start");
  process.exit(1);
});
