-- The migration import carried the user's authenticator seed over from Authy (sealed on the users topic for
-- token-service, never stored here): a second import of the same file does not send it again.
alter table authy_user add column authenticator_imported boolean not null default false;
