import { describe, expect, it } from "vitest";
import { multipartFormData } from "~/utils/multipart.server";
import {
  newIdeaMultipart,
  SENDER_NICENESS,
  senderCommand,
} from "../../../scripts/bench/hostile-send";

describe("the hostile bench's sender", () => {
  it("starts the sender script with the same node and loader, under nice 19", () => {
    const execArgv = ["--require", "/x/tsx/preflight.cjs", "--import", "file:///x/tsx/loader.mjs"];
    expect(SENDER_NICENESS).toBe(19);
    expect(
      senderCommand("/repo/scripts/bench/hostile-sender.ts", {
        execPath: "/usr/bin/node",
        execArgv,
        withNice: true,
      }),
    ).toEqual({
      command: "nice",
      args: ["-n", "19", "/usr/bin/node", ...execArgv, "/repo/scripts/bench/hostile-sender.ts"],
    });
    expect(
      senderCommand("/s.ts", { execPath: "/usr/bin/node", execArgv, withNice: false }),
    ).toEqual({ command: "/usr/bin/node", args: [...execArgv, "/s.ts"] });
  });

  it("builds a new-idea upload that the app reads as the form with the photo's very bytes", async () => {
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, 0xd9]);
    const { body, contentType } = newIdeaMultipart(photo, 3);
    const form = multipartFormData(body, contentType);
    expect(form).not.toBeNull();
    expect(form!.get("title")).toBe("Ny cykelbana vid Viskan 3");
    expect(form!.get("focusArea")).toBe("mobility");
    expect(Number(form!.get("lat"))).toBeCloseTo(57.724, 6);
    const file = form!.get("photo") as File;
    expect(file.name).toBe("viskan.jpg");
    expect(file.type).toBe("image/jpeg");
    expect(Buffer.from(await file.arrayBuffer())).toEqual(photo);
  });
});
