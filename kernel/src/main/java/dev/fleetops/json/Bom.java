package dev.fleetops.json;

/**
 * The byte order mark a JSON or YAML text may start with. Apart from {@link Json} so that readers of YAML need not
 * build Jackson's ObjectMapper (its set-up is a tenth of a short command's start-up).
 */
public final class Bom {

    private Bom() { }

    /**
     * {@code text} without a leading U+FEFF (byte order mark), which RFC 8259 (section 8.1) allows a parser to
     * ignore and editors on Windows write.
     */
    public static String strip(String text) {
        return text != null && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
