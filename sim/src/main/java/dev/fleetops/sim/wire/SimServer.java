package dev.fleetops.sim.wire;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cloud.WireAccess;
import dev.fleetops.retry.RetryPolicy;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.RealScheduler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated region behind one HTTP endpoint that speaks the AWS protocols of its services (EC2 query, AWS query,
 * AWS JSON), so any SDK, the AWS CLI or boto3 reaches it with {@code --endpoint-url}; see docs/sim-serve.md.
 * The region runs on one thread of its own ({@link SimDriver}); HTTP threads only decode and encode.
 */
public final class SimServer implements AutoCloseable {

    /** AWS's largest query-protocol request is far smaller; anything beyond this is refused before it is read. */
    static final int MAX_BODY = 10 * 1024 * 1024;
    private static final int THREADS = 32;

    static {
        // The JDK's HttpServer leaves Nagle's algorithm on unless told (its ServerConfig reads this once, when the
        // JVM's first server is made): a small answer then waits on the client's delayed ACK, tens of ms a request
        // (bench wire: DescribeTargetHealth's closed loop went from 58 to 101 requests/s with it off). A user's
        // own -Dsun.net.httpserver.nodelay wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /**
     * @param bind  the address to listen on (loopback unless told otherwise)
     * @param port  0 for a free port
     * @param speed virtual seconds per wall-clock second; 0 stops the clock but for {@code /_fleetops/advance}
     */
    public record Options(String bind, int port, double speed, Optional<Credentials> credentials) {
        public Options(String bind, int port, double speed) {
            this(bind, port, speed, Optional.empty());
        }

        public static Options defaults() {
            return new Options("127.0.0.1", 0, 1.0);
        }

        /** The same, checking signatures against {@code c}. */
        public Options checking(Credentials c) {
            return new Options(bind, port, speed, Optional.of(c));
        }
    }

    /**
     * The one access key and secret requests must be signed with ({@code --credentials KEY:SECRET}); without them any
     * signature is accepted.
     */
    public record Credentials(String accessKeyId, String secretAccessKey) {
        public Credentials {
            if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("credentials need an access key id and a secret: KEY:SECRET");
            }
        }

        /** {@code KEY:SECRET} (the secret may hold colons). */
        public static Credentials parse(String keyColonSecret) {
            int colon = keyColonSecret.indexOf(':');
            if (colon <= 0 || colon == keyColonSecret.length() - 1) {
                throw new IllegalArgumentException("expected KEY:SECRET (an access key id, a colon, a secret access key), got '"
                        + (colon < 0 ? keyColonSecret : keyColonSecret.substring(0, colon) + ":...") + "'");
            }
            return new Credentials(keyColonSecret.substring(0, colon), keyColonSecret.substring(colon + 1));
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ":***]";
        }
    }

    private final HttpServer http;
    private final ExecutorService pool;
    private final SimDriver driver;
    private final Dispatcher dispatcher;
    private final AdminApi admin;
    private final URI endpoint;

    private SimServer(SimRegion region, Options options) throws IOException {
        this(region, options, serving(region, options));
    }

    private static SimDriver serving(SimRegion region, Options options) {
        // Clients retry on their own, as they do against AWS: the region answers each attempt once.
        region.context().gate().retryWith(RetryPolicy.none());
        return new SimDriver(region.scheduler(), options.speed(), RealScheduler.systemClock());
    }

    private SimServer(SimRegion region, Options options, SimDriver driver) throws IOException {
        this.driver = driver;
        this.pool = threads("fleetops-sim-http", THREADS);
        this.dispatcher = new Dispatcher(new WireServices(region), driver,
                options.credentials().map(c -> new Signatures(c.accessKeyId(), c.secretAccessKey())));
        this.admin = new AdminApi(region, driver);
        InetSocketAddress address = new InetSocketAddress(options.bind(), options.port());
        try {
            this.http = HttpServer.create(address, 128);
        } catch (IOException e) {
            driver.close();
            pool.shutdown();
            // the JDK's message names no address: say which one
            IOException named = e instanceof java.net.BindException ? new java.net.BindException(options.bind() + ":"
                    + options.port() + ": " + e.getMessage()) : new IOException(options.bind() + ":" + options.port() + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        http.setExecutor(pool);
        http.createContext("/", this::exchange);
        http.start();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : options.bind();
        if (host.contains(":")) host = "[" + host + "]";
        this.endpoint = URI.create("http://" + host + ":" + http.getAddress().getPort());
    }

    /** Starts serving {@code region}, which from now on belongs to the server's thread: call it through the wire only. */
    public static SimServer start(SimRegion region, Options options) throws IOException {
        return new SimServer(region, options);
    }

    /**
     * {@code region} reachable by scripts (aws:executeScript) while a run in this process drives its time: a
     * loopback server started on a free port on first {@link WireAccess#open()}, whose requests run on the thread
     * driving the region's time (a run's own), stopped on close. Unlike {@link #start}, the region keeps its retry
     * policy and its time: a script's work is held in it ({@link WireAccess#hold()}).
     */
    public static WireAccess onDemand(SimRegion region) {
        return new OnDemandWire(region);
    }

    static SimServer attached(SimRegion region) throws IOException {
        return new SimServer(region, Options.defaults(), SimDriver.attached(region.scheduler()));
    }

    /** Mounts more on this server (the live page, docs/ui.md); a longer path wins over the AWS endpoint at "/". */
    public void mount(java.util.function.Consumer<HttpServer> mounter) {
        mounter.accept(http);
    }

    /** The URL clients give as their endpoint, e.g. {@code http://127.0.0.1:4566}. */
    public URI endpoint() {
        return endpoint;
    }

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            Answer a;
            try {
                WireRequest r = read(ex);
                a = r.body().length > MAX_BODY ? dispatcher.tooLarge(r, MAX_BODY)
                        : r.path().startsWith(AdminApi.PREFIX) ? admin.handle(r).get() : dispatcher.answer(r);
            } catch (ExecutionException e) {
                a = Answer.of(500, "text/plain", "the simulated region failed on this request: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                a = Answer.of(503, "text/plain", "the simulated region is stopping");
            } catch (RuntimeException e) {
                a = Answer.of(500, "text/plain", "the simulated region failed on this request: " + e);
            }
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body());
                }
            }
        }
    }

    private static WireRequest read(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            if (!h.getValue().isEmpty()) headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        // a body over the limit (MAX_BODY + 1 bytes read) is answered in its service's error shape, never decoded
        URI uri = ex.getRequestURI();
        return new WireRequest(ex.getRequestMethod().toUpperCase(Locale.ROOT), uri.getPath() == null ? "/" : uri.getPath(),
                uri.getRawQuery(), headers, body);
    }

    private static ExecutorService threads(String name, int n) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor p = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** Stops accepting, lets answers in progress finish for up to a second, then stops the region's thread. */
    @Override
    public void close() {
        http.stop(1);
        driver.close();
        pool.shutdownNow();
    }
}
