package dev.fleetops.sim.parity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Disables only the "sim" invocations of a parity test (method or class) whose simulated service is not merged
 * yet; the moto invocations still run. The value is the reason shown in the report, e.g. "sim ssm not merged yet".
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface SimPending {
    String value();
}
