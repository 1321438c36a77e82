// What a signed-in person does on an idea's page: support, follow, comment, reply, edit, delete,
// report. Each is a plain form (works without JavaScript); supports update at once with a request
// answered before Remix (useSupportToggle), follows through a fetcher. A form that went through empties itself (and its reply box closes); its button
// is disabled while it is on its way, so that a double tap sends once.
import { Form, Link, useActionData, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { REPORT_REASONS, COMMENT_MAX, TITLE_MAX, BODY_MAX } from "~/domain/idea-limits";
import type { PublicComment } from "~/models/comments.server";
import { VerifiedBadge } from "~/components/VerifiedBadge";
import { ErrorList } from "./ErrorList";
import { formatDate, formatNumber } from "./format";
import { Linkified } from "./Linkified";

type Errors = Record<string, string[]> | undefined;
type ActionData =
  { intent: string; commentId?: number; errors: Record<string, string[]> } | undefined;

/** True while this form's submission (told apart by its hidden fields) is on its way. */
function useSubmitting(fields: Record<string, string>): boolean {
  const navigation = useNavigation();
  const data = navigation.formData;
  if (navigation.state === "idle" || !data) return false;
  return Object.entries(fields).every(([name, value]) => (data.get(name) ?? "") === value);
}

/**
 * Empties the form once its submission went through (the page answered with a redirect, not with
 * errors), and closes the <details> it sits in.
 */
function useResetAfterSuccess(form: RefObject<HTMLFormElement>, submitting: boolean) {
  const actionData = useActionData();
  const wasSubmitting = useRef(false);
  useEffect(() => {
    if (submitting) {
      wasSubmitting.current = true;
      return;
    }
    if (!wasSubmitting.current) return;
    wasSubmitting.current = false;
    if (actionData) return; // errors came back: keep what the person wrote
    form.current?.reset();
    form.current?.closest("details")?.removeAttribute("open");
  }, [submitting, actionData, form]);
}

/**
 * The support button's request: the form itself without JavaScript (a 303 back to the page); with
 * it, the same POST asking for JSON, answered before Remix with the new count, so the page does not
 * reload its data (server.ts, answerSupportForm). Anything else than that JSON — a session that
 * ended, one's own idea — sends the form as it is, and the page says why. A second tap while one is
 * on its way sends nothing.
 */
function useSupportToggle(fromPage: { supports: number; supported: boolean }) {
  const [known, setKnown] = useState(fromPage);
  const [sending, setSending] = useState<boolean | null>(null);
  // A ref, not the state: a second tap can come before React has drawn the first one's state.
  const inFlight = useRef(false);
  // New data from the page (another action, a revalidation) is the truth again.
  useEffect(
    () => setKnown({ supports: fromPage.supports, supported: fromPage.supported }),
    [fromPage.supports, fromPage.supported],
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    const form = event.currentTarget;
    const intent = known.supported ? "unvote" : "vote";
    setSending(!known.supported);
    fetch(form.action, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams({ intent }),
    })
      .then(async (response) => {
        if (!response.ok || !response.headers.get("content-type")?.includes("application/json"))
          throw new Error("not answered with the new count");
        const state = (await response.json()) as { supports: number; supported: boolean };
        setKnown({ supports: state.supports, supported: state.supported });
        setSending(null);
        inFlight.current = false;
      })
      .catch(() => {
        setSending(null);
        inFlight.current = false;
        (form.elements.namedItem("intent") as HTMLInputElement).value = intent;
        form.submit();
      });
  };
  return { known, sending, submit };
}

export function SupportButton({
  ideaId,
  supports,
  supported,
  signedIn,
  loginLink,
  closed = false,
  held = false,
}: {
  ideaId: number;
  supports: number;
  supported: boolean;
  signedIn: boolean;
  loginLink: string;
  /** one's own idea, or a withdrawn one: the count without a button */
  closed?: boolean;
  /** the person's address is not confirmed: their support is kept but not counted yet */
  held?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { known, sending, submit } = useSupportToggle({ supports, supported });
  // Optimistic: while the request is under way, show what it will do (a held support adds nothing).
  const shownSupported = sending ?? known.supported;
  const shownCount =
    known.supports + (held || shownSupported === known.supported ? 0 : shownSupported ? 1 : -1);
  const count = t("idea.supports", {
    count: shownCount,
    formatted: formatNumber(shownCount, i18n.language),
  });
  if (closed) {
    return (
      <p className="support-box">
        <strong className="support-count">{count}</strong>
      </p>
    );
  }
  if (!signedIn) {
    return (
      <p className="support-box">
        <strong className="support-count">{count}</strong>{" "}
        <Link to={loginLink}>{t("idea.loginToSupport")}</Link>
      </p>
    );
  }
  const button = (
    <form method="post" action={`/ideas/${ideaId}`} className="support-box" onSubmit={submit}>
      <input type="hidden" name="intent" value={shownSupported ? "unvote" : "vote"} />
      <strong className="support-count" aria-live="polite">
        {count}
      </strong>
      <button
        type="submit"
        className={shownSupported ? "button secondary" : "button"}
        aria-pressed={shownSupported}
      >
        {shownSupported ? t("idea.supported") : t("idea.support")}
      </button>
    </form>
  );
  if (!held || !shownSupported) return button;
  return (
    <div className="support-held">
      {button}
      <HeldNotice text={t("idea.supportHeld")} />
    </div>
  );
}

/** Says that what the person did waits for their address, with a button for a new link. */
export function HeldNotice({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <div className="notice held-notice" role="status">
      <p>{text}</p>
      <Form method="post" action="/join/resend">
        <button type="submit" className="button secondary">
          {t("auth.resendLink")}
        </button>
      </Form>
    </div>
  );
}

export function FollowButton({ ideaId, following }: { ideaId: number; following: boolean }) {
  const fetcher = useFetcher();
  const { t } = useTranslation();
  const pending = fetcher.formData?.get("intent");
  const shown = pending ? pending === "follow" : following;
  return (
    <fetcher.Form method="post" action={`/ideas/${ideaId}`}>
      <input type="hidden" name="intent" value={shown ? "unfollow" : "follow"} />
      <button type="submit" className="button secondary" aria-pressed={shown}>
        {shown ? t("idea.following") : t("idea.follow")}
      </button>
    </fetcher.Form>
  );
}

export function ReportForm({
  ideaId,
  commentId,
  alreadyReported,
  errors,
  held = false,
}: {
  ideaId: number;
  commentId?: number;
  alreadyReported?: boolean;
  errors?: Errors;
  /** the person's address is not confirmed: their report waits (issue 16) */
  held?: boolean;
}) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const submitting = useSubmitting({
    intent: "flag",
    commentId: commentId ? String(commentId) : "",
  });
  useResetAfterSuccess(form, submitting);
  const prefix = commentId ? `report-comment-${commentId}` : "report-idea";
  if (alreadyReported) {
    return (
      <p className="muted reported" role="status">
        {commentId ? t("report.alreadyReportedComment") : t("report.alreadyReported")}
        {held ? <> {t("report.held")}</> : null}
      </p>
    );
  }
  return (
    <details className="report" open={Boolean(errors)}>
      <summary>{commentId ? t("report.reportComment") : t("report.reportIdea")}</summary>
      <Form method="post" action={`/ideas/${ideaId}`} className="report-form" ref={form}>
        <input type="hidden" name="intent" value="flag" />
        {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
        <fieldset aria-describedby={errors?.reason ? `${prefix}-reason-error` : undefined}>
          <legend>{t("report.reasonLegend")}</legend>
          {REPORT_REASONS.map((reason) => (
            <label key={reason} className="radio">
              <input type="radio" name="reason" value={reason} required />
              {t(`report.reasons.${reason}`)}
            </label>
          ))}
          <ErrorList id={`${prefix}-reason-error`} errors={errors?.reason} />
        </fieldset>
        <div className="field">
          <label htmlFor={`${prefix}-details`}>{t("report.details")}</label>
          <textarea id={`${prefix}-details`} name="details" rows={3} maxLength={1000} />
          <ErrorList errors={errors?.details} />
        </div>
        <button type="submit" className="button secondary" disabled={submitting}>
          {t("report.send")}
        </button>
      </Form>
    </details>
  );
}

export function CommentForm({
  ideaId,
  parentId,
  errors,
}: {
  ideaId: number;
  parentId?: number;
  errors?: Errors;
}) {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const submitting = useSubmitting({
    intent: "comment",
    parentId: parentId ? String(parentId) : "",
  });
  useResetAfterSuccess(form, submitting);
  const id = parentId ? `reply-${parentId}` : "new-comment";
  const bodyErrors = [
    ...(errors?.body ?? []),
    ...(errors?.[""] ?? []),
    ...(errors?.parentId ?? []),
  ];
  return (
    <Form method="post" action={`/ideas/${ideaId}`} className="comment-form" ref={form}>
      <input type="hidden" name="intent" value="comment" />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <div className="field">
        <label htmlFor={id}>{parentId ? t("comments.replyLabel") : t("comments.newLabel")}</label>
        <textarea
          id={id}
          name="body"
          rows={parentId ? 3 : 4}
          maxLength={COMMENT_MAX}
          required
          aria-invalid={bodyErrors.length ? true : undefined}
          aria-describedby={bodyErrors.length ? `${id}-error` : undefined}
        />
        <ErrorList id={`${id}-error`} errors={bodyErrors} />
      </div>
      <div className="hp" aria-hidden="true">
        <label htmlFor={`${id}-website`}>{t("forms.honeypot")}</label>
        <input id={`${id}-website`} name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit" className="button" disabled={submitting}>
        {parentId ? t("comments.sendReply") : t("comments.send")}
      </button>
    </Form>
  );
}

const EDIT_WINDOW_MS = 15 * 60 * 1000;

function CommentView({
  comment,
  ideaId,
  viewerId,
  reported,
  closed,
  actionData,
  reportsHeld,
  verified = false,
}: {
  comment: PublicComment;
  ideaId: number;
  viewerId: number | null;
  reported: boolean;
  closed: boolean;
  actionData: ActionData;
  reportsHeld: boolean;
  verified?: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (comment.status !== "visible") {
    return (
      <div className="comment removed" id={`comment-${comment.id}`}>
        <p className="muted">
          {comment.status === "deleted" ? t("comments.deleted") : t("comments.hidden")}
        </p>
      </div>
    );
  }
  const own = viewerId !== null && comment.authorId === viewerId;
  const editable = own && Date.now() - new Date(comment.createdAt).getTime() < EDIT_WINDOW_MS;
  const errorsHere = actionData?.commentId === comment.id ? actionData.errors : undefined;
  return (
    <div className="comment" id={`comment-${comment.id}`}>
      <p className="comment-meta">
        <strong>
          <bdi>{comment.authorName ?? t("idea.deletedUser")}</bdi>
        </strong>{" "}
        {verified ? (
          <>
            <VerifiedBadge />{" "}
          </>
        ) : null}
        <time dateTime={comment.createdAt}>
          <bdi>{formatDate(comment.createdAt, i18n.language)}</bdi>
        </time>
        {comment.editedAt ? <span className="muted"> · {t("comments.edited")}</span> : null}
      </p>
      <p className="comment-body" dir="auto">
        <Linkified text={comment.body} />
      </p>
      {own ? (
        <div className="comment-tools">
          {editable ? (
            <details open={Boolean(errorsHere)}>
              <summary>{t("comments.edit")}</summary>
              <Form method="post" action={`/ideas/${ideaId}`}>
                <input type="hidden" name="intent" value="edit-comment" />
                <input type="hidden" name="commentId" value={comment.id} />
                <div className="field">
                  <label htmlFor={`edit-${comment.id}`}>{t("comments.editLabel")}</label>
                  <textarea
                    id={`edit-${comment.id}`}
                    name="body"
                    defaultValue={comment.body}
                    rows={3}
                    maxLength={COMMENT_MAX}
                    required
                  />
                  <ErrorList errors={errorsHere?.body} />
                </div>
                <button type="submit" className="button secondary">
                  {t("comments.save")}
                </button>
              </Form>
            </details>
          ) : null}
          <Form method="post" action={`/ideas/${ideaId}`}>
            <input type="hidden" name="intent" value="delete-comment" />
            <input type="hidden" name="commentId" value={comment.id} />
            <button type="submit" className="link-button">
              {t("comments.delete")}
            </button>
          </Form>
        </div>
      ) : viewerId !== null && (reported || !closed) ? (
        <ReportForm
          ideaId={ideaId}
          commentId={comment.id}
          alreadyReported={reported}
          held={reportsHeld}
          errors={
            actionData?.intent === "flag" && actionData.commentId === comment.id
              ? actionData.errors
              : undefined
          }
        />
      ) : null}
    </div>
  );
}

export function CommentThread({
  comments,
  ideaId,
  viewerId,
  reportedComments = [],
  closed = false,
  actionData,
  reportsHeld = false,
  verifiedAuthors = [],
}: {
  comments: PublicComment[];
  ideaId: number;
  viewerId: number | null;
  /** comments this person has reported already */
  reportedComments?: number[];
  /** a withdrawn idea: no replies, no new reports */
  closed?: boolean;
  actionData: ActionData;
  /** the person's address is not confirmed: their reports wait (issue 16) */
  reportsHeld?: boolean;
  /** authors shown as verified residents (empty unless admins show the badge) */
  verifiedAuthors?: number[];
}) {
  const { t } = useTranslation();
  const replies = new Map<number, PublicComment[]>();
  for (const c of comments)
    if (c.parentId) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  const topLevel = comments.filter((c) => !c.parentId);
  if (topLevel.length === 0) return <p>{t("idea.noComments")}</p>;
  return (
    <ol className="comment-list">
      {topLevel.map((c) => (
        <li key={c.id}>
          <CommentView
            comment={c}
            ideaId={ideaId}
            viewerId={viewerId}
            reported={reportedComments.includes(c.id)}
            closed={closed}
            actionData={actionData}
            reportsHeld={reportsHeld}
            verified={c.authorId !== null && verifiedAuthors.includes(c.authorId)}
          />
          {replies.get(c.id)?.length ? (
            <ol className="comment-replies">
              {replies.get(c.id)!.map((r) => (
                <li key={r.id}>
                  <CommentView
                    comment={r}
                    ideaId={ideaId}
                    viewerId={viewerId}
                    reported={reportedComments.includes(r.id)}
                    closed={closed}
                    actionData={actionData}
                    reportsHeld={reportsHeld}
                    verified={r.authorId !== null && verifiedAuthors.includes(r.authorId)}
                  />
                </li>
              ))}
            </ol>
          ) : null}
          {viewerId !== null && c.status === "visible" && !closed ? (
            <details className="reply">
              <summary>{t("comments.reply")}</summary>
              <CommentForm ideaId={ideaId} parentId={c.id} />
            </details>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/**
 * The author's tools on their own idea: change the words within the edit window, withdraw it at any
 * time (a second step asks first).
 */
export function OwnIdeaTools({
  idea,
  canEdit,
  errors,
}: {
  idea: { id: number; title: string; body: string };
  canEdit: boolean;
  errors?: Errors;
}) {
  const { t } = useTranslation();
  const editing = useSubmitting({ intent: "edit-idea" });
  const withdrawing = useSubmitting({ intent: "withdraw-idea" });
  return (
    <section className="own-idea" aria-labelledby="own-idea-heading">
      <h2 id="own-idea-heading">{t("ownIdea.heading")}</h2>
      {canEdit ? (
        <details open={Boolean(errors)}>
          <summary>{t("ownIdea.edit")}</summary>
          <Form method="post" action={`/ideas/${idea.id}`}>
            <input type="hidden" name="intent" value="edit-idea" />
            <div className="field">
              <label htmlFor="own-idea-title">{t("ownIdea.titleLabel")}</label>
              <input
                id="own-idea-title"
                name="title"
                type="text"
                defaultValue={idea.title}
                maxLength={TITLE_MAX}
                required
                dir="auto"
              />
              <ErrorList errors={errors?.title} />
            </div>
            <div className="field">
              <label htmlFor="own-idea-body">{t("ownIdea.bodyLabel")}</label>
              <textarea
                id="own-idea-body"
                name="body"
                defaultValue={idea.body}
                rows={6}
                maxLength={BODY_MAX}
                required
                dir="auto"
              />
              <ErrorList errors={errors?.body} />
            </div>
            <button type="submit" className="button secondary" disabled={editing}>
              {t("ownIdea.save")}
            </button>
          </Form>
        </details>
      ) : (
        <p className="muted">{t("ownIdea.editClosed")}</p>
      )}
      <details className="withdraw">
        <summary>{t("ownIdea.withdraw")}</summary>
        <p>{t("ownIdea.withdrawExplain")}</p>
        <Form method="post" action={`/ideas/${idea.id}`}>
          <input type="hidden" name="intent" value="withdraw-idea" />
          <button type="submit" className="button secondary" disabled={withdrawing}>
            {t("ownIdea.withdrawConfirm")}
          </button>
        </Form>
      </details>
    </section>
  );
}
