package dev.wsshowcase.chat;

import static dev.wsshowcase.chat.ChatIT.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.application.Showcase;
import dev.wsshowcase.testsupport.NeedsTomcat;
import dev.wsshowcase.testsupport.RawWebSocket;
import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import dev.wsshowcase.testsupport.TomcatManager;
import dev.wsshowcase.testsupport.WsClient;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A chat behind container authentication: a copy of the built WAR with a security-constraint on
 * {@code /chat/*} (HTTP Basic, role {@code chat}; users in the suite's {@code tomcat-users.xml})
 * is deployed through Tomcat's manager. Signed-in members are named by their principal, cannot
 * rename, and cannot be in a room twice. Runs in the Tomcat executions only.
 */
@ShowcaseIT
@NeedsTomcat
@Execution(ExecutionMode.SAME_THREAD)
class TomcatSignedInChatIT {

    private static final String PATH = "/signed-in-chat";
    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <security-constraint>
                <web-resource-collection>
                  <web-resource-name>chat</web-resource-name>
                  <url-pattern>/chat/*</url-pattern>
                </web-resource-collection>
                <auth-constraint><role-name>chat</role-name></auth-constraint>
              </security-constraint>
              <login-config>
                <auth-method>BASIC</auth-method>
                <realm-name>WebSocket Showcase</realm-name>
              </login-config>
              <security-role><role-name>chat</role-name></security-role>
            </web-app>
            """;

    @Test
    void signedInMembersAreNamedByThePrincipalAndCannotRename(Target server) throws Exception {
        TomcatManager manager = new TomcatManager(server);
        manager.deploy(PATH, warWithConstraint());
        try {
            URI room = URI.create("ws://" + manager.root().getRawAuthority() + PATH + "/chat/" + ChatIT.room());

            IOException anonymous = assertThrows(IOException.class, () -> RawWebSocket.connect(room).close());
            assertTrue(anonymous.getMessage().contains(" 401"), anonymous.getMessage());

            try (WsClient ada = signedIn(URI.create(room + "?name=mallory"), "ada")) {
                Map<String, Object> welcome = event(ada, "welcome");
                assertEquals("ada", welcome.get("you"), "the principal's name, not ?name=");

                ada.send("{\"type\":\"rename\",\"name\":\"mallory\"}");
                assertEquals("rename-not-allowed", event(ada, "error").get("code"));

                try (WsClient grace = signedIn(room, "grace")) {
                    assertEquals(List.of("ada", "grace"), event(grace, "welcome").get("members"));
                    ada.send("{\"type\":\"message\",\"text\":\"hello\",\"from\":\"grace\"}");
                    Map<String, Object> message = event(grace, "message");
                    assertEquals(List.of("ada", "hello"), List.of(message.get("from"), message.get("text")));
                }

                try (WsClient again = signedIn(room, "ada")) {
                    assertEquals("name-taken", event(again, "error").get("code"));
                    assertEquals(CloseCodes.VIOLATED_POLICY, again.awaitClose().getCloseCode());
                }
            }
        } finally {
            manager.undeploy(PATH);
        }
    }

    private static WsClient signedIn(URI uri, String user) throws Exception {
        String credentials = Base64.getEncoder().encodeToString((user + ":chat-it").getBytes(StandardCharsets.UTF_8));
        return WsClient.connect(uri, Map.of("Authorization", List.of("Basic " + credentials)));
    }

    private static byte[] warWithConstraint() throws IOException {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, TomcatManager.builtWar().toFile())
                .setWebXML(new StringAsset(WEB_XML));
        try (InputStream in = war.as(ZipExporter.class).exportAsInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
