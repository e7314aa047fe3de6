-- An application's own install link for new users' SMS (null: the installation's LATCHKEY_INSTALL_LINK_URL) and the
-- OneTouch logos the Authy app shows with a request that brings none (a JSON array of {res, url}; null: none).
alter table application add column install_link_url varchar(2048);
alter table application add column onetouch_logos   text;
