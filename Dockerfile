# Gazette in a container: built on the official Swift image, run on Debian slim.
#
#   docker build -t gazette .
#   docker run --rm -p 8080:8080 gazette                     # the sample articles (in memory)
#   docker run --rm -p 8080:8080 -v gazette-data:/data gazette gazette serve
#                                                            # your database: /data/gazette.sqlite
#   docker run --rm -v gazette-data:/data -v "$PWD/_posts:/posts:ro" gazette gazette ingest /posts
#
# The build installs the same -dev packages as CI (.ci/run) and README's prerequisites, and
# builds with SwiftPM as CI does; --static-swift-stdlib puts the Swift runtime (and
# Foundation) inside the binary, so the runtime image needs only the C libraries below.

FROM swift:6.3-bookworm AS build
# Versions are Debian 12's current ones: pinning them would break the build at the next
# security update.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update \
    && apt-get install -y --no-install-recommends \
        libsqlite3-dev libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The manifest first, so that fetching dependencies is cached across source changes.
COPY Package.* ./
RUN swift package resolve
COPY . .
RUN swift build -c release --static-swift-stdlib --product gazette \
    && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/gazette" /out/gazette

FROM debian:bookworm-slim
# Runtime libraries only: the libraries of the -dev packages above (package names as in
# Debian 12, `apt-cache search cmark-gfm`), libstdc++ for the statically linked Swift runtime,
# CA certificates and time-zone data (naive post dates are read in the configured zone).
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update \
    && apt-get install -y --no-install-recommends \
        libsqlite3-0 libxml2 libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 zlib1g \
        libstdc++6 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 gazette \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin gazette \
    && mkdir -p /data \
    && chown gazette:gazette /data
COPY --from=build /out/gazette /usr/local/bin/gazette

# Listen on every interface of the container (the port is published with -p); the database
# lives on the volume. `gazette serve` reads config/gazette.yaml from /data when present.
ENV GAZETTE_HOST=0.0.0.0 \
    GAZETTE_PORT=8080 \
    GAZETTE_DB=/data/gazette.sqlite
VOLUME ["/data"]
WORKDIR /data
# The gazette user (numeric, so that Kubernetes runAsNonRoot can check it).
USER 10001:10001
EXPOSE 8080

# GET /healthz with bash's /dev/tcp (bash is in the slim image; curl would add a package and
# its libraries): healthy when the status line says 200.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${GAZETTE_PORT:-8080} && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

CMD ["gazette", "serve", "--demo"]
