package dev.wsshowcase.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.testsupport.ShowcaseIT;
import dev.wsshowcase.testsupport.Target;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 conformance of the echo endpoint: the Autobahn test suite's fuzzing client (cases
 * 1-7, 9 and 10: framing, pings and pongs, reserved bits, opcodes, fragmentation, UTF-8,
 * closing, limits and performance, auto-fragmentation) against the container under test.
 *
 * <p>Runs only in the {@code autobahn} profile ({@code mvn verify -Pautobahn}), on Tomcat 11,
 * with the echo limit raised to the suite's largest message (16 MiB). The fuzzing client is
 * the Python one bundled in the autobahntestsuite-maven-plugin jar, run under Jython; the
 * profile copies both jars to {@code target/autobahn-lib}. Reports: {@code target/autobahn/}.
 */
@ShowcaseIT
@Tag("autobahn")
class AutobahnIT {

    private static final List<String> CASES = List.of("1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "9.*", "10.*");
    private static final Set<String> PASSING = Set.of("OK", "NON-STRICT", "INFORMATIONAL");

    @Test
    void theEchoEndpointPassesTheAutobahnFuzzingClient(Target server) throws Exception {
        Path dir = Path.of("target", "autobahn").toAbsolutePath();
        Path lib = Path.of("target", "autobahn-lib").toAbsolutePath();
        Files.createDirectories(dir);
        String agent = "websocket-showcase-" + server.runtime();
        Path spec = dir.resolve("spec.json");
        try (Jsonb jsonb = JsonbBuilder.create()) {
            Files.writeString(spec, jsonb.toJson(Map.of(
                    "outdir", dir.resolve("report").toString(),
                    "servers", List.of(Map.of("agent", agent, "url", server.ws("echo").toString())),
                    "cases", CASES,
                    "exclude-cases", List.of(),
                    "exclude-agent-cases", Map.of())), StandardCharsets.UTF_8);

            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", lib.resolve("jython-standalone.jar").toString(),
                    "org.python.util.jython", Path.of("src", "test", "autobahn", "fuzzingclient.py").toString(),
                    lib.resolve("autobahntestsuite-maven-plugin.jar").toString(), spec.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("fuzzingclient.log").toFile())
                    .start();
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the fuzzing client did not finish within 20 minutes; see " + dir);
            }
            assertEquals(0, process.exitValue(), "fuzzing client exit code; see " + dir.resolve("fuzzingclient.log"));

            @SuppressWarnings("unchecked")
            Map<String, Map<String, Map<String, Object>>> index = jsonb.fromJson(
                    Files.readString(dir.resolve("report").resolve("index.json"), StandardCharsets.UTF_8), Map.class);
            Map<String, Map<String, Object>> cases = index.get(agent);
            Map<Integer, Map<String, Integer>> verdicts = new TreeMap<>();
            List<String> failed = new ArrayList<>();
            cases.forEach((id, result) -> {
                String behavior = (String) result.get("behavior");
                String close = (String) result.get("behaviorClose");
                verdicts.computeIfAbsent(Integer.parseInt(id.split("\\.")[0]), group -> new TreeMap<>()).merge(behavior, 1, Integer::sum);
                if (!PASSING.contains(behavior) || !PASSING.contains(close)) {
                    failed.add(id + " " + behavior + "/" + close);
                }
            });
            StringBuilder summary = new StringBuilder("Autobahn fuzzing client against " + server.ws("echo") + "\n");
            verdicts.forEach((group, counts) -> summary.append("case group ").append(group).append(": ").append(counts).append('\n'));
            Files.writeString(dir.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
            System.out.print(summary);
            assertTrue(cases.size() > 300, "only " + cases.size() + " cases ran");
            assertEquals(List.of(), failed, "cases that failed; see " + dir.resolve("report/index.html"));
        }
    }
}
