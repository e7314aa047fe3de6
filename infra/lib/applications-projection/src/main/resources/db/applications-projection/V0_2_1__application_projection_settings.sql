-- ApplicationChanged schema version 2: settings the token, push and notifier services act on.
alter table application_projection
    add column force_by_default         boolean      not null default false,
    add column onetouch_callback_url    varchar(2048),
    add column onetouch_callback_method varchar(8)   not null default 'POST',
    add column default_locale           varchar(16),
    add column allowed_countries        varchar(1024) not null default '',
    add column access_key_ciphertext    text,
    add column signing_key_ciphertext   text;
