package dev.fleetops.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every user mistake in malformed-inputs.psv, one row per case (the file's header says how a row reads): the
 * documented exit code, the message names what is wrong, never a stack trace.
 */
class MalformedInputsTest {

    private static final List<String> PROPERTIES = List.of("aws.configFile", "aws.sharedCredentialsFile", "aws.region",
            "aws.profile", "aws.disableEc2Metadata", "user.home", "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken");
    private static final Map<String, String> saved = new HashMap<>();

    @TempDir
    static Path home;

    /** No row may read the user's AWS files or write into the user's home; no request may leave loopback. */
    @BeforeAll
    static void isolate() throws IOException {
        for (String p : PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) saved.put(p, v);
        }
        Files.writeString(home.resolve("config"), "[profile nokeys]\nregion = eu-west-1\n");
        Files.writeString(home.resolve("credentials"), "");
        System.setProperty("aws.configFile", home.resolve("config").toString());
        System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("user.home", home.toString());
        for (String p : List.of("aws.region", "aws.profile", "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken")) {
            System.clearProperty(p);
        }
    }

    @AfterAll
    static void restore() {
        PROPERTIES.forEach(System::clearProperty);
        saved.forEach(System::setProperty);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void isAnsweredClearly(int line, String command, String file, String content, int exit, String expected,
                           @TempDir Path dir) throws IOException {
        Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
        String name = file.equals("-") ? "" : file;
        if (!name.isEmpty()) {
            content = unescape(content).replace("{ex}", examples.toString()).replace("{d}", dir.toString());
            Path f = dir.resolve(name);
            Files.createDirectories(f.getParent());
            if (content.startsWith("@")) Files.copy(examples.resolve(content.substring(1)), f);
            else Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        }
        List<String> args = new ArrayList<>();
        for (String token : tokens(command)) {
            args.add(token.replace("{f}", dir.resolve(name.isEmpty() ? "none" : name).toString())
                    .replace("{d}", dir.toString()).replace("{ex}", examples.toString()));
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        // validate and events print their findings as their output; other commands on stderr
        String err = r.out() + r.err();
        assertThat(r.exitCode()).as("exit code of line %d, stderr: %s", line, err).isEqualTo(exit);
        assertThat(err).as("line %d", line).doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("internal error").doesNotContain("null: null");
        for (String part : expected.split("&&")) {
            assertThat(err).as("line %d", line).contains(part.trim().replace("{name}", name).replace("{d}", dir.toString()));
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                MalformedInputsTest.class.getResourceAsStream("/malformed-inputs.psv"), StandardCharsets.UTF_8))) {
            String row;
            int line = 0;
            while ((row = in.readLine()) != null) {
                line++;
                if (row.isBlank() || row.startsWith("#")) continue;
                String[] c = row.split("\\s*\\|\\s*", -1);
                if (c.length != 5) throw new IllegalStateException("malformed-inputs.psv:" + line + ": 5 columns expected");
                out.add(Arguments.of(line, c[0], c[1], c[2], Integer.parseInt(c[3]), c[4]));
            }
        }
        return out.stream();
    }

    /** Words separated by spaces; single quotes group. */
    private static List<String> tokens(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : command.toCharArray()) {
            if (ch == '\'') { quoted = !quoted; any = true; }
            else if (ch == ' ' && !quoted) { if (any) out.add(b.toString()); b.setLength(0); any = false; }
            else { b.append(ch); any = true; }
        }
        if (any) out.add(b.toString());
        return out;
    }

    /** \n, \t, \p (a pipe), \\ and \\uXXXX, as in Java. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 == s.length()) { b.append(ch); continue; }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'p' -> b.append('|');
                case 'u' -> { b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16)); i += 4; }
                default -> b.append(n);
            }
        }
        return b.toString();
    }
}
