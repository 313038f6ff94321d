package dev.fleetops.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * CPU time a server spends, read around a measurement: on a machine shared with other builds wall-clock rates
 * say more about the neighbours than about the server, CPU time per request does not. The simulator's is the sum
 * over its threads in this JVM (the region's thread, the HTTP and encoding pools, the JDK server's dispatcher);
 * moto's is its process's user and system time from {@code /proc/PID/stat}.
 */
final class WireCpu {

    /** Linux's USER_HZ, the unit of /proc/PID/stat's times, on every architecture the JDK runs on. */
    private static final long TICKS_PER_SECOND = 100;

    private WireCpu() { }

    /** Nanoseconds of CPU the served region's threads have used so far. */
    static LongSupplier simServer() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return () -> {
            long sum = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String n = t.getName();
                if (!n.startsWith("fleetops-sim") && !n.equals("HTTP-Dispatcher")) continue;
                long cpu = mx.getThreadCpuTime(t.getId());
                if (cpu > 0) sum += cpu;
            }
            return sum;
        };
    }

    /** Nanoseconds of CPU this JVM has used so far (load generator and, in this JVM, the simulator). */
    static LongSupplier thisProcess() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun::getProcessCpuTime;
        return () -> -1;
    }

    /** The CPU time of the moto server this JVM started, or empty when it cannot be read (no /proc). */
    static Optional<LongSupplier> moto() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("moto.server")).orElse(false))
                .findFirst()
                .filter(p -> Files.isReadable(stat(p.pid())))
                .map(p -> () -> procCpu(p.pid()));
    }

    private static Path stat(long pid) {
        return Path.of("/proc", Long.toString(pid), "stat");
    }

    private static long procCpu(long pid) {
        try {
            String s = Files.readString(stat(pid));
            // the command (field 2) is in parentheses and may hold spaces: count fields after its closing one
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
