# syntax=docker/dockerfile:1
# aegis-server with the native engine, on Debian 12 (bookworm).
#
#   docker build -t aegis-server .
#   docker run --rm -p 8080:8080 aegis-server                      # a generated corpus
#   docker run --rm -p 8080:8080 -v "$PWD/findings.json:/data/findings.json:ro" \
#     -e AEGIS_FINDINGS_FILE=/data/findings.json aegis-server
#
# Build stage: the library (CMake) installed into /opt/aegispath, and the
# server linked against that install through pkg-config (-tags
# aegispath_system), with the install as its rpath.
ARG GO_VERSION=1.25
# The web view's graph library, pinned by go/server/web/package-lock.json.
FROM node:20-bookworm-slim AS web
WORKDIR /src
COPY go/server/web/package.json go/server/web/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

FROM golang:${GO_VERSION}-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      cmake ninja-build pkg-config libsimdjson-dev libtbb-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/node_modules/cytoscape/dist/cytoscape.min.js /src/node_modules/cytoscape/LICENSE \
     go/server/web/assets/vendor/
RUN mv go/server/web/assets/vendor/LICENSE go/server/web/assets/vendor/cytoscape.LICENSE \
 && sed -n 's/.*"cytoscape": "\([0-9.]*\)".*/\1/p' go/server/web/package.json \
      > go/server/web/assets/vendor/cytoscape.version
RUN cmake -S . -B /tmp/build -G Ninja -DCMAKE_BUILD_TYPE=Release -DAEGIS_BUILD_TESTS=OFF \
      -DCMAKE_INSTALL_PREFIX=/opt/aegispath \
 && ninja -C /tmp/build \
 && cmake --install /tmp/build
ENV PKG_CONFIG_PATH=/opt/aegispath/lib/pkgconfig
RUN CGO_LDFLAGS="-Wl,-rpath,/opt/aegispath/lib" \
      go build -trimpath -tags aegispath_system -o /opt/aegispath/bin/aegis-server ./go/cmd/aegis-server \
 && CGO_ENABLED=0 go build -trimpath -o /opt/aegispath/bin/aegis-healthcheck ./go/cmd/aegis-healthcheck \
 && rm -rf /opt/aegispath/include /opt/aegispath/lib/cmake /opt/aegispath/lib/pkgconfig

# Runtime stage: the shared libraries libaegispath needs (simdjson, oneTBB,
# libcrypto) and nothing to build with.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsimdjson14 libtbb12 libssl3 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin aegis
COPY --from=build /opt/aegispath /opt/aegispath
ENV PATH=/opt/aegispath/bin:$PATH \
    AEGIS_ADDR=0.0.0.0:8080 \
    AEGIS_PATH_ENGINE=native
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["aegis-healthcheck", "http://127.0.0.1:8080/health"]
ENTRYPOINT ["aegis-server"]
