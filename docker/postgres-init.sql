-- Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
-- One database per service, all owned by the clinic role the services log in as
-- (POSTGRES_USER in docker-compose.yml creates that role).
CREATE DATABASE intake OWNER clinic;
CREATE DATABASE triage OWNER clinic;
CREATE DATABASE content OWNER clinic;
