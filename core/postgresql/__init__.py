"""Django's PostgreSQL backend with a health check that costs no round trip
(``core.postgresql.base``). Settings name it as the ENGINE of every PostgreSQL database."""
