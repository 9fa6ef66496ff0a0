-- PostgreSQL only (mandate_append_audit_events, the one-statement chain append
-- several instances need). SQLite has one writer and appends from the
-- application; nothing changes here.
SELECT 1;
