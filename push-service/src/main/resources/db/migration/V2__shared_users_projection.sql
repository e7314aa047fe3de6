-- The users read model moved to infra/users-projection (users_projection, shared with token-service).
-- Rows are carried over (the consumer group's offsets are already past them); the phone arrives with the
-- user's next change.
insert into users_projection (authy_id, application_id, revision, country_code, phone_e164, email, registered, deleted, updated_at)
select authy_id, application_id, revision, 0, null, email, registered, deleted, now() from user_projection;
drop table user_projection;
