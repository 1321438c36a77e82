// GET /photos/:name: a stored photo of an idea (see app/services/photos.server.ts).
//
// A photo is public only while its idea is: once the idea is hidden, held for review or merged
// away, only moderators get it (everyone else a 404, as for the idea itself). So it is never
// cached as immutable: a public answer may be reused for five minutes, then the browser or proxy
// asks again (a 304 while still public). The name is validated strictly before it touches the
// file system, so nothing outside photos/ is reachable. X-Content-Type-Options comes from the
// Express layer, as for every answer; setting it here as well sent it twice.
import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { photoAudience } from "~/models/moderation.server";
import { photoFilePath } from "~/services/photos.server";
import { getUser } from "~/utils/auth.server";

const PUBLIC_CACHE = "public, max-age=300, must-revalidate";
const MODERATOR_CACHE = "private, no-cache";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const name = params.name ?? "";
  const file = photoFilePath(name);
  if (!file) return notFound();
  const audience = photoAudience(name);
  if (audience === "nobody") return notFound();
  if (audience === "moderators") {
    const user = await getUser(request);
    if (!user || (user.role !== "moderator" && user.role !== "admin")) return notFound();
  }
  const cacheControl = audience === "everyone" ? PUBLIC_CACHE : MODERATOR_CACHE;
  // A name is never reused for other bytes, so the name itself is a strong validator.
  const etag = `"${name.slice(0, 32)}"`;
  if (ifNoneMatch(request.headers.get("If-None-Match"), etag)) {
    return new Response(null, {
      status: 304,
      headers: { ETag: etag, "Cache-Control": cacheControl },
    });
  }
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return notFound();
    throw error;
  }
  let size: number;
  try {
    ({ size } = await handle.stat());
  } catch (error) {
    await handle.close();
    throw error;
  }
  // The stream closes the handle when it ends or is abandoned.
  const body = createReadableStreamFromReadable(handle.createReadStream());
  return new Response(body, {
    headers: {
      "Content-Type": "image/webp",
      "Content-Length": String(size),
      "Cache-Control": cacheControl,
      ETag: etag,
    },
  });
}

function ifNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === `W/${etag}`;
  });
}

function notFound() {
  return new Response("Not found", {
    status: 404,
    headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
  });
}
