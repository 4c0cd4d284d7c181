-- ---------------------------------------------------------------------------
-- The extension's views are catalogues (measures, code lists, targets, the
-- data model's statements): no patient data, and the builders read them
-- with the caller's rights, so every role may read them.
-- ---------------------------------------------------------------------------
GRANT SELECT ON ALL TABLES IN SCHEMA iapt_ews TO PUBLIC;
