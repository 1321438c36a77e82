// The body the server already read (readBoundedBody in app/utils/http.server.ts), found again from
// the Fetch Request that Remix hands a route: Remix's single fetch builds new Request objects, but
// they keep the very same body stream, so the stream is the key. A route that parses the body
// itself (multipart.server.ts) then reads the bytes in place instead of through the stream.
const rawBodies = new WeakMap<ReadableStream<Uint8Array>, Buffer>();

/** A one-chunk stream of `body` for a Fetch Request, remembered as that body's stream. */
export function bodyStream(body: Buffer): ReadableStream<Uint8Array> {
  const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
  rawBodies.set(stream, body);
  return stream;
}

/** The bytes of a request's body as the server read them, if it was given by bodyStream. */
export function rawBodyOf(request: Request): Buffer | undefined {
  return request.body ? rawBodies.get(request.body) : undefined;
}
