package dev.wsshowcase.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs a test starts that the build does not provide (nginx, redis-server): at the path a
 * system property names, or on the PATH, or in the {@code sbin} beside a PATH entry (Debian puts
 * servers in /usr/sbin, which a normal user's PATH often lacks). Without one the calling test is
 * skipped, loudly, or fails when {@code showcase.it.require-all} is true (as in CI).
 */
public final class Binaries {

    private Binaries() {
    }

    /** {@code name}, found as above; a blank {@code property} counts as unset. */
    public static Optional<Path> find(String name, String property) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .flatMap(dir -> Stream.of(Path.of(dir, name), Path.of(dir).resolveSibling("sbin").resolve(name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * {@code name}, or a skip with a WARNING saying that {@code tests} did not run and which
     * Debian package has it (a failure with {@code showcase.it.require-all}).
     */
    public static Path require(String name, String property, String tests, String debianPackage) {
        Optional<Path> binary = find(name, property);
        if (binary.isEmpty()) {
            String message = name + " not found (" + property + ", " + name + " on the PATH or in the sbin beside it): "
                    + tests + " DID NOT RUN. Install it with: apt-get install " + debianPackage;
            if (Boolean.getBoolean("showcase.it.require-all")) {
                Assertions.fail(message);
            }
            System.err.println("\n**********\nWARNING: " + message + "\n**********\n");
            Assumptions.abort(message);
        }
        return binary.get();
    }
}
