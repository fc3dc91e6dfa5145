-- detection: log sources that read a file on the server, once or following it
ALTER TABLE log_sources ADD COLUMN path TEXT NOT NULL DEFAULT '';
ALTER TABLE log_sources ADD COLUMN follow INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX log_sources_file ON log_sources(path) WHERE kind = 'file' AND active = 1;
