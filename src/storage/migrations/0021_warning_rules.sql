-- Sigma rules sent with a warning, run by the recipients that consent to them (the consent a detection setting of the unit's row, inherited down the tree)
ALTER TABLE warnings ADD COLUMN sigma_rules TEXT NOT NULL DEFAULT '';
ALTER TABLE detection_settings ADD COLUMN warning_rules INTEGER;
