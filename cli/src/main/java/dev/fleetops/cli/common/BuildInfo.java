package dev.fleetops.cli.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's properties (version; commit when the build recorded one), read from the jar's version.properties. */
public final class BuildInfo {

    private BuildInfo() { }

    /** {@code name}'s value, or {@code unknown} when the build did not record it. */
    public static String property(String name) {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/fleetops/cli/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // an unreadable resource: the property is unknown, as below
        }
        String v = p.getProperty(name, "unknown");
        return v.startsWith("${") ? "unknown" : v; // an unfiltered placeholder: the build did not set it
    }
}
