-- step: 510
-- object: waiting_list_entry
-- kind: table
-- layer: patient_tables
-- reads: referral
CREATE TABLE waiting_list_entry (
    entry_id        text PRIMARY KEY,
    pathway_id      text NOT NULL REFERENCES referral ON UPDATE CASCADE ON DELETE CASCADE,
    service_id      text NOT NULL,
    topic           text NOT NULL,
    added_on        date NOT NULL CHECK (added_on BETWEEN DATE '1990-01-01' AND DATE '2099-12-31'),
    offered_on      date CHECK (offered_on <= DATE '2099-12-31'),
    attended_on     date CHECK (attended_on <= DATE '2099-12-31'),
    left_on         date CHECK (left_on <= DATE '2099-12-31'),
    CONSTRAINT waiting_list_offer_after_adding CHECK (offered_on >= added_on),
    CONSTRAINT waiting_list_attended_after_offer CHECK (attended_on >= COALESCE(offered_on, added_on)),
    CONSTRAINT waiting_list_attended_needs_offer CHECK (attended_on IS NULL OR offered_on IS NOT NULL),
    CONSTRAINT waiting_list_left_after_adding CHECK (left_on >= added_on),
    CONSTRAINT waiting_list_attended_or_left CHECK (attended_on IS NULL OR left_on IS NULL)
);
CREATE INDEX waiting_list_service_topic_idx ON waiting_list_entry (service_id, topic, added_on);
CREATE INDEX waiting_list_pathway_idx ON waiting_list_entry (pathway_id);

COMMENT ON TABLE waiting_list_entry IS 'A referral waiting for a place in a group workshop: when added, offered a place, attended, or left the list. Row-level security follows the referral';
COMMENT ON COLUMN waiting_list_entry.entry_id IS 'Entry identifier';
COMMENT ON COLUMN waiting_list_entry.pathway_id IS 'Referral waiting';
COMMENT ON COLUMN waiting_list_entry.service_id IS 'Service whose list it is';
COMMENT ON COLUMN waiting_list_entry.topic IS 'Workshop topic waited for';
COMMENT ON COLUMN waiting_list_entry.added_on IS 'Date added to the list';
COMMENT ON COLUMN waiting_list_entry.offered_on IS 'Date a place was offered; NULL while waiting';
COMMENT ON COLUMN waiting_list_entry.attended_on IS 'Date of the session attended; NULL when not (yet) attended';
COMMENT ON COLUMN waiting_list_entry.left_on IS 'Date the person left the list without attending';
