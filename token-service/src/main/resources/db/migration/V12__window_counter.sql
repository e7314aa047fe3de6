-- One design for every "at most N per window" limit (limits/WindowCounters): a row per counter key with the
-- end of its window, so that one purge removes exactly the rows whose window is over, whatever its length.
-- Per-user send and registration counts leave user_counter (which keeps the verification lockout and its row
-- lock); the per-number phone-verification counters join the destination counters.
alter table destination_counter rename to window_counter;
alter table window_counter rename column message_count to counted;
alter table window_counter add column window_ends_at timestamptz;
-- windows in progress keep counting; their length was at most an hour with the default settings
update window_counter set window_ends_at = window_started_at + interval '1 hour';
insert into window_counter (counter_key, counted, window_started_at, window_ends_at)
select 'send:' || authy_id, send_count, send_window_started_at, send_window_started_at + interval '1 hour'
  from user_counter where send_window_started_at is not null
union all
select 'registration:' || authy_id, registration_count, registration_window_started_at,
       registration_window_started_at + interval '1 hour'
  from user_counter where registration_window_started_at is not null
union all
select 'phone-start:' || application_id || ':' || phone_e164, send_count, window_started_at,
       window_started_at + interval '1 hour'
  from phone_send_counter
union all
select 'phone-check:' || application_id || ':' || phone_e164, failed_count, window_started_at,
       window_started_at + interval '1 hour'
  from phone_check_counter
on conflict (counter_key) do nothing;
alter table window_counter drop column window_started_at;
alter table window_counter alter column window_ends_at set not null;
drop index if exists destination_counter_window;
create index window_counter_ends on window_counter (window_ends_at);
drop table phone_send_counter;
drop table phone_check_counter;
alter table user_counter drop column send_count, drop column send_window_started_at,
                         drop column registration_count, drop column registration_window_started_at;
