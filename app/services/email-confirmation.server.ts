// Confirming an e-mail address with its side effects (issue 16): the mail with the link, and, once
// it is followed, the map and auto-hiding catching up with the supports and reports that were held.
import type { TFunction } from "i18next";
import {
  CONFIRM_VALID_HOURS,
  confirmEmailWithToken,
  createEmailConfirmation,
  unconfirmedAccountByEmail,
} from "~/models/email-confirmations.server";
import { hideIfReportedEnough } from "~/models/moderation.server";
import { findUserIdByEmail } from "~/models/users.server";
import { queueMail } from "~/services/mail-outbox.server";
import { refreshIdeas } from "~/services/map-index.server";
import { workshopIdeasChanged } from "~/services/workshop-hub.server";
import { env } from "~/utils/env.server";

/** Mails a new confirmation link to this account's address (queued: the answer never waits). */
export function sendConfirmationLink(user: { id: number; email: string }, t: TFunction) {
  const token = createEmailConfirmation(user.id);
  queueMail({
    to: user.email,
    subject: t("mail.confirmSubject"),
    text: t("mail.confirmBody", {
      url: `${env().PUBLIC_URL}/join/confirm?token=${token}`,
      hours: CONFIRM_VALID_HOURS,
    }),
  });
}

/**
 * Someone tried to join with an address that has an account: its owner hears about it (sign in, or
 * reset the password), while /join answers as for a new address (no user enumeration).
 */
export function tellOwnerOfJoinAttempt(email: string, t: TFunction) {
  if (!findUserIdByEmail(email)) return;
  queueMail({
    to: email,
    subject: t("mail.joinExistingSubject"),
    text: t("mail.joinExistingBody", {
      loginUrl: `${env().PUBLIC_URL}/login`,
      resetUrl: `${env().PUBLIC_URL}/forgot-password`,
    }),
  });
}

/**
 * A new link for an address that waits for confirmation; nothing for any other address (unknown,
 * already confirmed, deleted). The caller answers the same either way.
 */
export function resendConfirmationLink(email: string, t: TFunction) {
  const account = unconfirmedAccountByEmail(email);
  if (account) sendConfirmationLink(account, t);
}

/**
 * Follows a link: the address is confirmed and the held supports count (one transaction, in the
 * model); then the map shows the new counts, and items this person reported are looked at again
 * for hiding (their report may be the one that was missing).
 */
export function confirmEmail(token: string) {
  const outcome = confirmEmailWithToken(token);
  if (!outcome.ok) return outcome;
  if (outcome.supportedIdeaIds.length) refreshIdeas(outcome.supportedIdeaIds);
  const hidden = outcome.reported
    .filter((r) => hideIfReportedEnough(r.targetType, r.targetId) && r.targetType === "idea")
    .map((r) => r.targetId);
  if (hidden.length) {
    refreshIdeas(hidden);
    workshopIdeasChanged(hidden);
  }
  return outcome;
}
