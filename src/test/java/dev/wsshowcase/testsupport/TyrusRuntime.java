package dev.wsshowcase.testsupport;

import dev.wsshowcase.ShowcaseListener;
import dev.wsshowcase.application.Settings;
import dev.wsshowcase.application.Showcase;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.glassfish.tyrus.server.Server;

/**
 * The application's endpoints on the Tyrus standalone server, at the same context path as the
 * WAR, on a free loopback port. The endpoints are found the way a container finds them: every
 * class of the application annotated with {@link ServerEndpoint}. With no servlet context to
 * start it, the application is started here with every setting ({@link ShowcaseListener#SETTINGS},
 * from system properties and the environment) and stopped by {@link #close}.
 */
public final class TyrusRuntime implements AutoCloseable {

    static final String CONTEXT_PATH = "/websocket-showcase";

    private final Server server;

    private TyrusRuntime(Server server) {
        this.server = server;
    }

    public static TyrusRuntime start() throws Exception {
        Showcase.start(Settings.fromEnvironment(ShowcaseListener.SETTINGS));
        Server server = new Server("127.0.0.1", -1, CONTEXT_PATH, new HashMap<>(), endpointClasses());
        server.start();
        return new TyrusRuntime(server);
    }

    public URI httpBase() {
        return URI.create("http://127.0.0.1:" + server.getPort() + CONTEXT_PATH + "/");
    }

    @Override
    public void close() {
        server.stop();
        Showcase.stop();
    }

    static Set<Class<?>> endpointClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Showcase.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<Class<?>> endpoints = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()), false,
                        TyrusRuntime.class.getClassLoader());
                if (type.isAnnotationPresent(ServerEndpoint.class)) {
                    endpoints.add(type);
                }
            }
        }
        if (endpoints.isEmpty()) {
            throw new IllegalStateException("No @ServerEndpoint classes under " + classes);
        }
        return endpoints;
    }
}
