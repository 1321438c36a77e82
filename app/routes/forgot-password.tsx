// GET/POST /forgot-password: e-mails a one-time link (valid an hour). The answer is the same
// whether or not the address has an account.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormCard, FormErrors, Honeypot } from "~/components/forms";
import { ForgotPasswordSchema } from "~/domain/account-schemas";
import { createPasswordReset, RESET_VALID_MINUTES } from "~/models/password-resets.server";
import { findUserIdByEmail } from "~/models/users.server";
import { queueMail } from "~/services/mail-outbox.server";
import { env } from "~/utils/env.server";
import { getFixedT } from "~/utils/locale.server";
import { consume, LIMITS } from "~/utils/rate-limit.server";
import { retryAfterHeaders } from "~/utils/headers";

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  return json({ title: `${t("auth.forgotTitle")} – ${t("site.name")}` });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ForgotPasswordSchema });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), sent: false }, { status: 400 });
  }
  const limited = consume([[`reset:ip:${context.clientIp}`, LIMITS.passwordResetsPerAddress]]);
  if (!limited.ok) {
    return json(
      { result: submission.reply({ formErrors: ["auth.tooManyAttempts"] }), sent: false },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  }
  const { t } = await getFixedT(request);
  const userId = findUserIdByEmail(submission.value.email);
  if (userId) {
    const token = createPasswordReset(userId);
    // Queued, not sent: the answer must come as fast for a known address as for an unknown one.
    queueMail({
      to: submission.value.email,
      subject: t("mail.resetSubject"),
      text: t("mail.resetBody", {
        url: `${env().PUBLIC_URL}/reset-password?token=${token}`,
        minutes: RESET_VALID_MINUTES,
      }),
    });
  }
  return json({ result: submission.reply({ resetForm: true }), sent: true });
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ForgotPasswordSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
  });
  return (
    <FormCard title={t("auth.forgotTitle")}>
      {actionData?.sent ? (
        <p role="status" className="notice">
          {t("auth.forgotSent")}
        </p>
      ) : (
        <p>{t("auth.forgotIntro")}</p>
      )}
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.email} label={t("auth.email")} type="email" autoComplete="email" />
        <Honeypot errors={fields.website.errors} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.forgotButton")}
        </button>
      </Form>
    </FormCard>
  );
}
