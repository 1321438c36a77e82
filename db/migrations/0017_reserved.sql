-- Reserved on the actions branch for the migration another branch adds with this number (issue 16 OIDC / issue 15 answers).
-- The merger deletes this file and keeps the other branch's; it changes nothing.
SELECT 1;
