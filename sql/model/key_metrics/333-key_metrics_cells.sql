-- step: 333
-- object: key_metrics_cells
-- kind: view
-- layer: reports
-- reads: key_metrics_cells_all, provider_access
-- Over a stored data set (bind_data_set, materialize): the stored cells of
-- every provider, those of the caller's providers kept. A cell is one
-- provider's, so its counts are of referrals the caller may see.
CREATE VIEW key_metrics_cells WITH (security_barrier = true) AS
SELECT c.* FROM key_metrics_cells_all c
WHERE iapt_ews.provider_visible(nullif(c.provider_key, ''), 'provider_access'::regclass);
COMMENT ON VIEW key_metrics_cells IS 'key_metrics counted per month and cell (provider, service and commissioner), as stored at the last iapt_ews.refresh_data_set, of the providers provider_access grants the caller; not suppressed';
SELECT iapt_ews.copy_column_comments('key_metrics_cells_all'::regclass, 'key_metrics_cells'::regclass);
