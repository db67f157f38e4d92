package dev.tandem.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real infrastructure of {@link TestKafka} and {@link TestPostgres}, so
 * Quarkus Dev Services (which need Docker) stay quiet and the service under test talks to a real broker and
 * database on any machine.
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = TandemInfrastructureResource.class,
 *                   initArgs = @ResourceArg(name = "postgres", value = "true"))
 * class SnapshotRepositoryTest { ... }
 * }</pre>
 * The service must also switch Dev Services off for tests ({@code %test.quarkus.devservices.enabled=false}): in
 * Quarkus 3.34 the application is built, Dev Services included, while JUnit discovers the test class, before any
 * test resource starts, so without it the build fails on a machine without Docker ("Please configure the
 * datasource URL ... or ensure the Docker daemon is up").
 * <p>
 * Init args: {@code kafka} (default {@code true}), {@code postgres} (default {@code false}: only services with a
 * datasource want one) and {@code database} (the purpose word in the fresh database's name, default
 * {@code quarkus}). Every start hands out a fresh database. The broker and server outlive {@link #stop()}: they
 * are per-JVM singletons, shared with later test classes and stopped at JVM exit.
 */
public class TandemInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String DATASOURCE_URL = "quarkus.datasource.jdbc.url";
    public static final String DATASOURCE_USERNAME = "quarkus.datasource.username";
    public static final String DATASOURCE_PASSWORD = "quarkus.datasource.password";

    private boolean kafka = true;
    private boolean postgres = false;
    private String database = "quarkus";

    @Override
    public void init(Map<String, String> initArgs) {
        kafka = Boolean.parseBoolean(initArgs.getOrDefault("kafka", "true"));
        postgres = Boolean.parseBoolean(initArgs.getOrDefault("postgres", "false"));
        database = initArgs.getOrDefault("database", "quarkus");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>();
        if (kafka) {
            config.put(KAFKA_BOOTSTRAP_SERVERS, TestKafka.get().bootstrapServers());
        }
        if (postgres) {
            JdbcTarget target = TestPostgres.get().newDatabase(database);
            config.put(DATASOURCE_URL, target.jdbcUrl());
            config.put(DATASOURCE_USERNAME, target.user());
            config.put(DATASOURCE_PASSWORD, target.password());
        }
        return config;
    }

    @Override
    public void stop() {
        // nothing: see the class comment
    }
}
