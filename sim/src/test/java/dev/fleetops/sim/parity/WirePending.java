package dev.fleetops.sim.parity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Disables only the "wire" invocations of a parity test (method or class): for a simulated service that is not on
 * the wire yet ({@code sim serve}, docs/sim-serve.md). The value is the reason shown in the report.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface WirePending {
    String value();
}
