# One image recipe for every Tandem service (a Quarkus fast-jar). Build the jars first:
#   ./mvnw package -DskipTests
# then `docker compose up --build` (docker-compose.yml passes MODULE, and JAVA_IMAGE from TANDEM_JAVA_IMAGE).
# JAVA_IMAGE is any image with java 17+ and bash on the PATH: eclipse-temurin by default, or the local Debian base
# docker/local-images.sh makes where no registry can be reached. Nothing else is needed from it: the healthcheck
# (service-ready.sh) is bash alone, no curl.
ARG JAVA_IMAGE=eclipse-temurin:17-jre
FROM ${JAVA_IMAGE}
ARG MODULE
WORKDIR /deployments
COPY docker/service-run.sh docker/service-ready.sh ./
COPY ${MODULE}/target/quarkus-app/lib/ lib/
COPY ${MODULE}/target/quarkus-app/*.jar ./
COPY ${MODULE}/target/quarkus-app/app/ app/
COPY ${MODULE}/target/quarkus-app/quarkus/ quarkus/
USER 185
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["sh", "/deployments/service-run.sh"]
