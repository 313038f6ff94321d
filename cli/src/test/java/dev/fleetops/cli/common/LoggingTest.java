package dev.fleetops.cli.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingTest {

    static final String TOKEN = "3f9c1e0b7a2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENabcdefghijklmnop";
    static final String CHEF_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAexamplechefkey\nAbCdEf==\n-----END RSA PRIVATE KEY-----";

    final StringWriter out = new StringWriter();
    final Logger log = Logging.of("test");

    @AfterEach
    void reset() {
        Logging.configure(Logging.LogLevel.warn, Logging.LogFormat.text, new PrintWriter(System.err, true), Map.of());
    }

    private void configure(Logging.LogLevel level, Logging.LogFormat format) {
        Logging.configure(level, format, new PrintWriter(out, true),
                Map.of("FLEETOPS_EVENTS_TOKEN", TOKEN, "AWS_SECRET_ACCESS_KEY", SECRET_KEY));
    }

    private void logSecrets() {
        log.info("posting with token {}", TOKEN);
        log.info("request header Authorization: Bearer anothertoken0123456789");
        log.atInfo().addKeyValue("key", SECRET_KEY).log("credentials aws_secret_access_key = " + SECRET_KEY);
        log.warn("profile has aws_session_token=" + SESSION + " and SessionToken: \"" + SESSION + "\"");
        log.error("chef client key:\n" + CHEF_KEY);
    }

    @Test
    void aChoiceMadeBeforeLogbackStartsAppliesWhenItStarts() {
        ch.qos.logback.classic.LoggerContext real = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.LoggerContext later = new ch.qos.logback.classic.LoggerContext();
        try {
            configure(Logging.LogLevel.info, Logging.LogFormat.text);
            Logging.started(later); // as logback's configurator does when the first logger is asked for
            later.getLogger("dev.fleetops.test").info("routine");
            later.getLogger("software.amazon.awssdk").info("chatter");
            assertThat(out.toString()).contains(" INFO  fleetops test: routine").doesNotContain("chatter");
        } finally {
            Logging.started(real);
        }
    }

    @Test
    void noSecretReachesATextLine() {
        configure(Logging.LogLevel.info, Logging.LogFormat.text);
        logSecrets();
        String text = out.toString();
        assertThat(text.lines()).hasSize(5); // the key's line breaks do not split its event
        for (String s : List.of(TOKEN, SECRET_KEY, SESSION, "anothertoken0123456789", "MIIEowIBAAKCAQEAexamplechefkey", "AbCdEf==")) {
            assertThat(text).doesNotContain(s);
        }
        assertThat(text).contains("posting with token ****").contains("Bearer ****").contains("aws_session_token=****")
                .contains("-----BEGIN RSA PRIVATE KEY----- **** -----END RSA PRIVATE KEY-----");
    }

    @Test
    void noSecretReachesAJsonLineAndEachLineParses() throws Exception {
        configure(Logging.LogLevel.info, Logging.LogFormat.json);
        logSecrets();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5);
        for (String line : lines) {
            JsonNode o = Json.parse(line);
            assertThat(o.path("logger").asText()).isEqualTo("dev.fleetops.test");
            assertThat(o.path("timestamp").asText()).endsWith("Z");
            for (String s : List.of(TOKEN, SECRET_KEY, SESSION, "MIIEowIBAAKCAQEAexamplechefkey")) assertThat(line).doesNotContain(s);
        }
        assertThat(Json.parse(lines.get(2)).path("key").asText()).isEqualTo("****");
        assertThat(Json.parse(lines.get(4)).path("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void theLevelFiltersOurLinesAndKeepsLibrariesAtWarn() {
        configure(Logging.LogLevel.warn, Logging.LogFormat.text);
        log.info("routine");
        log.warn("trouble");
        assertThat(out.toString()).doesNotContain("routine").contains(" WARN  fleetops test: trouble");
        configure(Logging.LogLevel.debug, Logging.LogFormat.text);
        log.debug("details");
        org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk.request").info("sdk chatter");
        assertThat(out.toString()).contains("DEBUG fleetops test: details").doesNotContain("sdk chatter");
    }
}
