// A field's or a form's errors, each a locale key said in words. A module of its own: forms.tsx
// brings conform and zod (its fields, the honeypot's schema) into a page's scripts, and the idea
// page's forms need only this (issue 8).
import { useTranslation } from "react-i18next";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}
