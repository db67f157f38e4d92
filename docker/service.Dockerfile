# One image recipe for every Tandem service (a Quarkus fast-jar). Build the jars first:
#   ./mvnw package -DskipTests
# then `docker compose up --build` (docker-compose.yml passes MODULE).
FROM eclipse-temurin:17-jre
ARG MODULE
WORKDIR /deployments
COPY ${MODULE}/target/quarkus-app/lib/ lib/
COPY ${MODULE}/target/quarkus-app/*.jar ./
COPY ${MODULE}/target/quarkus-app/app/ app/
COPY ${MODULE}/target/quarkus-app/quarkus/ quarkus/
USER 185
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar quarkus-run.jar"]
