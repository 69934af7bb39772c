# The person subgraph's container image (README "Container image").
#   podman build -t person-subgraph .          (or docker build; the final stage is the image)
#   podman build --target test .               also runs the image's own check (scripts/image-check.ts)
# NODE_IMAGE: a Node 24 image with npm at /usr/local/lib/node_modules/npm, as the official ones
# have; default the official image of the Node version package.json pins.
ARG NODE_IMAGE=docker.io/library/node:24.21.0-bookworm-slim

# Production dependencies only, exactly as locked, no install scripts. Commands are in exec form
# (no shell needed in the base). A build network that intercepts TLS: pass its CA bundle as the
# secret `build_ca` and --build-arg NODE_EXTRA_CA_CERTS=/run/secrets/build_ca (nothing of it
# reaches the image).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
ARG NODE_EXTRA_CA_CERTS
RUN --mount=type=secret,id=build_ca ["node", "/usr/local/lib/node_modules/npm/bin/npm-cli.js", "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--cache", "/tmp/npm-cache"]

# The runtime: sources run by Node's type stripping (no build step), files owned by root and
# read-only for the service's non-root user (the uid NAIS runs pods as). Needs nothing writable
# but /tmp, so it runs with a read-only root filesystem.
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=8080
COPY --from=deps /app/node_modules ./node_modules
COPY package.json schema.graphql ./
COPY src ./src
USER 1069:1069
EXPOSE 8080
# Node itself is PID 1's program, so SIGTERM reaches the service directly. Must equal package.json's
# `start` script without `npm run` (test/deploy checks it).
CMD ["node", "--import", "./src/observability/tracing-preload.ts", "src/index.ts"]

# The check stage: removes write permission outside /tmp (as a read-only root filesystem would),
# then, as the runtime user, starts CMD from the image's own files in simulator mode, answers the
# README's example query and stops cleanly on SIGTERM. Not part of the shipped image.
FROM runtime AS test
USER 0:0
COPY scripts/image-check.ts /image-check/image-check.ts
RUN ["node", "/image-check/image-check.ts", "lock"]
USER 1069:1069
RUN ["node", "/image-check/image-check.ts", "run", "node", "--import", "./src/observability/tracing-preload.ts", "src/index.ts"]

# The shipped image is the runtime stage (last, so a plain build without --target yields it).
FROM runtime
