/**
 * A real S3-compatible server for the object-store tests: s3rver (the maintained fork published as
 * `@20minutes/s3rver`, a devDependency), started in the test process on 127.0.0.1 and a free port,
 * over a temporary directory, and stopped after. It checks SigV4 signatures against its one key
 * pair (`S3RVER` / `S3RVER`), so a request with other credentials is refused as AWS would refuse it.
 *
 * Chosen because Debian 12 packages no S3 server (no MinIO, no `python3-moto`), and on npm s3rver
 * is the S3 server with the widest use; its original package has had no release since 2024, the
 * fork keeps it current for Node 20. Without it (a partial install) the tests are skipped with a
 * notice, except under `CI=true`, where that fails.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The credentials the server accepts. */
export const S3_KEY = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" } as const;

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

function loadS3rver(): S3rverClass | undefined {
  try {
    return createRequire(import.meta.url)("@20minutes/s3rver") as S3rverClass;
  } catch {
    return undefined;
  }
}

const S3rver = loadS3rver();
/** Whether the tests can run: the server is installed. */
export const HAVE_S3_SERVER = S3rver !== undefined;
const IN_CI = process.env.CI === "true";
if (!HAVE_S3_SERVER && !IN_CI) console.warn("object-store tests: skipped, @20minutes/s3rver is not installed (npm ci installs it)");
/** Fails under CI when the server is missing, so CI cannot pass by skipping. */
export function requireServerInCi(): void {
  if (!HAVE_S3_SERVER && IN_CI) throw new Error("CI=true but @20minutes/s3rver is not installed: run npm ci");
}

export interface S3Server {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  /** The environment that points the runtime (and the SDK) at this server with valid credentials. */
  readonly env: Record<string, string>;
  /** Every request the server received, as `METHOD /path`, in order. */
  readonly requests: string[];
  /** Uploads `body` (text, or `{ file }` streamed from disk) to `s3://bucket/key`. */
  put(bucket: string, key: string, body: string | { file: string }): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server with `buckets` created. */
export async function startS3Server(buckets: readonly string[]): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), "mlp-s3-"));
  const server = new S3rver!({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const requests: string[] = [];
  server.httpServer.on("request", (req: { method?: string; url?: string }) => requests.push(`${req.method} ${req.url?.split("?")[0]}`));
  const { S3Client, PutObjectCommand } = await import("@aws-sdk/client-s3");
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true"; // this test process's own client
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: S3_KEY.AWS_ACCESS_KEY_ID, secretAccessKey: S3_KEY.AWS_SECRET_ACCESS_KEY },
  });
  return {
    endpoint,
    requests,
    async put(bucket, key, body) {
      // A whole buffer: s3rver does not take the SDK's chunked signing of a streamed upload.
      const Body = typeof body === "string" ? body : readFileSync(body.file);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body }));
    },
    env: {
      ...S3_KEY,
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: "us-east-1",
      // Never ask the EC2 metadata address or read a developer's own profile.
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: join(dir, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-credentials"),
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
