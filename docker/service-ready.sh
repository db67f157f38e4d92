#!/usr/bin/env bash
# The healthcheck of every Tandem service image: exit 0 when GET /q/health/ready on this container's port $1
# answers 200. bash alone (/dev/tcp), so it works in any image with bash: eclipse-temurin images dropped curl
# from 22 on (adoptium/containers #630, #814) and a Debian JRE image never had it.
port=${1:?usage: service-ready.sh PORT}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 4 _ status _ <&3 || exit 1
[ "$status" = 200 ]
