package dev.tandem.system.faults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.tandem.testsupport.ServiceProcess;

/**
 * What {@code ./tandem up}'s supervisor and a container's restart policy do, for the fault matrix: a watched
 * process that exits is started again at once. A row exempts the process it kills itself (it restarts it, or
 * not, and times it); any other exit is counted, because it is a finding of the row (a service that stopped
 * itself when something under it went away).
 */
final class Supervision implements AutoCloseable {

    private final Set<ServiceProcess> watched = new LinkedHashSet<>();
    private final List<String> restarts = new ArrayList<>();
    private final Thread thread = new Thread(this::run, "fault-matrix-supervision");
    private volatile boolean running = true;

    Supervision(List<ServiceProcess> processes) {
        watched.addAll(processes);
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void exempt(ServiceProcess process) {
        watched.remove(process);
    }

    synchronized void watch(ServiceProcess process) {
        watched.add(process);
    }

    /** The processes that exited by themselves and were restarted, since the last call. */
    synchronized List<String> takeRestarts() {
        List<String> taken = List.copyOf(restarts);
        restarts.clear();
        return taken;
    }

    private void run() {
        while (running) {
            synchronized (this) {
                for (ServiceProcess process : watched) {
                    if (!process.isAlive()) {
                        restarts.add(process.log().getFileName().toString());
                        System.out.println("FaultMatrixIT: " + process.log().getFileName() + " exited by itself;"
                                + " restarting it\n" + process.logTail(15));
                        process.start();
                    }
                }
            }
            try {
                Thread.sleep(100); // polling child processes: Process.onExit per start would do, at more length
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
