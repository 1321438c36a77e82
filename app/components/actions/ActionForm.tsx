// The moderators' form for an action's fields (new, edit, and "make this group an action"): a
// plain form, so it works without JavaScript; each error is shown by its field, in words.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { ACTION_STATUSES, areaChoices, MUNICIPALITY_AREA } from "~/domain/actions";
import { FOCUS_AREAS } from "~/domain/focus-areas";

export type ActionFormValues = {
  title?: string;
  body?: string;
  focusArea?: string;
  partner?: string;
  contactRole?: string;
  status?: string;
  statusReason?: string;
  progress?: string | number;
  co2eTonnesPerYear?: string | number;
  co2eMethod?: string;
  budgetSek?: string | number;
  startDate?: string;
  endDate?: string;
  lat?: string | number | null;
  lng?: string | number | null;
  area?: string | null;
  groupId?: (string | number)[];
  ideaId?: (string | number)[];
  workshopId?: (string | number)[];
};

type Props = {
  id: string;
  action?: string;
  intent?: string;
  values: ActionFormValues;
  errors?: Record<string, string[]>;
  partners: { id: number; name: string }[];
  groups: { id: number; title: string }[];
  /** the workshops a moderator can link (the newest, and those already linked) */
  workshops: { id: number; title: string; createdAt: string }[];
  /** the groups and ideas go as hidden fields (a group made into an action) */
  fixedLinks?: boolean;
  submitLabel: string;
};

/** The districts, then the villages, each sorted by name (the gazetteer does not change at runtime). */
const AREA_GROUPS = Object.entries(areaChoices());

const str = (v: string | number | null | undefined) =>
  v === null || v === undefined ? "" : String(v);

export function ActionForm({
  id,
  action,
  intent,
  values,
  errors,
  partners,
  groups,
  workshops,
  fixedLinks = false,
  submitLabel,
}: Props) {
  const { t } = useTranslation();
  /** A field's id, name and state; `hinted` fields are described by their hint as well. */
  const field = (name: string, hinted = false) => ({
    id: `${id}-${name}`,
    name,
    "aria-invalid": errors?.[name] ? true : undefined,
    "aria-describedby":
      [hinted ? `${id}-${name}-hint` : "", errors?.[name] ? `${id}-${name}-error` : ""]
        .filter(Boolean)
        .join(" ") || undefined,
  });
  const err = (name: string) => <ErrorList id={`${id}-${name}-error`} errors={errors?.[name]} />;
  return (
    <Form method="post" action={action} className="stack-form action-form" noValidate>
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <ErrorList errors={errors?.[""]} />
      <div className="field">
        <label htmlFor={`${id}-title`}>{t("actions.form.title")}</label>
        <input
          {...field("title")}
          defaultValue={values.title}
          required
          minLength={3}
          maxLength={120}
        />
        {err("title")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t("actions.form.body")}</label>
        <textarea
          {...field("body")}
          rows={4}
          defaultValue={values.body}
          maxLength={5000}
          required
        />
        {err("body")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-focusArea`}>{t("newIdea.focusAreaLabel")}</label>
        <select {...field("focusArea")} defaultValue={values.focusArea ?? ""} required>
          {FOCUS_AREAS.map((f) => (
            <option key={f} value={f}>
              {t(`focusAreas.${f}.label`)}
            </option>
          ))}
        </select>
        {err("focusArea")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-partner`}>{t("actions.form.partner")}</label>
        <select {...field("partner")} defaultValue={values.partner ?? partners[0]?.name} required>
          {partners.map((p) => (
            <option key={p.id} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
        {err("partner")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-contactRole`}>{t("actions.form.contactRole")}</label>
        <p id={`${id}-contactRole-hint`} className="field-hint">
          {t("actions.form.contactRoleHint")}
        </p>
        <input {...field("contactRole", true)} maxLength={120} defaultValue={values.contactRole} />
        {err("contactRole")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>{t("actions.form.status")}</label>
        <select {...field("status")} defaultValue={values.status ?? "planned"}>
          {ACTION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`actions.status.${s}`)}
            </option>
          ))}
        </select>
        {err("status")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-statusReason`}>{t("actions.form.statusReason")}</label>
        <p id={`${id}-statusReason-hint`} className="field-hint">
          {t("actions.form.statusReasonHint")}
        </p>
        <textarea
          {...field("statusReason", true)}
          rows={2}
          maxLength={1000}
          defaultValue={values.statusReason}
        />
        {err("statusReason")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-progress`}>{t("actions.form.progress")}</label>
        <input
          {...field("progress")}
          type="number"
          min={0}
          max={100}
          step={1}
          inputMode="numeric"
          defaultValue={str(values.progress ?? 0)}
          required
        />
        {err("progress")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-co2eTonnesPerYear`}>{t("actions.form.tonnes")}</label>
        <input
          {...field("co2eTonnesPerYear")}
          inputMode="decimal"
          defaultValue={str(values.co2eTonnesPerYear)}
          required
        />
        {err("co2eTonnesPerYear")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-co2eMethod`}>{t("actions.form.method")}</label>
        <textarea
          {...field("co2eMethod")}
          rows={2}
          maxLength={2000}
          defaultValue={values.co2eMethod}
        />
        {err("co2eMethod")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-budgetSek`}>{t("actions.form.budget")}</label>
        <input
          {...field("budgetSek")}
          inputMode="numeric"
          defaultValue={str(values.budgetSek)}
          required
        />
        {err("budgetSek")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-startDate`}>{t("actions.form.startDate")}</label>
        <input {...field("startDate")} type="date" defaultValue={values.startDate} required />
        {err("startDate")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-endDate`}>{t("actions.form.endDate")}</label>
        <input {...field("endDate")} type="date" defaultValue={values.endDate} required />
        {err("endDate")}
      </div>
      <fieldset className="field">
        <legend>{t("actions.form.place")}</legend>
        <p className="field-hint">{t("actions.form.placeHint")}</p>
        <label htmlFor={`${id}-lat`}>{t("actions.form.lat")}</label>
        <input {...field("lat")} inputMode="decimal" defaultValue={str(values.lat)} />
        <label htmlFor={`${id}-lng`}>{t("actions.form.lng")}</label>
        <input {...field("lng")} inputMode="decimal" defaultValue={str(values.lng)} />
        {err("lat")}
        {err("lng")}
        <label htmlFor={`${id}-area`}>{t("actions.form.area")}</label>
        <p id={`${id}-area-hint`} className="field-hint">
          {t("actions.form.areaHint")}
        </p>
        <select {...field("area", true)} defaultValue={values.area ?? ""}>
          <option value="">{t("actions.form.areaNone")}</option>
          <option value={MUNICIPALITY_AREA}>{t("actions.areaMunicipality")}</option>
          {AREA_GROUPS.map(([kind, choices]) => (
            <optgroup key={kind} label={t(`actions.form.areaKind.${kind}`)}>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {err("area")}
      </fieldset>
      {fixedLinks ? (
        <>
          {(values.groupId ?? []).map((g) => (
            <input key={`g${g}`} type="hidden" name="groupId" value={g} />
          ))}
          {(values.ideaId ?? []).map((i) => (
            <input key={`i${i}`} type="hidden" name="ideaId" value={i} />
          ))}
          {err("groupId")}
          {err("ideaId")}
        </>
      ) : (
        <>
          <LinkChoices
            legend={t("actions.form.groups")}
            name="groupId"
            choices={groups.map((g) => ({ id: g.id, label: g.title }))}
            linked={values.groupId}
            errors={errors?.groupId}
          />
          <div className="field">
            <label htmlFor={`${id}-ideaId`}>{t("actions.form.ideas")}</label>
            <p id={`${id}-ideaId-hint`} className="field-hint">
              {t("actions.form.ideasHint")}
            </p>
            <input {...field("ideaId", true)} defaultValue={(values.ideaId ?? []).join(", ")} />
            {err("ideaId")}
          </div>
        </>
      )}
      <LinkChoices
        legend={t("actions.form.workshops")}
        name="workshopId"
        choices={workshops.map((w) => ({
          id: w.id,
          label: `${w.title} (${w.createdAt.slice(0, 10)})`,
        }))}
        linked={values.workshopId}
        errors={errors?.workshopId}
      />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}

/** Checkboxes linking the action to groups or workshops (nothing when there is nothing to link). */
function LinkChoices({
  legend,
  name,
  choices,
  linked = [],
  errors,
}: {
  legend: string;
  name: string;
  choices: { id: number; label: string }[];
  linked?: (string | number)[];
  errors?: string[];
}) {
  if (choices.length === 0) return null;
  const checked = new Set(linked.map(String));
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.id} className="checkbox">
          <input
            type="checkbox"
            name={name}
            value={c.id}
            defaultChecked={checked.has(String(c.id))}
          />
          <span dir="auto">{c.label}</span>
        </label>
      ))}
      <ErrorList errors={errors} />
    </fieldset>
  );
}

/** A form's errors by top-level field: `ideaId[2]` counts as `ideaId`. */
export function errorsByField(error: Record<string, string[] | null> | undefined) {
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(error ?? {})) {
    const name = key.replace(/[[.].*$/, "");
    out[name] = [...new Set([...(out[name] ?? []), ...(messages ?? [])])];
  }
  return out;
}
