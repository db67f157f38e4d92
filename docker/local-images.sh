#!/usr/bin/env bash
# Makes the local equivalents of the images docker-compose.yml defaults to, on a Debian machine that cannot pull
# from a registry (no apache/kafka, postgres, nginx or eclipse-temurin): a Debian base made by debootstrap from
# this machine's apt mirror, and from it a Kafka broker (the Kafka jars from Maven Central), a PostgreSQL server
# (Debian's postgresql) and a reverse proxy (Debian's nginx); the services run on the base itself (Debian's
# openjdk-17-jre-headless). docs/operations.md (Docker compose) says how to use them.
#
#   docker/local-images.sh            install docker.io, docker-compose and debootstrap if missing, start dockerd
#                                      if it is not running, then make every image that does not exist yet
#   docker/local-images.sh --env      the same, then print the variables that point docker-compose.yml at them
#   docker/local-images.sh --stop     stop the dockerd this script started (if it did), leaving the machine as found:
#                                      with an engine running, test-support would choose Testcontainers, whose images
#                                      cannot be pulled here
#
# Exit status: 0 when the images are there; 3 when this machine cannot run a Docker engine (no root, no dockerd,
# dockerd does not start): the caller then knows the compose test cannot run here; anything else is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=tandem-local/debian:bookworm
KAFKA_IMAGE=tandem-local/kafka:4.1.1
POSTGRES_IMAGE=tandem-local/postgres:15
PROXY_IMAGE=tandem-local/nginx:bookworm
# everything any local image needs, installed in one step into the one base image
DOCKERD_PID_FILE=/var/run/tandem-dockerd.pid
BASE_PACKAGES="openjdk-17-jre-headless postgresql nginx-light curl ca-certificates procps"

say() { echo "local-images: $*" >&2; }
cannot() { say "CANNOT RUN DOCKER HERE: $*"; exit 3; }

ensure_tools() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || cannot "${missing[*]} missing and not root to install them"
  command -v apt-get >/dev/null || cannot "${missing[*]} missing and no apt-get"
  say "installing ${missing[*]} (apt-get install)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || cannot "apt-get install ${missing[*]} failed"
}

ensure_dockerd() {
  docker info >/dev/null 2>&1 && { say "dockerd is running"; return 0; }
  [ "$(id -u)" -eq 0 ] || cannot "dockerd is not running and starting it needs root"
  say "starting dockerd (log: /var/log/tandem-dockerd.log)"
  nohup dockerd >/var/log/tandem-dockerd.log 2>&1 &
  echo $! >"$DOCKERD_PID_FILE"
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && { say "dockerd is up"; return 0; }
    kill -0 $! 2>/dev/null || break
    sleep 1
  done
  tail -n 5 /var/log/tandem-dockerd.log >&2 || true
  cannot "dockerd did not start (see /var/log/tandem-dockerd.log)"
}

exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The Debian mirror apt is configured with (deb822 .sources first, then sources.list), for debootstrap.
debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ {u=$2} /^Suites:/ && / bookworm( |$)/ {print u; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

ensure_base() {
  exists "$BASE_IMAGE" && { say "$BASE_IMAGE exists, reused"; return 0; }
  local mirror dir
  mirror=$(debian_mirror)
  dir=$(mktemp -d /var/tmp/tandem-debootstrap.XXXXXX)
  say "making $BASE_IMAGE: debootstrap --variant=minbase bookworm from $mirror with $BASE_PACKAGES (1 to 5 minutes, as fast as the mirror)"
  # policy-rc.d keeps the packages' maintainer scripts from starting nginx or PostgreSQL on this host
  mkdir -p "$dir/usr/sbin" && printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d" && chmod +x "$dir/usr/sbin/policy-rc.d"
  debootstrap --variant=minbase --include="${BASE_PACKAGES// /,}" bookworm "$dir" "$mirror" >"$dir.log" 2>&1 \
    || { tail -n 20 "$dir.log" >&2; say "debootstrap failed (log: $dir.log)"; exit 1; }
  # no cluster baked into the image: the PostgreSQL image initialises its data directory at first start
  rm -rf "$dir"/var/lib/postgresql/15/main "$dir"/etc/postgresql/15/main "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$dir" "$dir.log"
  say "$BASE_IMAGE made"
}

# The broker's jars: the Kafka version docker-compose.yml's default image runs, from Maven Central.
kafka_jars() {
  local libs=docker/local/kafka/target/libs
  [ -n "$(ls "$libs" 2>/dev/null)" ] && return 0
  say "copying the Kafka broker's jars to $libs (mvnw dependency:copy-dependencies)"
  ./mvnw -q -f docker/local/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/libs
}

build() { # image, dockerfile, context
  exists "$1" && { say "$1 exists, reused"; return 0; }
  say "building $1 from $2"
  local out
  out=$(docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$1" -f "$2" "$3" 2>&1) || { echo "$out" >&2; exit 1; }
}

stop_dockerd() {
  [ -f "$DOCKERD_PID_FILE" ] || { say "dockerd was not started by this script: left alone"; return 0; }
  local pid
  pid=$(cat "$DOCKERD_PID_FILE")
  rm -f "$DOCKERD_PID_FILE"
  kill -0 "$pid" 2>/dev/null || return 0
  say "stopping the dockerd this script started (pid $pid)"
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  say "dockerd (pid $pid) did not stop within 30 s"
}

if [ "${1:-}" = "--stop" ]; then
  stop_dockerd
  exit 0
fi
ensure_tools
ensure_dockerd
ensure_base
kafka_jars
build "$KAFKA_IMAGE" docker/local/kafka/Dockerfile docker/local/kafka
build "$POSTGRES_IMAGE" docker/local/postgres/Dockerfile docker/local/postgres
build "$PROXY_IMAGE" docker/local/nginx/Dockerfile docker/local/nginx

say "the local images are ready (${SECONDS} s)"
if [ "${1:-}" = "--env" ]; then
  echo "TANDEM_KAFKA_IMAGE=$KAFKA_IMAGE"
  echo "TANDEM_POSTGRES_IMAGE=$POSTGRES_IMAGE"
  echo "TANDEM_PROXY_IMAGE=$PROXY_IMAGE"
  echo "TANDEM_JAVA_IMAGE=$BASE_IMAGE"
fi
