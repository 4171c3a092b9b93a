package dev.wsshowcase.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code -Premote,nginx-nodes} runs nginx with the README's own block: it is found, and only its
 * listen port and the two node ports change, so that what the README shows is what was tested.
 */
class NginxNodesTest {

    private static String readme() throws Exception {
        return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    }

    @Test
    void theRunTakesTheReadmesBlockAndChangesOnlyItsThreePorts() throws Exception {
        String block = NginxNodes.readmeBlock(readme());
        assertTrue(block.startsWith("map $http_upgrade $connection_upgrade {"), block);
        assertTrue(block.contains("upstream showcase_nodes {") && block.strip().endsWith("}"), block);

        String run = NginxNodes.balancing(block, 10080, 10081, 10082);
        List<String> shown = block.lines().toList();
        List<String> tested = run.lines().toList();
        assertEquals(shown.size(), tested.size(), run);
        for (int i = 0; i < shown.size(); i++) {
            String line = shown.get(i).strip();
            String expected = switch (line) {
                case NginxNodes.LISTEN -> "listen 127.0.0.1:10080;";
                case "server 127.0.0.1:8081;" -> "server 127.0.0.1:10081;";
                case "server 127.0.0.1:8082;" -> "server 127.0.0.1:10082;";
                default -> line;
            };
            assertEquals(expected, tested.get(i).strip(), "line " + (i + 1) + " of the README's block");
        }
    }

    @Test
    void aReadmeWithoutTheSectionOrThePortsIsAnError() {
        assertThrows(AssertionError.class, () -> NginxNodes.readmeBlock("# README\n\nno nginx here\n"));
        String twoListens = "map x {\n}\nserver {\n    listen 8080;\n    listen 8080;\n}\n";
        assertThrows(AssertionError.class, () -> NginxNodes.balancing(twoListens, 1, 2, 3));
    }
}
