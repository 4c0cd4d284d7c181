-- step: 130
-- object: assessment_score
-- kind: table
-- layer: patient_tables
-- reads: referral
CREATE TABLE assessment_score (
    pathway_id  text NOT NULL REFERENCES referral ON UPDATE CASCADE ON DELETE CASCADE,
    measure     text NOT NULL CHECK (measure IN ('phq9', 'gad7', 'mi_alone', 'spin', 'pdss', 'oci', 'pcl5', 'iesr', 'hai')),
    recorded_at timestamptz NOT NULL CHECK (recorded_at BETWEEN TIMESTAMPTZ '1990-01-01 00:00+00' AND TIMESTAMPTZ '2099-12-31 00:00+00'),
    score       numeric NOT NULL,
    PRIMARY KEY (pathway_id, measure, recorded_at)
);
COMMENT ON TABLE assessment_score IS 'Coded scored assessments (PHQ-9, GAD-7, ADSMs), after IDS606/IDS607. A score the measure cannot have is kept here but left out of the reports and counted in data_quality';
COMMENT ON COLUMN assessment_score.pathway_id IS 'Referral the score belongs to';
COMMENT ON COLUMN assessment_score.measure IS 'Measure code as in iapt_ews.measures: phq9, gad7, mi_alone, spin, pdss, oci, pcl5, iesr, hai';
COMMENT ON COLUMN assessment_score.recorded_at IS 'When the score was recorded (the care contact time)';
COMMENT ON COLUMN assessment_score.score IS 'Score (PersScore)';
