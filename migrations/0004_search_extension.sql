-- Trigram matching for the agreement search (partial words). pg_trgm ships with PostgreSQL's
-- contrib and with PGlite, and is a trusted extension (PostgreSQL 13+), so the database owner
-- may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
