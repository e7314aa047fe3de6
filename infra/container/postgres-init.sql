-- One database per service (README "Architecture": each service owns its tables and never reads another's).
-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d); infra/docker-compose.yml
-- mounts it. The tables themselves are created by each service's Flyway migrations at start-up.
--
-- Demo only: every database belongs to the one role the image creates (POSTGRES_USER). A production database
-- server gives each service a role of its own (the Helm chart's postgres.databases.<service>.username).
CREATE DATABASE latchkey_user;
CREATE DATABASE latchkey_token;
CREATE DATABASE latchkey_push;
CREATE DATABASE latchkey_notifier;
