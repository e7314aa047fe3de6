-- The users read model moved to infra/users-projection (users_projection, shared with push-service).
-- Rows are carried over: the consumer group's offsets are already past them.
insert into users_projection (authy_id, application_id, revision, country_code, phone_e164, email, registered, deleted, updated_at)
select authy_id, application_id, revision, country_code, phone_e164, email, registered, deleted, updated_at from token_user;
drop table token_user;
