-- Keys kept sealed (AES-GCM, key id prefixed) next to their digests, and the settings of issue 3.
alter table application
    add column api_key_ciphertext       text,
    add column access_key_ciphertext    text,
    add column signing_key_ciphertext   text,
    add column force_by_default         boolean       not null default false,
    add column onetouch_callback_method varchar(8)    not null default 'POST',
    add column default_locale           varchar(16),
    add column allowed_countries        varchar(1024) not null default '',
    add column deleted_at               timestamptz;
