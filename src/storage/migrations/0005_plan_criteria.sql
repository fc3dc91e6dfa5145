-- the plan criteria a handler found met, kept with the incident
ALTER TABLE incidents ADD COLUMN plan_criteria_met TEXT NOT NULL DEFAULT '';
