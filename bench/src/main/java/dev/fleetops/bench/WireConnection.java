package dev.fleetops.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection of the load generator: sends a {@link SignedRequest}'s bytes, reads the whole
 * answer (Content-Length or chunked) and gives its status and body. Blocking, one thread each: the cheapest client
 * there is, so the CPU the bench measures is the servers'. Reconnects when the server closes.
 */
final class WireConnection implements AutoCloseable {

    /** An answer: HTTP status and body. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    WireConnection(URI endpoint) {
        this.address = new InetSocketAddress(endpoint.getHost(), endpoint.getPort());
    }

    Answer send(SignedRequest r) throws IOException {
        if (socket == null) open();
        try {
            out.write(r.bytes());
            out.flush();
            return read();
        } catch (IOException e) {
            // a kept-alive connection the server closed meanwhile: once more on a new one
            close();
            open();
            out.write(r.bytes());
            out.flush();
            return read();
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(address, 5_000);
        s.setSoTimeout(30_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = s.getOutputStream();
    }

    private Answer read() throws IOException {
        String status = line();
        if (status == null) throw new IOException("the server closed the connection");
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP answer: " + status);
        int code = Integer.parseInt(parts[1]);
        long length = -1;
        boolean chunked = false;
        boolean closes = parts[0].equals("HTTP/1.0");
        for (String h; (h = line()) != null && !h.isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String k = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String v = h.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (k) {
                case "content-length" -> length = Long.parseLong(v);
                case "transfer-encoding" -> chunked = v.contains("chunked");
                case "connection" -> closes = v.contains("close") || (closes && !v.contains("keep-alive"));
                default -> { }
            }
        }
        byte[] body;
        if (chunked) body = chunks();
        else if (length >= 0) body = in.readNBytes((int) length);
        else {
            body = in.readAllBytes(); // no length: the body runs to the end of the connection
            closes = true;
        }
        if (closes) close();
        return new Answer(code, body);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (;;) {
            String size = line();
            if (size == null) throw new IOException("the server closed the connection mid-answer");
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (true) { // trailers, then the empty line
                    String t = line();
                    if (t == null || t.isEmpty()) return body.toByteArray();
                }
            }
            body.writeBytes(in.readNBytes(n));
            line();
        }
    }

    /** A header line without its CRLF; null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
                return b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to read from it
        }
        socket = null;
        in = null;
        out = null;
    }
}
