/**
 * Reading datasets from object stores: `s3://bucket/key` (AWS S3 or any S3-compatible server) and
 * `gs://bucket/key` (Google Cloud Storage through its S3-compatible XML API, with HMAC keys).
 * User guide: docs/running.md, "Datasets on object stores".
 *
 * The AWS SDK for JavaScript v3 is loaded only when a URI is first used (a literal dynamic
 * `import()`, so the CLI bundle keeps it in a chunk of its own and `mlp` starts as fast as before).
 *
 * Where things come from (the SDK's standard chain, plus two settings of ours):
 * - `s3://` endpoint: `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL` (read by the SDK, as by the AWS
 *   CLI), else AWS. `AWS_S3_FORCE_PATH_STYLE=true|false` chooses path-style addressing
 *   (`http://host/bucket/key`); it defaults to true when an endpoint URL is set, because local
 *   servers (MinIO, s3rver, Ceph) rarely have a DNS name per bucket.
 * - region: `AWS_REGION` / `AWS_DEFAULT_REGION` / the profile, else `us-east-1` (S3 redirects a
 *   request for a bucket in another region, and the SDK follows).
 * - credentials: the SDK's default chain (environment, profile, SSO, web identity, container, EC2).
 * - `gs://`: endpoint `MLP_GS_ENDPOINT_URL` (default `https://storage.googleapis.com`), HMAC key
 *   from `GS_ACCESS_KEY_ID` / `GS_SECRET_ACCESS_KEY` when both are set, else the same chain.
 *
 * Every failure is an `ObjectStoreError` (MLP7026) naming the URI and saying which of: no such
 * bucket, no such object, no credentials, credentials refused, endpoint unreachable.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";

/** A parsed `s3://` or `gs://` URI. */
export interface ObjectLocation {
  readonly scheme: "s3" | "gs";
  readonly bucket: string;
  readonly key: string;
  readonly uri: string;
}

/** What identifies one version of an object without reading it. */
export interface ObjectHead {
  /** The ETag as the server sent it (quotes removed). */
  readonly etag: string;
  /** The version id on a versioned bucket. */
  readonly versionId?: string;
  readonly size: number;
}

export type ObjectStoreProblem = "no-bucket" | "no-object" | "no-credentials" | "denied" | "unreachable" | "bad-uri" | "other";

/** Any failure to reach or read an object. The message names the URI. */
export class ObjectStoreError extends Error {
  override readonly name = "ObjectStoreError";
  readonly code = "MLP7026";
  constructor(
    readonly uri: string,
    readonly problem: ObjectStoreProblem,
    detail: string,
    /** What to do about it. */
    readonly help: string,
  ) {
    super(`${uri}: ${detail}`);
  }
}

const URI = /^(s3|gs):\/\/([^/]+)\/(.+)$/;

/** Whether `uri` names an object store this runtime reads (`s3://` or `gs://`). */
export function isObjectUri(uri: string): boolean {
  return /^(s3|gs):\/\//.test(uri);
}

/** Parses `s3://bucket/key` / `gs://bucket/key`; throws `ObjectStoreError` when bucket or key is missing. */
export function parseObjectUri(uri: string): ObjectLocation {
  const m = URI.exec(uri);
  if (m === null) {
    throw new ObjectStoreError(uri, "bad-uri", "not of the form `s3://BUCKET/KEY` or `gs://BUCKET/KEY`", "name the bucket and the object's key");
  }
  return { scheme: m[1] as "s3" | "gs", bucket: m[2]!, key: m[3]!, uri };
}

/**
 * The dataset hash of an object version: its URI, ETag, version id and size. A new upload changes
 * the ETag (a multipart upload of the same bytes may too: a needless cache miss, never a wrong hit).
 */
export function objectHash(loc: ObjectLocation, head: ObjectHead): string {
  const h = createHash("sha256").update(JSON.stringify([loc.uri, head.etag, head.versionId ?? null, head.size])).digest("hex");
  return `object:${h}`;
}

/** Reads the object's ETag, version and size (a `HEAD` request: nothing is downloaded). */
export async function headObject(uri: string, env: NodeJS.ProcessEnv = process.env): Promise<ObjectHead> {
  const loc = parseObjectUri(uri);
  const { client, sdk } = await clientFor(loc.scheme, env);
  try {
    const r = await client.send(new sdk.HeadObjectCommand({ Bucket: loc.bucket, Key: loc.key }));
    return {
      etag: (r.ETag ?? "").replace(/^"|"$/g, ""),
      ...(r.VersionId !== undefined && r.VersionId !== "null" ? { versionId: r.VersionId } : {}),
      size: r.ContentLength ?? 0,
    };
  } catch (e) {
    throw await explain(e, loc, client, sdk);
  }
}

/**
 * Opens the object for reading as a stream. Nothing is buffered beyond the stream's own chunks:
 * the socket is paused while the reader is busy, so memory does not grow with the object's size.
 */
export async function openObject(uri: string, env: NodeJS.ProcessEnv = process.env): Promise<Readable> {
  const loc = parseObjectUri(uri);
  const { client, sdk } = await clientFor(loc.scheme, env);
  try {
    const r = await client.send(new sdk.GetObjectCommand({ Bucket: loc.bucket, Key: loc.key }));
    return r.Body as Readable;
  } catch (e) {
    throw await explain(e, loc, client, sdk);
  }
}

/** Turns an error met while streaming an open object into an `ObjectStoreError`. */
export function streamError(uri: string, e: unknown): ObjectStoreError {
  if (e instanceof ObjectStoreError) return e;
  return new ObjectStoreError(uri, "unreachable", `the connection failed while reading (${(e as Error).message})`, "try again; check the network and the endpoint");
}

// ------------------------------------------------------------------------------------------------

type Sdk = typeof import("@aws-sdk/client-s3");
type Client = InstanceType<Sdk["S3Client"]>;

const clients = new Map<string, Promise<{ client: Client; sdk: Sdk }>>();

function settingsOf(scheme: "s3" | "gs", env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  if (scheme === "gs") {
    return {
      endpoint: env.MLP_GS_ENDPOINT_URL || "https://storage.googleapis.com",
      keyId: env.GS_ACCESS_KEY_ID,
      secret: env.GS_SECRET_ACCESS_KEY,
    };
  }
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  return {
    endpoint,
    pathStyle: env.AWS_S3_FORCE_PATH_STYLE ?? (endpoint !== undefined ? "true" : "false"),
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined,
    keyId: env.AWS_ACCESS_KEY_ID,
    secret: env.AWS_SECRET_ACCESS_KEY,
    token: env.AWS_SESSION_TOKEN,
  };
}

/** One client per scheme and settings, created on first use. */
function clientFor(scheme: "s3" | "gs", env: NodeJS.ProcessEnv): Promise<{ client: Client; sdk: Sdk }> {
  const s = settingsOf(scheme, env);
  const id = JSON.stringify([scheme, s]);
  let c = clients.get(id);
  if (c === undefined) {
    c = makeClient(scheme, s);
    clients.set(id, c);
  }
  return c;
}

async function makeClient(scheme: "s3" | "gs", s: Record<string, string | undefined>): Promise<{ client: Client; sdk: Sdk }> {
  // A literal specifier: esbuild bundles the SDK into a chunk loaded only here. The bundle
  // imports its CommonJS build, whose exports then sit under `default`.
  const mod = (await import("@aws-sdk/client-s3")) as Sdk & { default?: Sdk };
  const sdk: Sdk = typeof mod.S3Client === "function" ? mod : mod.default!;
  const credentials =
    s.keyId && s.secret ? { credentials: { accessKeyId: s.keyId, secretAccessKey: s.secret, ...(s.token ? { sessionToken: s.token } : {}) } } : {};
  const common = {
    ...credentials,
    ...(s.endpoint !== undefined ? { endpoint: s.endpoint } : {}),
    followRegionRedirects: true,
    // Checksums the SDK would add by default are not understood by every S3-compatible server.
    requestChecksumCalculation: "WHEN_REQUIRED" as const,
    responseChecksumValidation: "WHEN_REQUIRED" as const,
    // Fail fast on an endpoint that does not answer; a slow transfer is not cut short.
    requestHandler: { connectionTimeout: 10_000 },
  };
  if (scheme === "gs") {
    // GCS signs with any region name; `auto` is what its documentation uses.
    return { sdk, client: quietly(() => new sdk.S3Client({ ...common, region: "auto", forcePathStyle: true })) };
  }
  const forcePathStyle = s.pathStyle === "true" || s.pathStyle === "1";
  let region = s.region;
  if (region === undefined) {
    // The profile may name one; otherwise us-east-1 (the SDK would refuse to start without one).
    const probe = quietly(() => new sdk.S3Client({ ...common, forcePathStyle }));
    region = await probe.config.region().catch(() => "us-east-1");
    probe.destroy();
  }
  return { sdk, client: quietly(() => new sdk.S3Client({ ...common, forcePathStyle, region })) };
}

/**
 * Creates a client without the SDK's warning that its releases after January 2027 need Node 22:
 * mlp states the Node versions it supports itself, and the warning would be printed by every
 * `mlp std` in every generated job. The variable is set only while the client is made, so steps
 * never inherit it.
 */
function quietly<T>(make: () => T): T {
  const KEY = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
  const before = process.env[KEY];
  process.env[KEY] = "true";
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env[KEY];
    else process.env[KEY] = before;
  }
}

/** Classifies an SDK or network error. */
async function explain(e: unknown, loc: ObjectLocation, client: Client, sdk: Sdk): Promise<ObjectStoreError> {
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  const name = err.name ?? "";
  const where = loc.scheme === "gs" ? "GCS" : "the S3 endpoint";
  if (name === "CredentialsProviderError" || /credential/i.test(err.message ?? "") && status === undefined) {
    return new ObjectStoreError(
      loc.uri,
      "no-credentials",
      "no credentials found",
      loc.scheme === "gs"
        ? "set GS_ACCESS_KEY_ID and GS_SECRET_ACCESS_KEY to a GCS HMAC key"
        : "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role provides them",
    );
  }
  if (name === "NoSuchBucket") return noBucket(loc);
  if (name === "NoSuchKey") return noObject(loc);
  if (status === 404) {
    // HEAD answers 404 without a body for both; ask about the bucket to tell them apart.
    try {
      await client.send(new sdk.HeadBucketCommand({ Bucket: loc.bucket }));
      return noObject(loc);
    } catch (b) {
      return (b as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404 ? noBucket(loc) : noObject(loc);
    }
  }
  if (status === 403 || status === 401 || /^(AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch|Forbidden)$/.test(name)) {
    return new ObjectStoreError(loc.uri, "denied", `access denied by ${where} (${name || `HTTP ${status}`})`, "check the credentials and that they may read this object");
  }
  const code = err.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (status === undefined && (code !== undefined || name === "TimeoutError" || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket/i.test(err.message ?? ""))) {
    return new ObjectStoreError(
      loc.uri,
      "unreachable",
      `cannot reach ${where} (${code ?? name}: ${err.message ?? ""})`,
      loc.scheme === "gs" ? "check the network, or MLP_GS_ENDPOINT_URL" : "check the network, or AWS_ENDPOINT_URL when using an S3-compatible server",
    );
  }
  return new ObjectStoreError(loc.uri, "other", `cannot read it (${name || "error"}${status !== undefined ? `, HTTP ${status}` : ""}: ${err.message ?? String(e)})`, "check the URI, the credentials and the endpoint");
}

function noBucket(loc: ObjectLocation): ObjectStoreError {
  return new ObjectStoreError(loc.uri, "no-bucket", `no such bucket \`${loc.bucket}\``, "check the bucket name (and the endpoint or account it lives in)");
}

function noObject(loc: ObjectLocation): ObjectStoreError {
  return new ObjectStoreError(loc.uri, "no-object", `no such object \`${loc.key}\` in bucket \`${loc.bucket}\``, "check the key, or upload the object");
}
