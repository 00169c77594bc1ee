# syntax=docker/dockerfile:1
# The mlp runtime image, ghcr.io/mlp-lang/mlp:<version>: Node.js 20 and the `mlp` command,
# installed from the npm tarball of the same version. Argo and Airflow run `std.*` steps in it
# (`mlp std drift|profile|expect …`; Airflow also runs steps without `image` in it), and the GitHub
# target's `mlp_image` option runs `std.*` jobs in it.
#
# Build it from the packed tarball, never from the source tree:
#   npm pack                      # writes mlp-lang-mlp-<version>.tgz (prepack builds dist/)
#   docker build -t ghcr.io/mlp-lang/mlp:<version> .
# .dockerignore sends only that tarball to the build. .github/workflows/release.yml does this
# on a version tag and pushes the image.

# The version being packaged; `npm pack` names the tarball after it. Kept equal to package.json's
# version (test/package/dockerfile.test.ts checks); the release workflow passes it explicitly.
ARG MLP_VERSION=0.1.0

# Stage 1: install the tarball. better-sqlite3's install script fetches a prebuilt addon for
# this platform or, failing that, compiles one with node-gyp: python3, make and g++ are for that
# and stay in this stage.
FROM node:20.20.2-bookworm-slim AS install
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ARG MLP_VERSION
COPY mlp-lang-mlp-${MLP_VERSION}.tgz /tmp/
# better-sqlite3's install script (its addon) is the only one to run. npm 11 asks for it to be
# approved; the base image's npm 10 runs it anyway and only warns about the unknown flag.
RUN npm install --global --no-audit --no-fund --allow-scripts=better-sqlite3 "/tmp/mlp-lang-mlp-${MLP_VERSION}.tgz" \
  && test "$(mlp --version)" = "${MLP_VERSION}" \
  && rm "/tmp/mlp-lang-mlp-${MLP_VERSION}.tgz"

# Stage 2: the runtime. The same base (same glibc as the addon was built against), the
# installed package and its `mlp` link, a non-root user. std.* is Node code inside the package:
# it needs nothing else. The shell scripts the targets generate use sh, mkdir, dirname, base64 and
# cat, all in the base image.
FROM node:20.20.2-bookworm-slim
ARG MLP_VERSION
LABEL org.opencontainers.image.title="mlp" \
      org.opencontainers.image.description="mlp runtime: Node.js 20 and the mlp CLI, for std.* steps of generated pipelines" \
      org.opencontainers.image.source="https://github.com/mlp-lang/mlp" \
      org.opencontainers.image.url="https://github.com/mlp-lang/mlp" \
      org.opencontainers.image.version="${MLP_VERSION}" \
      org.opencontainers.image.licenses="MIT"
COPY --from=install /usr/local/lib/node_modules/@mlp-lang/mlp /usr/local/lib/node_modules/@mlp-lang/mlp
RUN ln -s ../lib/node_modules/@mlp-lang/mlp/bin/mlp.js /usr/local/bin/mlp \
  && groupadd --system --gid 10001 mlp \
  && useradd --system --uid 10001 --gid mlp --home-dir /home/mlp --create-home --shell /bin/sh mlp \
  && mkdir -p /workspace \
  && chown mlp:mlp /workspace \
  && mlp --version
# Numeric, so that Kubernetes' `runAsNonRoot` can verify it without reading /etc/passwd.
USER 10001:10001
WORKDIR /workspace
ENV NODE_ENV=production
ENTRYPOINT ["mlp"]
CMD ["--help"]
