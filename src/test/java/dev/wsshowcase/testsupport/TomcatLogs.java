package dev.wsshowcase.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the Tomcat under test writes to its log files ({@code catalina.*.log}, {@code localhost.*.log}
 * and the others in {@code $CATALINA_BASE/logs}) from a point on. Tomcat writes them from one
 * queue, in order: once a line logged later is in a file, every line logged before it is too.
 */
public final class TomcatLogs {

    private final Path directory;
    private final Map<Path, Long> linesBefore;

    private TomcatLogs(Path directory, Map<Path, Long> linesBefore) {
        this.directory = directory;
        this.linesBefore = linesBefore;
    }

    /** The log files of the Tomcat under test from now on, or null when the suite runs on another runtime. */
    public static TomcatLogs fromNow() throws IOException {
        String home = System.getProperty("it.catalina.home");
        if (home == null) {
            return null;
        }
        Path directory = Path.of(home, "logs");
        Map<Path, Long> counts = new HashMap<>();
        for (Path file : files(directory)) {
            counts.put(file, (long) read(file).size());
        }
        return new TomcatLogs(directory, counts);
    }

    /** The lines written since {@link #fromNow}, file after file. */
    public List<String> newLines() throws IOException {
        return files(directory).stream()
                .flatMap(file -> read(file).stream().skip(linesBefore.getOrDefault(file, 0L)))
                .toList();
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
