-- Wrong checks are counted: a 4-digit code must not be open to 10,000 guesses.
-- A repeated start within the window re-sends the same code (authy-api.md §6), so the code is kept
-- sealed (AES-GCM, infra/crypto) beside its HMAC until it is verified.
alter table phone_verification
    add column code_length integer,
    add column code_sealed text,
    add column failed_attempts integer not null default 0;
