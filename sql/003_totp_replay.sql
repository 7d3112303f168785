-- RFC 6238 §5.2: a one-time password is accepted once. The last time step a person's code was
-- accepted for; a code of that step or an earlier one is refused afterwards.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
