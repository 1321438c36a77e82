// The account forms' schemas, shared by browser and server. Messages are locale keys.
import { z } from "zod";

export const PASSWORD_MIN = 10;

const email = z
  .string({ required_error: "validation.emailRequired" })
  .trim()
  .toLowerCase()
  .max(254, "validation.emailInvalid")
  .email("validation.emailInvalid");

const newPassword = z
  .string({ required_error: "validation.passwordRequired" })
  .min(PASSWORD_MIN, "validation.passwordTooShort")
  .max(200, "validation.passwordTooLong");

/** Must stay empty: people never see it, form-filling bots do. */
export const HONEYPOT_FIELD = "website";
const honeypot = z.string().max(0, "validation.honeypot").optional();

export const JoinSchema = z.object({
  name: z
    .string({ required_error: "validation.nameRequired" })
    .trim()
    .min(1, "validation.nameRequired")
    .max(80, "validation.nameTooLong"),
  email,
  password: newPassword,
  [HONEYPOT_FIELD]: honeypot,
});

export const LoginSchema = z.object({
  email,
  password: z
    .string({ required_error: "validation.passwordRequired" })
    .max(200, "validation.passwordTooLong"),
  redirectTo: z.string().max(2000).optional(),
});

export const ForgotPasswordSchema = z.object({ email, [HONEYPOT_FIELD]: honeypot });

/** A new confirmation link: the address, or none when the person is signed in (their own). */
export const ResendConfirmationSchema = z.object({
  email: email.optional(),
  [HONEYPOT_FIELD]: honeypot,
});

export const ConfirmEmailSchema = z.object({
  token: z.string({ required_error: "auth.confirmLinkUnknown" }).max(200),
});

export const ResetPasswordSchema = z
  .object({
    token: z.string({ required_error: "validation.resetLinkInvalid" }).max(200),
    password: newPassword,
    confirm: z.string({ required_error: "validation.confirmRequired" }),
  })
  .refine((v) => v.password === v.confirm, {
    message: "validation.passwordsDiffer",
    path: ["confirm"],
  });
