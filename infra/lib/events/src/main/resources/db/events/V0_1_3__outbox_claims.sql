-- The outbox sender claims rows for a moment instead of holding a lock while the broker acknowledges them
-- (docs/events.md "Outbox"): a claim names the instance and expires; a row the broker did not take waits
-- for its next attempt, and a key's later rows wait behind it, while every other row goes on.
alter table outbox_message add column claimed_by varchar(64);
alter table outbox_message add column claimed_until timestamptz;
alter table outbox_message add column next_attempt_at timestamptz;
create index outbox_message_pending_key on outbox_message (topic, message_key, id) where sent_at is null and parked_at is null;
