// GET/POST /join/resend: a new confirmation link. The answer is the same whether or not the address
// has an account waiting for confirmation; a signed-in person may send the form without an
// address (the button beside a held support), and gets a link to their own.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormCard, FormErrors, Honeypot } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ResendConfirmationSchema } from "~/domain/account-schemas";
import { resendConfirmationLink } from "~/services/email-confirmation.server";
import { getUser } from "~/utils/auth.server";
import { retryAfterHeaders } from "~/utils/headers";
import { getFixedT } from "~/utils/locale.server";
import { consume, LIMITS } from "~/utils/rate-limit.server";

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  return json({
    title: `${t("auth.resendTitle")} – ${t("site.name")}`,
    sent: new URL(request.url).searchParams.get("sent") === "1",
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ResendConfirmationSchema });
  const user = await getUser(request);
  const email = submission.status === "success" ? (submission.value.email ?? user?.email) : null;
  if (submission.status !== "success" || !email) {
    return json(
      {
        result: submission.reply(
          submission.status === "success"
            ? { fieldErrors: { email: ["validation.emailRequired"] } }
            : {},
        ),
      },
      { status: 400 },
    );
  }
  const limited = consume([
    [`confirm-resend:ip:${context.clientIp}`, LIMITS.confirmationMailsPerAddress],
    [`confirm-resend:email:${email.toLowerCase()}`, LIMITS.confirmationMailsPerEmail],
  ]);
  if (!limited.ok) {
    return json(
      { result: submission.reply({ formErrors: ["auth.tooManyAttempts"] }) },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  }
  const { t } = await getFixedT(request);
  resendConfirmationLink(email, t);
  return redirect("/join/resend?sent=1", 303);
}

export default function ResendConfirmationPage() {
  const { sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResendConfirmationSchema),
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResendConfirmationSchema }),
  });
  return (
    <FormCard title={t("auth.resendTitle")}>
      {sent ? (
        <p role="status" className="notice">
          {t("auth.resendSent")}
        </p>
      ) : (
        <p>{t("auth.resendIntro")}</p>
      )}
      <Form method="post" action="/join/resend" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field field={fields.email} label={t("auth.email")} type="email" autoComplete="email" />
        <Honeypot errors={fields.website.errors} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.resendButton")}
        </button>
      </Form>
    </FormCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
