-- indexes for incident list pages: open incidents by detection, the nearest clock
CREATE INDEX incidents_open_detected ON incidents(detected_at, id) WHERE is_open = 1;
CREATE INDEX incidents_due_key ON incidents((COALESCE(next_due_at, 9223372036854775807)), id);
DROP INDEX incidents_due;
CREATE INDEX incidents_open_due ON incidents(next_due_at, id) WHERE is_open = 1;
