// Form building blocks: a labelled field with its error tied to it, the honeypot, form-level errors.
import { Form } from "@remix-run/react";
import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { HONEYPOT_FIELD } from "~/domain/account-schemas";
import { ErrorList } from "./ErrorList";

export { ErrorList };

type InputType = "text" | "email" | "password" | "search" | "number" | "hidden";

export function Field({
  field,
  label,
  type = "text",
  hint,
  autoComplete,
  inputProps,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  type?: InputType;
  hint?: string;
  autoComplete?: string;
  inputProps?: React.InputHTMLAttributes<HTMLInputElement>;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input {...props} key={props.key} autoComplete={autoComplete} {...inputProps} />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextAreaField({
  field,
  label,
  hint,
  rows = 6,
  maxLength,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  hint?: string;
  rows?: number;
  maxLength?: number;
}) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const describedBy = [hintId, field.errors?.length ? field.errorId : undefined]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <textarea
        id={field.id}
        name={field.name}
        defaultValue={field.initialValue}
        rows={rows}
        maxLength={maxLength}
        required={field.required}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}

/**
 * A field that people never see or reach; bots fill it in and are refused. Its refusal (`errors`,
 * the field's own) shows outside it, so that a person whose browser filled it in by mistake
 * learns why nothing happened.
 */
export function Honeypot({ errors }: { errors?: string[] }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="hp" aria-hidden="true">
        <label htmlFor={HONEYPOT_FIELD}>{t("forms.honeypot")}</label>
        <input
          id={HONEYPOT_FIELD}
          name={HONEYPOT_FIELD}
          type="text"
          tabIndex={-1}
          autoComplete="off"
          defaultValue=""
        />
      </div>
      <FormErrors errors={errors} />
    </>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{t(e)}</p>
      ))}
    </div>
  );
}

export function FormCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="page narrow form-page">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

/** A GET form with one search field (`q`) and an apply button, as the list pages use it. */
export function SearchForm({ label, defaultValue }: { label: string; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filter-row">
      <label className="search">
        <span>{label}</span>
        <input type="search" name="q" defaultValue={defaultValue} maxLength={200} />
      </label>
      <button type="submit" className="button secondary">
        {t("filters.apply")}
      </button>
    </Form>
  );
}
