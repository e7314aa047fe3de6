-- An application's own install link (user-service's install-link SMS) and OneTouch logos (push-service: what the
-- Authy app shows with a request that brings none); null for the installation's link and no logos.
alter table application_projection add column install_link_url varchar(2048);
alter table application_projection add column onetouch_logos   text;
