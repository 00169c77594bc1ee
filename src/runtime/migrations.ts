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
];
