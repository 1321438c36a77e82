// GET /photos/:name: a stored photo of an idea (see app/services/photos.server.ts).
//
// No visibility check here, on purpose: the idea page decides whether a person may see an idea
// and only then links its photo. A photo's name is 128 random bits chosen by the server, so it
// cannot be guessed or enumerated; only someone who was shown the idea can know it. The name is
// validated strictly before it touches the file system, so nothing outside photos/ is reachable.
import fs from "node:fs";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { photoFilePath } from "~/services/photos.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const file = photoFilePath(params.name ?? "");
  if (!file) return notFound();
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
      // A name is never reused for other bytes: a new photo gets a new name.
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function notFound() {
  return new Response("Not found", {
    status: 404,
    headers: {
      "Content-Type": "text/plain",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
