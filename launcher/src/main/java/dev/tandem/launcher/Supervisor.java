package dev.tandem.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tandem.launcher.RunState.State;

/**
 * Keeps the processes of a local run up. Each process is started with its output appended to its log; when one
 * exits on its own it is started again after its {@link Backoff} delay, logged and counted, while the others keep
 * serving. A readiness probe runs every second, so {@code status} shows what serves, not only what runs. One can be
 * restarted by name; {@link #stopAll()} stops them last-started first (TERM, then KILL after a grace period).
 * <p>
 * The state is published to {@code run.json} on every change (see {@link RunState}).
 */
public final class Supervisor implements AutoCloseable {

    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final RunLayout layout;
    private final Supplier<Backoff> backoffs;
    private final Map<String, Supervised> processes = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        var t = new Thread(r, "tandem-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final long startedAtMillis = System.currentTimeMillis();
    private volatile boolean shuttingDown;
    private boolean closed;
    private int controlPort;
    private String gatewayUrl = "";

    private static final class Supervised {
        final ServiceSpec spec;
        final Backoff backoff;
        Process process;
        Instant startedAt = Instant.EPOCH;
        State state = State.STARTING;
        boolean ready;
        boolean everReady;
        boolean stopRequested;
        int restarts;
        String lastExit = "";
        ScheduledFuture<?> pendingRestart;

        Supervised(ServiceSpec spec, Backoff backoff) {
            this.spec = spec;
            this.backoff = backoff;
        }
    }

    public Supervisor(RunLayout layout) {
        this(layout, Backoff::new);
    }

    public Supervisor(RunLayout layout, Supplier<Backoff> backoffs) {
        this.layout = layout;
        this.backoffs = backoffs;
        scheduler.scheduleWithFixedDelay(this::probeAll, 1, 1, TimeUnit.SECONDS);
    }

    public synchronized void publishControl(int port, String gatewayUrl) {
        this.controlPort = port;
        this.gatewayUrl = gatewayUrl;
        publish();
    }

    /** Starts a new process and supervises it from now on. */
    public synchronized void start(ServiceSpec spec) {
        if (processes.containsKey(spec.name())) {
            throw new IllegalArgumentException(spec.name() + " is already supervised");
        }
        var s = new Supervised(spec, backoffs.get());
        processes.put(spec.name(), s);
        launch(s);
    }

    /**
     * Waits until the named process serves. Fails at once if it was given up on, and after {@code timeout} with the
     * tail of its log.
     */
    public void awaitReady(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            synchronized (this) {
                Supervised s = get(name);
                if (s.ready) {
                    return;
                }
                if (s.state == State.FAILED) {
                    throw new StartupException(name + " could not be started: " + s.lastExit + "; see "
                            + layout.log(name) + ":\n" + LogTail.of(layout.log(name), 15));
                }
                if (System.nanoTime() > deadline) {
                    throw new StartupException(name + " not ready after " + timeout.toSeconds() + " s; see "
                            + layout.log(name) + ":\n" + LogTail.of(layout.log(name), 15));
                }
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** Stops the named process (TERM, then KILL) and starts it again at once, with a fresh back-off. */
    public void restart(String name) {
        stop(name);
        Console.say(name + ": restarting, as asked");
        resume(name);
    }

    /** Stops the named process and keeps it stopped (no restart) until {@link #resume(String)}. */
    public void stop(String name) {
        Process old;
        synchronized (this) {
            Supervised s = get(name);
            if (s.pendingRestart != null) {
                s.pendingRestart.cancel(false);
            }
            s.stopRequested = true;
            s.state = State.STOPPING;
            old = s.process;
            publish();
        }
        if (old != null) {
            terminate(old);
        }
        synchronized (this) {
            get(name).state = State.STOPPED;
            publish();
        }
    }

    /** Starts a process stopped by {@link #stop(String)} again. */
    public synchronized void resume(String name) {
        Supervised s = get(name);
        s.stopRequested = false;
        s.backoff.reset();
        s.restarts++;
        launch(s);
    }

    /** Stops every process, last started first. */
    public void stopAll() {
        List<Supervised> order;
        synchronized (this) {
            shuttingDown = true;
            order = new ArrayList<>(processes.values());
            for (Supervised s : order) {
                if (s.pendingRestart != null) {
                    s.pendingRestart.cancel(false);
                }
            }
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Supervised s = order.get(i);
            Process p;
            synchronized (this) {
                p = s.process;
                s.state = State.STOPPING;
            }
            if (p != null && p.isAlive()) {
                Console.say("stopping " + s.spec.name() + " (" + p.pid() + ")");
                terminate(p);
            }
            synchronized (this) {
                s.state = State.STOPPED;
                s.ready = false;
                publish();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        scheduler.shutdownNow();
        synchronized (this) {
            closed = true; // exit callbacks of the stopped processes may still run: they must not write any more
        }
    }

    public synchronized RunState state() {
        List<RunState.Process> list = new ArrayList<>();
        for (Supervised s : processes.values()) {
            list.add(new RunState.Process(s.spec.name(), s.spec.kind(), s.spec.port(),
                    s.process == null ? 0 : s.process.pid(), s.state, s.ready, s.startedAt.toEpochMilli(),
                    s.restarts, s.lastExit));
        }
        return new RunState(ProcessHandle.current().pid(), controlPort, startedAtMillis, gatewayUrl, list);
    }

    public synchronized Optional<Long> pid(String name) {
        Supervised s = processes.get(name);
        return s == null || s.process == null ? Optional.empty() : Optional.of(s.process.pid());
    }

    public synchronized boolean supervises(String name) {
        return processes.containsKey(name);
    }

    // ---- internals ----------------------------------------------------------------------------------------------

    private Supervised get(String name) {
        Supervised s = processes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no process named " + name + " (there are: "
                    + String.join(", ", processes.keySet()) + ")");
        }
        return s;
    }

    private void launch(Supervised s) {
        ServiceSpec spec = s.spec;
        var log = layout.log(spec.name());
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- [tandem] " + Instant.now() + " starting " + spec.name()
                            + (s.restarts > 0 ? " (restart " + s.restarts + ")" : "") + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            var builder = new ProcessBuilder(spec.command()).directory(layout.root().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(spec.env());
            Process p = builder.start();
            s.process = p;
            s.startedAt = Instant.now();
            s.state = State.STARTING;
            s.ready = false;
            s.everReady = false;
            p.onExit().thenRun(() -> exited(s, p));
        } catch (IOException e) {
            s.state = State.FAILED;
            s.lastExit = "could not start: " + e.getMessage();
            Console.error(spec.name() + " " + s.lastExit);
        }
        publish();
    }

    private synchronized void exited(Supervised s, Process p) {
        if (s.process != p) {
            return; // an earlier incarnation
        }
        Duration uptime = Duration.between(s.startedAt, Instant.now());
        s.lastExit = ExitStatus.describe(p.exitValue()) + " after " + Uptime.format(uptime);
        s.ready = false;
        if (shuttingDown || s.stopRequested) {
            s.state = State.STOPPED;
            publish();
            return;
        }
        Duration delay = s.backoff.delayAfter(uptime, s.everReady);
        if (s.backoff.givenUp()) {
            s.state = State.FAILED;
            Console.error(s.spec.name() + " " + s.lastExit + ", the " + Backoff.GIVE_UP_AFTER
                    + "th time in a row without becoming ready: given up. See " + layout.log(s.spec.name())
                    + ", then ./tandem restart " + s.spec.name());
        } else {
            s.state = State.RESTARTING;
            Console.error(s.spec.name() + " " + s.lastExit + "; restarting it in " + Uptime.format(delay)
                    + " (restart " + (s.restarts + 1) + "; log " + layout.log(s.spec.name()) + ")");
            s.pendingRestart = scheduler.schedule(() -> relaunch(s), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        publish();
    }

    private synchronized void relaunch(Supervised s) {
        if (shuttingDown || s.state != State.RESTARTING) {
            return;
        }
        s.restarts++;
        launch(s);
    }

    private void probeAll() {
        List<Supervised> live;
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            live = processes.values().stream().filter(s -> s.process != null && s.process.isAlive()
                    && (s.state == State.STARTING || s.state == State.RUNNING)).toList();
        }
        for (Supervised s : live) {
            boolean ready = s.spec.readiness().probe();
            synchronized (this) {
                if (s.ready == ready || shuttingDown || !s.process.isAlive()) {
                    continue;
                }
                s.ready = ready;
                if (ready) {
                    s.everReady = true;
                    s.state = State.RUNNING;
                    if (s.restarts > 0) {
                        Console.say(s.spec.name() + " serves again on :" + s.spec.port() + " (restart " + s.restarts
                                + ", up " + Uptime.format(Duration.between(s.startedAt, Instant.now())) + ")");
                    }
                } else {
                    Console.error(s.spec.name() + " is running but no longer ready on :" + s.spec.port());
                }
                publish();
            }
        }
    }

    private void publish() {
        if (closed) {
            return;
        }
        try {
            Files.createDirectories(layout.state());
            state().write(layout.stateFile());
        } catch (IOException e) {
            Console.error("could not write " + layout.stateFile() + ": " + e.getMessage());
        }
    }

    /** TERM, then KILL after {@link #STOP_GRACE}; returns once the process is gone. */
    static void terminate(ProcessHandle p) {
        p.destroy();
        try {
            p.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    private static void terminate(Process p) {
        terminate(p.toHandle());
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted");
        }
    }

    /** A process of the run could not be brought up. */
    public static final class StartupException extends RuntimeException {
        public StartupException(String message) {
            super(message);
        }
    }
}
