package dev.fleetops.handlers.decommission;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * goiardi, a Chef server from Debian's packages ({@code apt-get install -y goiardi}), started on a free loopback
 * port with authentication on and a temporary config; it writes its admin key ({@code admin.pem}) into the
 * config root. Tests that need it are skipped, with the reason, when it is not installed, unless
 * FLEETOPS_REQUIRE_GOIARDI=1 (CI), where a missing goiardi fails them.
 */
final class Goiardi implements AutoCloseable {

    static final String REQUIRE_ENV = "FLEETOPS_REQUIRE_GOIARDI";

    final Path root;
    final int port;
    private final Process process;

    private Goiardi(Path root, int port, Process process) {
        this.root = root;
        this.port = port;
        this.process = process;
    }

    static Goiardi startOrSkip() throws Exception {
        Path binary = Path.of("/usr/bin/goiardi");
        if (!Files.isExecutable(binary)) {
            String why = "goiardi is not installed (apt-get install -y goiardi)";
            if ("1".equals(System.getenv(REQUIRE_ENV))) throw new AssertionError(why + " and " + REQUIRE_ENV + "=1");
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        Path root = Files.createTempDirectory("goiardi");
        Files.createDirectories(root.resolve("lfs"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(root.resolve("goiardi.conf"), """
                ipaddress = "127.0.0.1"
                port = %d
                use-auth = true
                conf-root = "%s"
                log-level = "warning"
                log-file = "%s"
                local-filestore-dir = "%s"
                """.formatted(port, root, root.resolve("goiardi.log"), root.resolve("lfs")));
        Process p = new ProcessBuilder(binary.toString(), "-c", root.resolve("goiardi.conf").toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("stdout.log").toFile()).start();
        Goiardi g = new Goiardi(root, port, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!g.ready()) {
            if (!p.isAlive()) throw new AssertionError("goiardi exited: " + Files.readString(root.resolve("stdout.log")));
            if (System.nanoTime() > deadline) {
                g.close();
                throw new AssertionError("goiardi did not listen on " + port + " within 20 s");
            }
            p.waitFor(50, TimeUnit.MILLISECONDS); // a real process starting: wait in real time
        }
        return g;
    }

    private boolean ready() {
        if (!Files.exists(root.resolve("admin.pem"))) return false;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path adminKey() {
        return root.resolve("admin.pem");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
