import { describe, expect, it } from "vitest";
import { JoinSchema, ResetPasswordSchema } from "~/domain/account-schemas";
import { parseWithZod } from "@conform-to/zod";
import { IdeaActionSchema, NewIdeaSchema } from "~/domain/idea-schemas";
import { findPlace } from "~/domain/places";
import { ParticipantActionSchema, WorkshopControlSchema } from "~/domain/workshop-schemas";

const valid = {
  title: "Cykelbana längs Viskan",
  body: "En säker cykelbana längs Viskan hela vägen till Sjöbo.",
  focusArea: "mobility",
  lat: 57.73,
  lng: 12.935,
};

function errorsOf(result: {
  success: boolean;
  error?: { issues: { path: (string | number)[]; message: string }[] };
}) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
}

describe("NewIdeaSchema", () => {
  it("accepts an idea in Borås", () => {
    expect(NewIdeaSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    [{ lat: 57.7089, lng: 11.9746 }, "lat", "validation.placeOutsideBoras"],
    [{ lat: Number.NaN }, "lat", "validation.placeInvalid"],
    [{ lng: Number.POSITIVE_INFINITY }, "lng", "validation.placeInvalid"],
    [{ lat: 91 }, "lat", "validation.placeInvalid"],
    [{ title: "ab" }, "title", "validation.titleTooShort"],
    [{ title: "x".repeat(121) }, "title", "validation.titleTooLong"],
    [{ body: "kort" }, "body", "validation.bodyTooShort"],
    [{ body: "x".repeat(2_000_000) }, "body", "validation.bodyTooLong"],
    [{ focusArea: "cars" }, "focusArea", "validation.focusAreaInvalid"],
    [{ focusArea: undefined }, "focusArea", "validation.focusAreaRequired"],
    [{ website: "http://spam.example" }, "website", "validation.honeypot"],
  ])("refuses case %# with a message on %s", (change, field, message) => {
    expect(errorsOf(NewIdeaSchema.safeParse({ ...valid, ...change }))[field]).toBe(message);
  });

  it("keeps HTML as typed (it is escaped when shown, not rewritten)", () => {
    const parsed = NewIdeaSchema.parse({ ...valid, title: "<script>alert(1)</script>" });
    expect(parsed.title).toBe("<script>alert(1)</script>");
  });
});

describe("a place from the list, without JavaScript (placeId)", () => {
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.append(name, value);
    return data;
  };
  const text = { title: valid.title, body: valid.body, focusArea: "mobility" };
  const torget = findPlace("stora-torget")!;

  it("gives the idea the listed place's coordinates when none were typed", () => {
    const submission = parseWithZod(form({ ...text, placeId: "stora-torget", lat: "", lng: "" }), {
      schema: NewIdeaSchema,
    });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && [submission.value.lat, submission.value.lng]).toEqual(
      [torget.lat, torget.lng],
    );
  });

  it("lets typed coordinates win over the list", () => {
    const submission = parseWithZod(
      form({ ...text, placeId: "stora-torget", lat: "57.75", lng: "12.9" }),
      { schema: NewIdeaSchema },
    );
    expect(submission.status === "success" && [submission.value.lat, submission.value.lng]).toEqual(
      [57.75, 12.9],
    );
  });

  it("still asks for a place when the list was left on its first line or names no place", () => {
    for (const placeId of ["", "no-such-place", "__proto__", "constructor"]) {
      const submission = parseWithZod(form({ ...text, placeId }), { schema: NewIdeaSchema });
      expect(submission.status).toBe("error");
      expect(submission.reply().error?.lat).toEqual(["validation.placeRequired"]);
    }
  });

  it("works for a phone's idea in a workshop and a facilitator's sticky note", () => {
    const phone = parseWithZod(
      form({ intent: "idea", title: valid.title, body: valid.body, placeId: "stora-torget" }),
      { schema: ParticipantActionSchema },
    );
    expect(phone.status === "success" && phone.value.intent === "idea" && phone.value.lat).toBe(
      torget.lat,
    );
    const note = parseWithZod(
      form({ intent: "capture", title: valid.title, body: valid.body, placeId: "stora-torget" }),
      { schema: WorkshopControlSchema },
    );
    expect(note.status === "success" && note.value.intent === "capture" && note.value.lng).toBe(
      torget.lng,
    );
  });
});

describe("account schemas", () => {
  it("need a 10-character password and a real e-mail address", () => {
    const join = { name: "Anna", email: " Anna@Example.SE ", password: "tio tecken" };
    expect(JoinSchema.parse(join).email).toBe("anna@example.se");
    expect(errorsOf(JoinSchema.safeParse({ ...join, password: "kort" })).password).toBe(
      "validation.passwordTooShort",
    );
    expect(errorsOf(JoinSchema.safeParse({ ...join, email: "anna" })).email).toBe(
      "validation.emailInvalid",
    );
  });
  it("want the new password twice, the same", () => {
    expect(
      errorsOf(
        ResetPasswordSchema.safeParse({
          token: "t",
          password: "ett lösenord",
          confirm: "ett annat",
        }),
      ).confirm,
    ).toBe("validation.passwordsDiffer");
  });
});

describe("IdeaActionSchema", () => {
  it("reads each intent and refuses unknown ones", () => {
    expect(IdeaActionSchema.safeParse({ intent: "vote" }).success).toBe(true);
    expect(
      IdeaActionSchema.safeParse({ intent: "comment", body: "Hej", parentId: "12" }).data,
    ).toMatchObject({ parentId: 12 });
    expect(IdeaActionSchema.safeParse({ intent: "flag", reason: "rude" }).success).toBe(false);
    expect(IdeaActionSchema.safeParse({ intent: "delete-everything" }).success).toBe(false);
    expect(
      IdeaActionSchema.safeParse({ intent: "edit-comment", commentId: "-3", body: "x" }).success,
    ).toBe(false);
  });
});
