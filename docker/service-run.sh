#!/bin/sh
# The entrypoint of every Tandem service image (docker/service.Dockerfile).
#
# A container's host name (Docker sets HOSTNAME to it) is unique per container, so per replica of a scaled
# service, and stays the same when that container is restarted (docker restart, docker kill and the restart
# policy): exactly what an instance id in Kafka must be. The sequencer defaults tandem.sequencer.instance-id
# to it by itself (its transactional.id and static group membership); the snapshot service's static group
# membership is given it here. A new container (docker compose up after a change) is a new instance: the old
# id's group membership and open transaction expire after their timeouts (10 s for the sequencer).
: "${TANDEM_SNAPSHOT_INSTANCE_ID:=${HOSTNAME:-}}"
export TANDEM_SNAPSHOT_INSTANCE_ID
# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
exec java $JAVA_OPTS -jar quarkus-run.jar
