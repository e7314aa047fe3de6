-- The application's OneTouch logos when a request brought none of its own, as they were when it was made: what the
-- Authy app shows (the device signs the hash of what it showed, so a later change of the settings must not move it).
-- Callbacks keep carrying the request's own logos (null when it had none), as Authy's did.
alter table approval_request add column application_logos text;
