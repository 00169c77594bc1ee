// serve.mjs — a small model server for the models steps/install.mjs installs, speaking KServe's
// V1 inference protocol on loopback. Every `<env>.json` in the serving directory is a model
// named `<env>`; a model installed while the server runs is picked up by the next request.
//   node examples/penguins/serve.mjs [--dir DIR] [--host 127.0.0.1] [--port 8080]
//   GET  /                            liveness: {"status": "alive"}
//   GET  /v1/models                   {"models": ["production", …]}
//   GET  /v1/models/NAME              {"name": NAME, "ready": true}
//   POST /v1/models/NAME:predict      {"instances": [{"island": "Biscoe", "bill_length_mm": 45, …}]}
//                                     -> {"predictions": ["Gentoo"], "vote_shares": [0.98]}
// It stops on SIGINT or SIGTERM. The port it listens on is printed as `listening on http://…`.
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fail, parseFlags } from "./steps/lib.mjs";
import { readModel } from "./steps/model.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const flags = parseFlags();
const dir = resolve(flags.dir ?? process.env.PENGUINS_SERVING_DIR ?? join(here, ".serving"));
const host = flags.host ?? "127.0.0.1";
const port = Number(flags.port ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${flags.port}: not a port number`);
const MAX_BODY = 1 << 20;

/** Loaded models by name, with the modification time of the file they came from. */
const loaded = new Map();

function modelNames() {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /^[A-Za-z][A-Za-z0-9_-]*\.json$/.test(f)).map((f) => f.slice(0, -".json".length)).sort();
}

/** The model `name`, reloaded when its file changed; undefined when there is none. */
function model(name) {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) return undefined;
  const path = join(dir, `${name}.json`);
  if (!existsSync(path)) return undefined;
  const mtime = statSync(path).mtimeMs;
  const cached = loaded.get(name);
  if (cached && cached.mtime === mtime) return cached.model;
  const m = readModel(path);
  loaded.set(name, { mtime, model: m });
  return m;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req) {
  return new Promise((ok, no) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        no(Object.assign(new Error("request body over 1 MiB"), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => ok(Buffer.concat(chunks).toString("utf8")));
    req.on("error", no);
  });
}

async function handle(req, res) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname;
  if (req.method === "GET" && path === "/") return send(res, 200, { status: "alive" });
  if (req.method === "GET" && path === "/v1/models") return send(res, 200, { models: modelNames() });
  const ready = /^\/v1\/models\/([^/:]+)$/.exec(path);
  if (req.method === "GET" && ready) {
    const name = decodeURIComponent(ready[1]);
    return model(name) ? send(res, 200, { name, ready: true }) : send(res, 404, { error: `Model with name ${name} does not exist.` });
  }
  const predict = /^\/v1\/models\/([^/:]+):predict$/.exec(path);
  if (req.method === "POST" && predict) {
    const name = decodeURIComponent(predict[1]);
    const m = model(name);
    if (!m) return send(res, 404, { error: `Model with name ${name} does not exist.` });
    let body;
    try {
      body = JSON.parse(await readBody(req));
    } catch (e) {
      return send(res, e.status ?? 400, { error: e.status ? e.message : `the body is not JSON: ${e.message}` });
    }
    const instances = body?.instances;
    if (!Array.isArray(instances) || instances.some((r) => r === null || typeof r !== "object" || Array.isArray(r))) {
      return send(res, 400, { error: "expected {\"instances\": [{feature: value, …}, …]}" });
    }
    // Numbers arrive as JSON numbers; the model's encoder reads CSV text, so both are accepted.
    const rows = instances.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? "" : String(v)])));
    try {
      const out = m.predict(rows, "instances");
      return send(res, 200, { predictions: out.map((p) => p.label), vote_shares: out.map((p) => p.share) });
    } catch (e) {
      return send(res, 400, { error: e.message });
    }
  }
  return send(res, 404, { error: `no route ${req.method} ${path}` });
}

const server = createServer((req, res) => {
  handle(req, res).catch((e) => send(res, 500, { error: e.message }));
});
server.on("error", (e) => fail(`cannot listen on ${host}:${port}: ${e.message}`));
server.listen(port, host, () => {
  const a = server.address();
  console.log(`listening on http://${host}:${a.port} (models from ${dir}: ${modelNames().join(", ") || "none yet"})`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
