-- One generic-authenticator seed per user (a new secret replaces the old one, authy-api.md §6),
-- sealed with the active master key; last_used_step makes every time step usable once.
create table authenticator_secret (
    authy_id       bigint       primary key,
    application_id bigint       not null,
    seed_sealed    text         not null,
    last_used_step bigint,
    created_at     timestamptz  not null
);

-- QR images are served at /qr/{token}; only the token's SHA-256 is stored, with the otpauth URI sealed.
create table qr_image (
    token_sha256   char(64)     primary key,
    authy_id       bigint       not null,
    application_id bigint       not null,
    uri_sealed     text         not null,
    size           integer      not null,
    expires_at     timestamptz  not null,
    created_at     timestamptz  not null
);
create index qr_image_user on qr_image (authy_id);
