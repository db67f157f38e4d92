package dev.tandem.sequencer.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The instance's sequencing workers ({@code tandem.sequencer.workers}), each on its own thread, started once the
 * topics exist ({@link TopicInitializer} runs first) and stopped with the application.
 */
@ApplicationScoped
public class SequencingWorkers {

    private static final Logger LOG = Logger.getLogger(SequencingWorkers.class);

    private final SequencerConfig config;
    private final LimitsConfig limits;
    private final KafkaSettings kafka;
    private final SequencerMetrics metrics;
    private final ProgressMonitor progress;
    private final TopicsConfig topics;
    private final List<SequencingWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public SequencingWorkers(SequencerConfig config, LimitsConfig limits, KafkaSettings kafka,
                             SequencerMetrics metrics, ProgressMonitor progress, TopicsConfig topics) {
        this.config = config;
        this.limits = limits;
        this.kafka = kafka;
        this.metrics = metrics;
        this.progress = progress;
        this.topics = topics;
    }

    /** The Kafka identity of worker {@code n}: the instance id for the first, so one worker keeps the old ids. */
    static String workerName(String instanceId, int n) {
        return n == 0 ? instanceId : instanceId + "-w" + n;
    }

    void onStart(@Observes StartupEvent event) {
        for (int n = 0; n < config.workers(); n++) {
            String name = workerName(config.instanceId(), n);
            DocumentStates states = new DocumentStates(name, config, limits, kafka, metrics);
            SequencingWorker worker = new SequencingWorker(name, config, kafka, states, metrics, progress, topics,
                    () -> Quarkus.asyncExit(1));
            Thread thread = new Thread(worker, "tandem-sequencer-" + n);
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        LOG.infof("%d sequencing worker(s) started", workers.size());
    }

    /** Why each worker that cannot serve now cannot; empty when all can. */
    List<String> troubles() {
        return workers.stream().map(worker -> worker.trouble() == null ? null
                : "worker " + worker.name() + ": " + worker.trouble()).filter(Objects::nonNull).toList();
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.forEach(SequencingWorker::stop);
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
