// The photo-decoding child process (docs/decisions/018): started by the server under `nice`, so
// that a 40-megapixel decode (about a second of a core) never wins the CPU over a request. It only
// decodes: no database, no configuration — the limits and the queue stay with the server
// (photos.server.ts), which sends at most PHOTO_PIPELINES photos here at once.
import {
  decodeAndEncode,
  type PhotoRejection,
  type ProcessedPhoto,
} from "~/services/photo-codec.server";

export type PhotoDecodeRequest = { id: number; input: Uint8Array };
export type PhotoDecodeReply = { id: number; result: ProcessedPhoto | PhotoRejection };

const send = (reply: PhotoDecodeReply) => process.send!(reply);

process.on("message", ({ id, input }: PhotoDecodeRequest) => {
  decodeAndEncode(input).then(
    (result) => send({ id, result }),
    // decodeAndEncode answers every bad file itself; anything else is still an upload we cannot use.
    () => send({ id, result: { ok: false, reason: "not-an-image" } }),
  );
});

// The server is gone (stopped, crashed or killed): no decoding is left to do for anyone.
process.on("disconnect", () => process.exit(0));
