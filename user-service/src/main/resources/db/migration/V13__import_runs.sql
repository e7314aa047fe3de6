-- Each Authy migration import run with an id (?import_id=), so that operators can follow it while it runs and read
-- its report afterwards from any console instance: how much of the upload it has read, then the summary and the
-- first refused rows (never a row's phone, email or seed: line, authy_id and reason only).
create table import_run (
    id             uuid          primary key,
    application_id bigint        not null,
    actor          varchar(255),
    dry_run        boolean       not null,
    state          varchar(10)   not null,
    bytes_total    bigint,
    bytes_read     bigint        not null default 0,
    lines_read     bigint        not null default 0,
    started_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    ended_at       timestamptz,
    summary        text,
    rejected       text,
    failure        varchar(500)
);
create index import_run_application on import_run (application_id, started_at);
