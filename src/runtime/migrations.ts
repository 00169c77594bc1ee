/**
 * The store's SQLite schema, as an append-only list of migrations. `PRAGMA user_version` holds
 * the number applied; a store opened by a newer mlp is upgraded in one immediate transaction, so
 * two processes opening an old store at once cannot both migrate it.
 *
 * Never edit a released migration: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: runs, steps, artifacts, lineage, metrics, gates, cache, registry
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline TEXT NOT NULL,
    source TEXT NOT NULL,
    file_hash TEXT NOT NULL,
    ir_hash TEXT NOT NULL,
    params TEXT NOT NULL,
    git_commit TEXT,
    git_dirty INTEGER,
    tools TEXT NOT NULL,
    argv TEXT NOT NULL,
    cwd TEXT NOT NULL,
    flags TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    pid INTEGER,
    proc_start TEXT,
    host TEXT
  );
  CREATE INDEX runs_status ON runs(status);
  CREATE TABLE run_steps (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    cache_key TEXT,
    cache_hit INTEGER NOT NULL DEFAULT 0,
    exit_code INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    started_at TEXT,
    ended_at TEXT,
    duration_ms REAL,
    log_path TEXT,
    error TEXT,
    parts TEXT,
    pgid INTEGER,
    PRIMARY KEY (run_id, step)
  );
  CREATE TABLE artifacts (
    hash TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,
    dir INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE run_artifacts (
    run_id INTEGER NOT NULL,
    step TEXT NOT NULL,
    direction TEXT NOT NULL,
    name TEXT NOT NULL,
    hash TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (run_id, step, direction, name)
  );
  CREATE INDEX run_artifacts_hash ON run_artifacts(hash, direction);
  CREATE TABLE metrics (
    run_id INTEGER NOT NULL,
    step TEXT NOT NULL,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (run_id, step, name)
  );
  CREATE TABLE gates (
    run_id INTEGER NOT NULL,
    gate TEXT NOT NULL,
    verdict TEXT NOT NULL,
    conditions TEXT NOT NULL,
    PRIMARY KEY (run_id, gate)
  );
  CREATE TABLE cache (
    key TEXT PRIMARY KEY,
    step TEXT NOT NULL,
    outputs TEXT NOT NULL,
    metrics TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE step_state (
    source TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    step TEXT NOT NULL,
    key TEXT NOT NULL,
    parts TEXT NOT NULL,
    PRIMARY KEY (source, pipeline, step)
  );
  CREATE TABLE file_hashes (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns TEXT NOT NULL,
    ino TEXT NOT NULL,
    hash TEXT NOT NULL,
    dir INTEGER NOT NULL
  );
  CREATE TABLE validations (
    hash TEXT NOT NULL,
    schema_hash TEXT NOT NULL,
    PRIMARY KEY (hash, schema_hash)
  );
  CREATE TABLE models (
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    artifact TEXT NOT NULL,
    run_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (name, version)
  );
  CREATE UNIQUE INDEX models_artifact ON models(name, artifact);
  CREATE TABLE deployments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL,
    pipeline TEXT NOT NULL,
    env TEXT NOT NULL,
    model TEXT NOT NULL,
    version INTEGER NOT NULL,
    artifact TEXT NOT NULL,
    kind TEXT NOT NULL,
    options TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    metrics TEXT NOT NULL,
    created_at TEXT NOT NULL,
    decided_at TEXT
  );
  CREATE INDEX deployments_run ON deployments(run_id, env);
  CREATE TABLE env_pointers (
    pipeline TEXT NOT NULL,
    env TEXT NOT NULL,
    deployment_id INTEGER NOT NULL,
    PRIMARY KEY (pipeline, env)
  );
  `,
  // 2: index only the run_artifacts rows that lineage looks hashes up by (what a step produced,
  // which dataset was read). Indexing every row cost a no-op run of 1,000 cached steps about
  // 2,000 scattered index pages (8 MB written, then checkpointed), since each row's hash is random.
  `
  DROP INDEX run_artifacts_hash;
  CREATE INDEX run_artifacts_produced ON run_artifacts(hash) WHERE source = 'produced';
  CREATE INDEX run_artifacts_dataset ON run_artifacts(hash) WHERE source LIKE 'dataset:%';
  `,
  // 3: lineage records shared between runs, and the replay key of a run (see replay.ts). A cached step has the same key parts, inputs and
  // outputs as the run it was cached from, so a run's step points at one stored record instead of
  // copying it: a no-op run of 1,000 steps with 20 inputs each wrote ~21,000 rows (3 MB) before.
  // `run_artifacts` becomes a view with the old columns; an output is `produced` where the step
  // ran and `cached` where it was reused. Existing rows become one record per run and step.
  `
  CREATE TABLE step_records (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    parts TEXT
  );
  CREATE TABLE record_artifacts (
    record_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    direction TEXT NOT NULL,
    name TEXT NOT NULL,
    hash TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (record_id, seq)
  ) WITHOUT ROWID;
  ALTER TABLE run_steps ADD COLUMN record_id INTEGER;
  INSERT INTO step_records(digest, parts)
    SELECT 'run ' || run_id || ' ' || step, parts FROM run_steps
    WHERE parts IS NOT NULL OR EXISTS (SELECT 1 FROM run_artifacts ra WHERE ra.run_id = run_steps.run_id AND ra.step = run_steps.step);
  UPDATE run_steps SET record_id = (SELECT id FROM step_records WHERE digest = 'run ' || run_steps.run_id || ' ' || run_steps.step), parts = NULL;
  INSERT INTO record_artifacts(record_id, seq, direction, name, hash, type, source)
    SELECT rs.record_id, ra.rowid, ra.direction, ra.name, ra.hash, ra.type, CASE ra.direction WHEN 'out' THEN '' ELSE ra.source END
    FROM run_artifacts ra JOIN run_steps rs ON rs.run_id = ra.run_id AND rs.step = ra.step;
  DROP TABLE run_artifacts;
  CREATE INDEX record_artifacts_out ON record_artifacts(hash) WHERE direction = 'out';
  CREATE INDEX record_artifacts_dataset ON record_artifacts(hash) WHERE source LIKE 'dataset:%';
  CREATE VIEW run_artifacts AS
    SELECT rs.run_id AS run_id, rs.step AS step, a.direction AS direction, a.name AS name, a.hash AS hash, a.type AS type,
      CASE a.direction WHEN 'out' THEN (CASE rs.cache_hit WHEN 1 THEN 'cached' ELSE 'produced' END) ELSE a.source END AS source,
      rs.rowid AS step_order, a.seq AS seq
    FROM run_steps rs JOIN record_artifacts a ON a.record_id = rs.record_id;
  ALTER TABLE runs ADD COLUMN replay_key TEXT;
  CREATE INDEX runs_replay ON runs(replay_key) WHERE replay_key IS NOT NULL;
  `,
  // 4: the secrets a deploy declares (names only, never values), so `mlp approve` gives its
  // command exactly those and hides the pipeline's other secrets.
  `
  ALTER TABLE deployments ADD COLUMN secrets TEXT;
  `,
  // 5: each object's stat fingerprint when it entered the store (object-check.ts), so reusing a
  // cached output checks its bytes with an lstat and re-hashes only when the stat changed.
  // Objects stored before this have no row: their first reuse re-hashes them once.
  `
  CREATE TABLE object_stats (
    hash TEXT PRIMARY KEY,
    stat TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
];
