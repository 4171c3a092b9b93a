package dev.wsshowcase.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client on a plain socket, for behaviour no well-behaved client library shows: a
 * client that completes the handshake and then never reads, one that vanishes with a TCP
 * reset.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private String responseHeaders = "";

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a WebSocket to {@code uri} (ws:// only) and reads the handshake response.
     *
     * @param receiveBuffer the socket's receive buffer in bytes, or 0 for the default; a small
     *                      one makes a client that does not read push back sooner
     */
    public static RawWebSocket connect(URI uri, int receiveBuffer, Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) WsClient.TIMEOUT.toMillis());
        socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
        RawWebSocket ws = new RawWebSocket(socket);
        ws.handshake(uri, headers);
        return ws;
    }

    public static RawWebSocket connect(URI uri) throws IOException {
        return connect(uri, 0, Map.of());
    }

    /**
     * Sends a WebSocket handshake whose request line carries {@code requestTarget} exactly as
     * given (no client library would send a malformed one) to the host and port of
     * {@code server}, and returns the server's answer. A 101 answer is returned without its
     * connection, which is closed.
     */
    public static HttpAnswer handshake(URI server, String requestTarget) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), (int) WsClient.TIMEOUT.toMillis());
            socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
            RawWebSocket ws = new RawWebSocket(socket);
            ws.sendHandshake(server, requestTarget, Map.of());
            String headers = readHeaders(ws.in);
            HttpAnswer answer = new HttpAnswer(statusCode(headers), headers, "");
            return answer.status() == 101 ? answer : new HttpAnswer(answer.status(), headers, readBody(ws.in, answer));
        }
    }

    /**
     * An HTTP answer to a handshake.
     *
     * @param headers the status line and the headers, as sent
     * @param body    the body as ISO-8859-1 text, at most 64 KiB of it
     */
    public record HttpAnswer(int status, String headers, String body) {
        /** The value of a header, or null. */
        public String header(String name) {
            return headers.lines()
                    .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).trim())
                    .findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return headers.lines().findFirst().orElse("") + " " + body.strip().replaceAll("\\s+", " ");
        }
    }

    private static int statusCode(String headers) throws IOException {
        String[] statusLine = headers.lines().findFirst().orElse("").split(" ", 3);
        try {
            return Integer.parseInt(statusLine[1]);
        } catch (RuntimeException e) {
            throw new IOException("Not an HTTP status line: " + headers.lines().findFirst().orElse(headers));
        }
    }

    /** The body by its Content-Length, chunked, or up to the end of the connection; at most 64 KiB. */
    private static String readBody(DataInputStream in, HttpAnswer answer) throws IOException {
        int max = 64 * 1024;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = answer.header("Content-Length");
        if (length != null) {
            byte[] bytes = new byte[Math.min(max, Integer.parseInt(length.trim()))];
            in.readFully(bytes);
            body.write(bytes);
        } else if ("chunked".equalsIgnoreCase(String.valueOf(answer.header("Transfer-Encoding")).trim())) {
            while (body.size() < max) {
                String sizeLine = readLine(in);
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                byte[] chunk = new byte[size];
                in.readFully(chunk);
                body.write(chunk);
                readLine(in);
            }
        } else {
            byte[] buffer = new byte[4096];
            for (int n; body.size() < max && (n = in.read(buffer)) > 0; ) {
                body.write(buffer, 0, n);
            }
        }
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("Connection closed in a chunked body");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void sendHandshake(URI server, String requestTarget, Map<String, String> headers) throws IOException {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(requestTarget).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void handshake(URI uri, Map<String, String> headers) throws IOException {
        sendHandshake(uri, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), headers);
        String response = readHeaders(in);
        if (!response.startsWith("HTTP/1.1 101")) {
            throw new IOException("Handshake refused: " + response.lines().findFirst().orElse(response));
        }
        responseHeaders = response;
    }

    /** The value of a header of the server's handshake response, or null. */
    public String responseHeader(String name) {
        return responseHeaders.lines()
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst().orElse(null);
    }

    /** Sends one masked frame, as a client must. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Sends bytes as they are: for frames no client library would write (a broken header). */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the next data or close frame from the server, answering pings on the way as every
     * client does (the server's keepalive closes connections that do not). The read timeout
     * bounds the whole wait: pings alone do not keep it waiting longer.
     */
    public Frame readFrame() throws IOException {
        long timeoutMillis = socket.getSoTimeout();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Frame frame = readAnyFrame();
            if (frame.opcode() != PING) {
                return frame;
            }
            sendFrame(PONG, true, frame.payload());
            if (timeoutMillis > 0 && System.nanoTime() > deadline) {
                throw new SocketTimeoutException("no data or close frame within " + timeoutMillis + " ms, only pings");
            }
        }
    }

    /** Reads the next frame from the server (unmasked, as servers send), pings included and unanswered. */
    public Frame readAnyFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if (length > 64L * 1024 * 1024) {
            throw new IOException("Frame of " + length + " bytes is more than a test reads");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, (first & 0x80) != 0, payload);
    }

    /** How long a read waits before it fails (15 s unless set). */
    public void timeout(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
    }

    /** Closes the connection with a TCP reset and no close frame, as a client that vanishes would. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A frame from the server. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The reason phrase of a close frame, or null. */
        public String closeReason() {
            return opcode == CLOSE && payload.length >= 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : null;
        }

        /** The close code of a close frame, or -1. */
        public int closeCode() {
            return opcode == CLOSE && payload.length >= 2 ? (payload[0] & 0xFF) << 8 | payload[1] & 0xFF : -1;
        }
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed during the handshake: " + headers.toString(StandardCharsets.ISO_8859_1));
            }
            headers.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (headers.size() > 16384) {
                throw new IOException("Handshake response headers too long");
            }
        }
        return headers.toString(StandardCharsets.ISO_8859_1);
    }
}
