-- Document versions are immutable: a new upload is a new version, and nothing (not even the
-- application's own role) may change or remove a recorded one.
CREATE OR REPLACE FUNCTION refuse_document_version_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'document_versions is append-only: % refused', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER document_versions_immutable
  BEFORE UPDATE OR DELETE ON document_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_document_version_change();
--> statement-breakpoint
CREATE TRIGGER document_versions_no_truncate
  BEFORE TRUNCATE ON document_versions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_document_version_change();
