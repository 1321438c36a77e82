// The sender of the hostile bench's photo uploads, a process of its own under `nice -n 19`, started
// by scripts/bench/hostile.ts. Forty 2 MB uploads pushed through loopback as fast as the kernel takes
// them cost CPU in the sender (its writes, the kernel's copying): sent from the bench process, that
// work shared the bench's cores and process with the /healthz poller, and a slow poll could be the
// sender's rather than the server's. A remote client's bytes cost none of our cores; a sender that
// yields every core comes closest to that on one machine.
//
// Over its IPC channel: {kind: "prepare", job} → builds the bodies, answers {kind: "ready", nice};
// {kind: "go"} → sends them all, answers {kind: "answers", answers}; it exits when the channel closes.
import fs from "node:fs";
import os from "node:os";
import { inParallel, newIdeaMultipart, send, SENDER_NICENESS, type Answer } from "./hostile-send";

export type SenderJob = {
  baseUrl: string;
  address: string;
  cookie: string;
  /** the JPEG of every upload */
  photoFile: string;
  count: number;
  concurrency: number;
};

export type ToSender = { kind: "prepare"; job: SenderJob } | { kind: "go" };
export type FromSender =
  | { kind: "ready"; nice: number }
  | { kind: "answers"; answers: Answer[] }
  | { kind: "failed"; message: string };

function reply(message: FromSender) {
  process.send?.(message);
}

function lowerOwnPriority(): number {
  try {
    if (os.getPriority() < SENDER_NICENESS) os.setPriority(SENDER_NICENESS);
  } catch {
    // kept as it is: the figures then say so (the "ready" message carries the niceness)
  }
  return os.getPriority();
}

if (process.send) {
  let job: SenderJob | undefined;
  let uploads: { body: Buffer; contentType: string }[] = [];
  process.on("message", (message: ToSender) => {
    try {
      if (message.kind === "prepare") {
        job = message.job;
        const photo = fs.readFileSync(job.photoFile);
        uploads = Array.from({ length: job.count }, (_, n) => newIdeaMultipart(photo, n));
        reply({ kind: "ready", nice: lowerOwnPriority() });
      } else if (message.kind === "go" && job) {
        const { baseUrl, address, cookie, count, concurrency } = job;
        void inParallel(count, concurrency, (n) =>
          send(baseUrl, {
            method: "POST",
            path: "/ideas/new",
            address,
            headers: { "Content-Type": uploads[n].contentType, Cookie: cookie },
            body: uploads[n].body,
          }),
        ).then((answers) => reply({ kind: "answers", answers }));
      }
    } catch (error) {
      reply({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  });
  process.on("disconnect", () => process.exit(0));
}
