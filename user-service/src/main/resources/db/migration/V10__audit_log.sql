-- The audit log (docs/operations.md "Audit log"): every change made through an admin API of any service, as
-- its service published it on the audit topic. Kept until an operator's retention job removes rows; nothing here
-- is secret (no bodies are recorded).
create table audit_entry (
    id          bigserial primary key,
    event_id    uuid        not null unique,
    occurred_at timestamptz not null,
    actor       text        not null,
    service     text        not null,
    method      text        not null,
    path        text        not null,
    query       text
);
create index audit_entry_actor on audit_entry (actor, id);
