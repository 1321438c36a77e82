// GET/POST /reset-password?token=…: choose a new password with a one-time link; every session of
// the account ends, and this browser is signed in afresh.
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FormCard, FormErrors } from "~/components/forms";
import { ResetPasswordSchema } from "~/domain/account-schemas";
import { resetPasswordWithToken, userIdForResetToken } from "~/models/password-resets.server";
import { signInHeaders } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { NO_REFERRER_META, tokenPageHeaders } from "~/utils/token-page";
import { hashPassword } from "~/utils/password.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
  NO_REFERRER_META,
];

export const headers = tokenPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const valid = token.length > 0 && token.length <= 200 && userIdForResetToken(token) !== undefined;
  return json(
    { title: `${t("auth.resetTitle")} – ${t("site.name")}`, token: valid ? token : null },
    {
      status: valid ? 200 : 400,
      headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" },
    },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: ResetPasswordSchema });
  if (submission.status !== "success") {
    return json(
      { result: submission.reply({ hideFields: ["password", "confirm"] }) },
      { status: 400 },
    );
  }
  const userId = resetPasswordWithToken(
    submission.value.token,
    await hashPassword(submission.value.password),
  );
  if (userId === null) {
    return json(
      {
        result: submission.reply({
          formErrors: ["validation.resetLinkInvalid"],
          hideFields: ["password", "confirm"],
        }),
      },
      { status: 400 },
    );
  }
  return redirect("/?notice=password-changed", { headers: await signInHeaders(userId) });
}

export default function ResetPasswordPage() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(ResetPasswordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
  });
  if (!token) {
    return (
      <FormCard title={t("auth.resetTitle")}>
        <p role="alert">{t("validation.resetLinkInvalid")}</p>
        <p>
          <Link to="/forgot-password">{t("auth.forgotLink")}</Link>
        </p>
      </FormCard>
    );
  }
  return (
    <FormCard title={t("auth.resetTitle")}>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="token" value={token} />
        <Field
          field={fields.password}
          label={t("auth.newPassword")}
          type="password"
          hint={t("auth.passwordHint")}
          autoComplete="new-password"
        />
        <Field
          field={fields.confirm}
          label={t("auth.confirmPassword")}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.resetButton")}
        </button>
      </Form>
    </FormCard>
  );
}
