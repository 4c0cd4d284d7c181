-- ---------------------------------------------------------------------------
-- Group workshops and their waiting lists (docs/workshops.md): the tables
-- and reports, as statements the builders of 70-model.sql run in a schema
-- of the caller's. Sessions hold no patient rows; waiting-list entries are
-- a referral's, under the referral's row-level security.
-- ---------------------------------------------------------------------------

-- @model_statements workshops
