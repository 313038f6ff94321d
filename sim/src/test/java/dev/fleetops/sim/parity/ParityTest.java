package dev.fleetops.sim.parity;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test run once per backend ("sim", "wire", then "moto"; surefire reports them as [1], [2] and [3]), each time with a fresh
 * {@link Backend} parameter.
 * Assert only what both model (moto's documentation, "Implemented Services", lists what moto covers); branch on
 * {@link Backend#kind()} where AWS and moto differ.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(Backends.class)
public @interface ParityTest { }
