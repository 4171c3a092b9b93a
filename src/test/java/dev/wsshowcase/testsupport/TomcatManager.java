package dev.wsshowcase.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * Tomcat's manager (text interface) on the Tomcat under test, for tests that deploy, reload and
 * undeploy a second copy of the built WAR. The user is the one the build puts in
 * {@code tomcat-users.xml}.
 */
public final class TomcatManager {

    private final URI root;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WsClient.TIMEOUT).build();

    public TomcatManager(Target server) {
        this.root = server.http("/");
    }

    /** The server's root URL ({@code http://host:port/}). */
    public URI root() {
        return root;
    }

    /** The WAR the build made, the one users deploy. */
    public static Path builtWar() {
        return Path.of(System.getProperty("showcase.it.war"));
    }

    /** Deploys the built WAR at {@code path} (such as {@code /copy}), replacing what is there. */
    public void deployBuiltWar(String path) throws IOException, InterruptedException {
        deploy(path, Files.readAllBytes(builtWar()));
    }

    /** Deploys {@code war} at {@code path}, replacing what is there. */
    public void deploy(String path, byte[] war) throws IOException, InterruptedException {
        run("deploy?update=true&path=" + path, HttpRequest.BodyPublishers.ofByteArray(war));
    }

    public void reload(String path) throws IOException, InterruptedException {
        run("reload?path=" + path, null);
    }

    public void undeploy(String path) throws IOException, InterruptedException {
        run("undeploy?path=" + path, null);
    }

    /** Runs a manager command; fails the test unless Tomcat answers OK. */
    public String run(String command, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        String credentials = System.getProperty("it.tomcat.manager.user", "arquillian") + ":"
                + System.getProperty("it.tomcat.manager.password", "arquillian");
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve("/manager/text/" + command))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        request = body == null ? request.GET() : request.PUT(body);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("OK"), command + ": " + response.body());
        return response.body();
    }
}
