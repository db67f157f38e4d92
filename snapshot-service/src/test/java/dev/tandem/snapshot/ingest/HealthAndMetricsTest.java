package dev.tandem.snapshot.ingest;

import dev.tandem.snapshot.testing.Fixtures;
import dev.tandem.snapshot.testing.OpStream;
import dev.tandem.snapshot.testing.ProjectionTables;
import dev.tandem.testsupport.TandemInfrastructureResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How an operator sees the projection: readiness checks and Prometheus metrics. */
@QuarkusTest
@WithTestResource(value = TandemInfrastructureResource.class,
        initArgs = @ResourceArg(name = "postgres", value = "true"))
class HealthAndMetricsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void readinessChecksTheDatabaseKafkaAndTheProjection() {
        // the overall status may be DOWN if another test left a stalled document: look at each check
        JsonPath health = RestAssured.get("/q/health/ready").then().extract().jsonPath();

        assertThat(health.getString("checks.find { it.name == 'Database connections health check' }.status"))
                .isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'Kafka connection health check' }.status"))
                .isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }"
                + ".status")).isEqualTo("UP");
        assertThat(health.getString("checks.find { it.name == 'snapshot projection' }.status")).isNotNull();
    }

    @Test
    void readinessSaysWhetherTheProjectionHasCaughtUpWithTheLog() {
        OpStream doc = new OpStream(Fixtures.docId("caught-up"), 3);
        Fixtures.publisher().commit(doc.next(5));
        ProjectionTables tables = new ProjectionTables(dataSource::getConnection);
        await().atMost(Duration.ofSeconds(60)).until(() -> tables.head(doc.docId()) == 5);

        // once folded and committed (the connector commits at most a second later), the check is UP
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(RestAssured.get("/q/health/ready").then()
                .extract().jsonPath().getString("checks.find { it.name == 'snapshot caught up' }.status")));
        JsonPath health = RestAssured.get("/q/health/ready").then().extract().jsonPath();
        assertThat(health.getString("checks.find { it.name == 'snapshot caught up' }.data.reason"))
                .isEqualTo("caught up");
    }

    @Test
    void metricsShowOpsAppliedBatchSizesAndLag() {
        OpStream doc = new OpStream(Fixtures.docId("metrics"), 9);
        Fixtures.publisher().commit(doc.next(12));
        ProjectionTables tables = new ProjectionTables(dataSource::getConnection);
        await().atMost(Duration.ofSeconds(60)).until(() -> tables.head(doc.docId()) == 12);

        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("tandem_snapshot_ops_applied_total", "tandem_snapshot_batch_records_count",
                "tandem_snapshot_batch_records_bucket", "tandem_snapshot_last_applied_age_seconds",
                "tandem_snapshot_batch_write_seconds_count", "tandem_snapshot_documents_stalled",
                "tandem_snapshot_snapshots_written_total", "kafka_consumer_fetch_manager_records_lag_max");
        assertThat(value(metrics, "tandem_snapshot_ops_applied_total")).isGreaterThanOrEqualTo(12);
    }

    private static double value(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
