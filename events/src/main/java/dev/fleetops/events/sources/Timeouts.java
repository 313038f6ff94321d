package dev.fleetops.events.sources;

/**
 * The JDK HTTP server's timeouts (system properties read once, when its first server is created; documented in
 * the {@code jdk.httpserver} module's summary): a request whose line and headers take longer than
 * {@code sun.net.httpserver.maxReqTime} seconds is closed, an idle kept-alive connection after
 * {@code idleInterval} seconds, and at most {@code maxIdleConnections} are kept. An operator's own -D wins.
 */
final class Timeouts {

    static final String MAX_REQUEST_SECONDS = "30";
    static final String IDLE_SECONDS = "30";
    static final String MAX_IDLE_CONNECTIONS = "32";

    private Timeouts() { }

    static void apply() {
        setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxRspTime", MAX_REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.idleInterval", IDLE_SECONDS);
        setIfAbsent("sun.net.httpserver.maxIdleConnections", MAX_IDLE_CONNECTIONS);
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) System.setProperty(name, value);
    }
}
