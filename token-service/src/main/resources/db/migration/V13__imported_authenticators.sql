-- Authenticator seeds carried over from Authy by the migration import keep the parameters the user's app was
-- set up with; null means the platform's settings (latchkey.otp.authenticator.*), as for seeds made here.
alter table authenticator_secret add column digits integer;
alter table authenticator_secret add column period_seconds integer;
alter table authenticator_secret add column algorithm varchar(8);
alter table authenticator_secret add column imported boolean not null default false;
