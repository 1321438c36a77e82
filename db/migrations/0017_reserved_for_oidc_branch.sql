-- Placeholder: number 0017 belongs to the OIDC branch (issue 16), merged separately. The migration
-- runner needs an unbroken sequence, so this branch (issue 15, 0018) carries an empty 0017 until
-- the real one lands. The merge replaces this file with the OIDC branch's 0017.
SELECT 1;
