-- The devices that can answer approval requests: a projection of the devices topic (token-service registers
-- them). A removed device stays, no longer registered, so that a late event cannot bring it back.
create table device_projection (
    device_id      bigint      primary key,
    authy_id       bigint      not null,
    application_id bigint      not null,
    os_type        varchar(32),
    public_key     text,
    key_algorithm  varchar(16),
    registered     boolean     not null
);
create index device_projection_user on device_projection (authy_id) where registered;

-- A decision is signed by the device over the request's fields and a per-request server nonce; the signed
-- decision is kept (non-repudiation), and its unique id can be used once.
alter table approval_request add column nonce varchar(64);
update approval_request set nonce = md5(random()::text || uuid::text) where nonce is null;
alter table approval_request alter column nonce set not null;
alter table approval_request add column decided_by_device  bigint;
alter table approval_request add column decision_id        varchar(128) unique;
alter table approval_request add column decision_signature text;
alter table approval_request add column decline_reason     varchar(32);
alter table approval_request add column device_signed_at   timestamptz;
create index approval_request_open on approval_request (authy_id) where status = 'PENDING';
