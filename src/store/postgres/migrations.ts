/**
 * The database schema, as numbered migrations. Each is applied once, in order, in one transaction,
 * by `track db migrate`; the last number applied is the schema version a store checks on connect.
 *
 * The lane rules live in the database. A track's `active_lane` is its lane while it is active and
 * NULL otherwise; a lane's pointer is NULL when it holds nothing. Unique constraints over those
 * columns (NULLs never collide) give one active track per lane and one lane per active track. They
 * are deferred to commit rather than partial unique indexes (which PostgreSQL cannot defer): a
 * switch writes the paused track and the activated one in whichever order, and only the committed
 * state must hold. A deferred foreign key makes every pointer name a track active in that lane; a
 * deferred constraint trigger makes every active track named by its lane's pointer.
 *
 * A track's `body` is its document's exact text; `doc` the same document as jsonb, for queries,
 * written by the store with what jsonb cannot hold (NUL, lone surrogates) replaced by U+FFFD.
 */
/** What `track db migrate` did: the version before and after, and each migration it applied. */
export interface MigrateResult {
  from: number;
  to: number;
  applied: Array<{ version: number; name: string }>;
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const initial = `
CREATE TABLE track_projects (
  project text PRIMARY KEY,
  generation bigint NOT NULL DEFAULT 0,
  next_sequence integer NOT NULL DEFAULT 1,
  updated_at text NOT NULL
);

CREATE TABLE track_tracks (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  track_id text NOT NULL,
  body text NOT NULL,
  doc jsonb NOT NULL,
  summary text NOT NULL,
  status text NOT NULL,
  type text NOT NULL,
  priority text NOT NULL,
  lane text NOT NULL,
  parent_track_id text,
  closed boolean NOT NULL,
  created_at text NOT NULL,
  active_lane text GENERATED ALWAYS AS (CASE WHEN status = 'active' THEN lane END) STORED,
  PRIMARY KEY (project, track_id),
  UNIQUE (project, track_id, active_lane),
  CONSTRAINT track_one_active_per_lane UNIQUE (project, active_lane) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX track_tracks_status ON track_tracks (project, status);
CREATE INDEX track_tracks_type ON track_tracks (project, type);
CREATE INDEX track_tracks_priority ON track_tracks (project, priority);
CREATE INDEX track_tracks_lane ON track_tracks (project, lane);
CREATE INDEX track_tracks_parent ON track_tracks (project, parent_track_id) WHERE parent_track_id IS NOT NULL;
CREATE INDEX track_tracks_closed ON track_tracks (project, closed, created_at);

CREATE TABLE track_lanes (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  lane text NOT NULL,
  active_track_id text,
  worktree text,
  last_activity text,
  PRIMARY KEY (project, lane),
  CONSTRAINT track_one_lane_per_track UNIQUE (project, active_track_id) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT track_pointer_names_active_track FOREIGN KEY (project, active_track_id, lane)
    REFERENCES track_tracks (project, track_id, active_lane) DEFERRABLE INITIALLY DEFERRED
);

CREATE FUNCTION track_assert_pointer(p text, t text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  active text;
BEGIN
  IF t IS NULL THEN RETURN; END IF;
  SELECT active_lane INTO active FROM track_tracks WHERE project = p AND track_id = t;
  IF active IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM track_lanes WHERE project = p AND lane = active AND active_track_id = t
  ) THEN
    RAISE EXCEPTION 'track % is active in lane %, whose pointer does not name it', t, active
      USING ERRCODE = '23514', CONSTRAINT = 'track_active_has_pointer';
  END IF;
END $$;

CREATE FUNCTION track_active_has_pointer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM track_assert_pointer(NEW.project, NEW.track_id);
  RETURN NULL;
END $$;

CREATE FUNCTION track_pointer_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM track_assert_pointer(OLD.project, OLD.active_track_id);
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER track_active_has_pointer AFTER INSERT OR UPDATE ON track_tracks
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION track_active_has_pointer();
CREATE CONSTRAINT TRIGGER track_pointer_kept AFTER UPDATE OR DELETE ON track_lanes
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION track_pointer_kept();

CREATE TABLE track_context (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  track_id text NOT NULL,
  name text NOT NULL,
  text text NOT NULL,
  PRIMARY KEY (project, track_id, name)
);

CREATE TABLE track_checkpoints (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  track_id text NOT NULL,
  checkpoint_id text NOT NULL,
  body text NOT NULL,
  created_at text,
  PRIMARY KEY (project, track_id, checkpoint_id)
);

CREATE TABLE track_objects (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  track_id text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (project, track_id, sha256)
);

CREATE TABLE track_runs (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  track_id text NOT NULL,
  run_id text NOT NULL,
  body text NOT NULL,
  started_at text,
  PRIMARY KEY (project, track_id, run_id)
);

CREATE TABLE track_run_files (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  track_id text NOT NULL,
  run_id text NOT NULL,
  name text NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (project, track_id, run_id, name)
);

CREATE TABLE track_commits (
  project text NOT NULL REFERENCES track_projects ON DELETE CASCADE,
  generation bigint NOT NULL,
  operation uuid NOT NULL UNIQUE,
  at text NOT NULL,
  lane text NOT NULL,
  tracks text[] NOT NULL,
  PRIMARY KEY (project, generation)
);
`;

export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'tracks, lanes, context, checkpoints, objects, runs, commits', sql: initial }];

/** The schema version this build reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
