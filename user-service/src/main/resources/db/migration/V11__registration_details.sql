-- When and how a user proved their phone or app (the operator console's user page): the first valid verification
-- (sms, voice, soft_token, authenticator_app) or a registered device (device:<os type>). Null for users registered
-- before this was kept, or imported from Authy as registered.
alter table authy_user
    add column registered_at  timestamptz,
    add column registered_via text;
