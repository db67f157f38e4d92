#!/usr/bin/env bash
# The broker from KAFKA_* variables, the convention of the official apache/kafka image: KAFKA_ dropped, lower case,
# '___' -> '-', '__' -> '_', '_' -> '.' (KAFKA_LOG_DIRS -> log.dirs). The storage is formatted on the first start
# only (--ignore-formatted), with CLUSTER_ID or the official image's default id.
set -euo pipefail
props=/opt/kafka/config/server.properties
: >"$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_LOG4J_OPTS|KAFKA_JMX_OPTS|KAFKA_GC_LOG_OPTS|KAFKA_VERSION) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  echo "$key=$value" >>"$props"
done < <(env)
echo "local-kafka: $(wc -l <"$props") settings from KAFKA_* into $props"
cp=(-cp "/opt/kafka/libs/*" "-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties")
# shellcheck disable=SC2086  # the *_OPTS are word lists, as in kafka-run-class.sh
java $KAFKA_HEAP_OPTS "${cp[@]}" kafka.tools.StorageTool format --ignore-formatted \
  -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$props"
# shellcheck disable=SC2086
exec java $KAFKA_HEAP_OPTS ${KAFKA_OPTS:-} "${cp[@]}" kafka.Kafka "$props"
