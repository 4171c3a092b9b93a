package dev.wsshowcase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The protocol as documented twice, checked against itself: every JSON example of the README's
 * endpoint sections validates against the schema of the AsyncAPI document's message of its
 * endpoint, direction and {@code type}, so that neither can change without the other.
 *
 * <p>An example's endpoint is its README section ({@code ### `clock`}); its direction is the
 * line's {@code >} (client to server) or {@code <} (server to client), or, for a bare line, the
 * sentence that introduces its block ("Client to server", "Server to client"), else either. A
 * line cut short with {@code ...} is not an example.
 */
class AsyncApiExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCUMENT = Path.of("src", "docs", "asyncapi.yaml");

    /** One JSON example: where it stands, which way it goes (null: either) and its text. */
    record Example(String endpoint, String direction, int line, String text) {
    }

    @Test
    void everyJsonExampleInTheReadmeMatchesItsMessageSchema() throws Exception {
        JsonNode document = new YAMLMapper().readTree(DOCUMENT.toFile());
        assertEquals("3.0.0", document.path("asyncapi").asText());
        List<Example> examples = examples(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8));
        assertTrue(examples.size() >= 20, "the README's examples were found: " + examples.size());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        List<String> problems = new ArrayList<>();
        for (Example example : examples) {
            JsonNode message;
            try {
                message = JSON.readTree(example.text());
            } catch (JsonProcessingException e) {
                problems.add("README line " + example.line() + " is not JSON: " + example.text());
                continue;
            }
            String type = message.path("type").asText();
            Map<String, JsonNode> candidates = schemas(document, example.endpoint(), example.direction(), type);
            if (candidates.isEmpty()) {
                problems.add("README line " + example.line() + ": no " + example.endpoint() + " message of type '" + type
                        + "' " + (example.direction() == null ? "" : "that the application " + example.direction() + "s ")
                        + "in " + DOCUMENT);
                continue;
            }
            Map<String, Set<ValidationMessage>> failures = new TreeMap<>();
            for (Map.Entry<String, JsonNode> candidate : candidates.entrySet()) {
                JsonSchema schema = factory.getSchema(candidate.getValue());
                Set<ValidationMessage> errors = schema.validate(message);
                if (errors.isEmpty()) {
                    failures.clear();
                    break;
                }
                failures.put(candidate.getKey(), errors);
            }
            if (!failures.isEmpty()) {
                problems.add("README line " + example.line() + " " + example.text() + " fails " + failures);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aMessageTheSchemaDoesNotAllowIsCaught() throws Exception {
        JsonNode document = new YAMLMapper().readTree(DOCUMENT.toFile());
        JsonNode schema = schemas(document, "clock", "send", "settings").values().iterator().next();
        JsonSchema checked = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        assertTrue(checked.validate(JSON.readTree("{\"type\":\"settings\",\"interval\":1,\"zone\":\"UTC\"}")).isEmpty());
        assertFalse(checked.validate(JSON.readTree("{\"type\":\"settings\",\"interval\":0,\"zone\":\"UTC\"}")).isEmpty());
        assertFalse(checked.validate(JSON.readTree("{\"type\":\"settings\",\"zone\":\"UTC\",\"extra\":1}")).isEmpty());
    }

    /** The README's JSON examples in the endpoint sections (from "## Endpoints" to the next "## "). */
    static List<Example> examples(List<String> readme) {
        List<Example> examples = new ArrayList<>();
        String endpoint = null;
        boolean inEndpoints = false;
        boolean inBlock = false;
        String blockDirection = null;
        String lastProse = "";
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            String trimmed = line.trim();
            if (line.startsWith("## ")) {
                inEndpoints = line.equals("## Endpoints");
                continue;
            }
            if (!inEndpoints) {
                continue;
            }
            if (line.startsWith("### `")) {
                String heading = line.substring(5, line.indexOf('`', 5));
                endpoint = heading.contains("/") ? heading.substring(0, heading.indexOf('/')) : heading;
                continue;
            }
            if (trimmed.startsWith("```")) {
                if (!inBlock) {
                    inBlock = true;
                    blockDirection = lastProse.contains("Client to server") ? "receive"
                            : lastProse.contains("Server to client") ? "send" : null;
                } else {
                    inBlock = false;
                }
                continue;
            }
            if (!inBlock) {
                if (!trimmed.isEmpty()) {
                    lastProse = trimmed;
                }
                continue;
            }
            String direction = blockDirection;
            String text = trimmed;
            if (text.startsWith("> ")) {
                direction = "receive";
                text = text.substring(2);
            } else if (text.startsWith("< ")) {
                direction = "send";
                text = text.substring(2);
            }
            if (text.startsWith("{") && !text.contains("...")) {
                examples.add(new Example(endpoint, direction, i + 1, text));
            }
        }
        return examples;
    }

    /**
     * The payload schemas of the messages of {@code channel} that operations of {@code action}
     * (null: any) carry and whose {@code type} allows {@code type}, by message name, each with
     * every {@code $ref} replaced by what it points to.
     */
    static Map<String, JsonNode> schemas(JsonNode document, String channel, String action, String type) {
        Map<String, JsonNode> schemas = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> operations = document.path("operations").fields(); operations.hasNext(); ) {
            Map.Entry<String, JsonNode> operation = operations.next();
            JsonNode value = operation.getValue();
            if (!value.path("channel").path("$ref").asText().equals("#/channels/" + channel)
                    || action != null && !value.path("action").asText().equals(action)) {
                continue;
            }
            for (JsonNode reference : value.path("messages")) {
                JsonNode message = resolve(document, reference);
                JsonNode payload = inline(document, message.path("payload"));
                JsonNode typeSchema = payload.path("properties").path("type");
                boolean matches = typeSchema.path("const").asText().equals(type);
                for (JsonNode allowed : typeSchema.path("enum")) {
                    matches |= allowed.asText().equals(type);
                }
                if (matches) {
                    schemas.put(operation.getKey() + "/" + message.path("name").asText(), payload);
                }
            }
        }
        return schemas;
    }

    /** The node a {@code {"$ref":"#/..."}} points to (followed until it is not a reference), or {@code node} itself. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                fail("only references inside the document are supported: " + ref);
            }
            current = document.at(ref.substring(1));
            if (current.isMissingNode()) {
                fail("the reference " + ref + " points to nothing");
            }
        }
        return current;
    }

    /** A copy of {@code schema} with every reference replaced by its target, so that it stands alone. */
    private static JsonNode inline(JsonNode document, JsonNode schema) {
        JsonNode resolved = resolve(document, schema);
        if (resolved.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            resolved.fields().forEachRemaining(field -> copy.set(field.getKey(), inline(document, field.getValue())));
            return copy;
        }
        if (resolved.isArray()) {
            var copy = JSON.createArrayNode();
            resolved.forEach(item -> copy.add(inline(document, item)));
            return copy;
        }
        return resolved;
    }
}
