package dev.fleetops.runbook.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * Owner ids of leases: {@code host:pid:start-time} (the process's start in epoch milliseconds), so that
 * {@code recover} on the same host can tell a dead owner from a live one without waiting for its lease to expire
 * (a pid reused by another process has another start time).
 */
public final class Owners {

    private Owners() { }

    public static String thisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return host() + ":" + self.pid() + ":" + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** Whether {@code owner} names a process of this host that is no longer running. */
    public static boolean deadOnThisHost(String owner) {
        String[] parts = owner.split(":");
        if (parts.length != 3 || !parts[0].equals(host())) return false;
        try {
            long pid = Long.parseLong(parts[1]);
            long start = Long.parseLong(parts[2]);
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) return true;
            long actual = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(start);
            return actual != start;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
