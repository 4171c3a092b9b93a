package dev.wsshowcase.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wsshowcase.ShowcaseListener;
import dev.wsshowcase.chat.ChatSettings;
import dev.wsshowcase.echo.EchoSettings;
import dev.wsshowcase.handshake.ForwardedHeaders;
import dev.wsshowcase.handshake.HandshakeSettings;
import dev.wsshowcase.operations.OperationsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final String NAME = EchoSettings.MAX_MESSAGE_BYTES.name();
    private static final String ENV = "SHOWCASE_ECHO_MAX_MESSAGE_BYTES";

    private static Settings load(Map<String, String> context, Map<String, String> props, Map<String, String> env) {
        return Settings.load(ShowcaseListener.SETTINGS, context::get, props::get, env::get);
    }

    @Test
    void environmentVariableNamesFollowThePropertyName() {
        assertEquals(ENV, EchoSettings.MAX_MESSAGE_BYTES.environmentVariable());
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        assertEquals(1024 * 1024, load(Map.of(), Map.of(), Map.of()).get(EchoSettings.MAX_MESSAGE_BYTES));
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsContextParameter() {
        assertEquals(3, load(Map.of(NAME, "1"), Map.of(NAME, "3"), Map.of(ENV, "2")).get(EchoSettings.MAX_MESSAGE_BYTES));
        assertEquals(2, load(Map.of(NAME, "1"), Map.of(), Map.of(ENV, "2")).get(EchoSettings.MAX_MESSAGE_BYTES));
        assertEquals(1, load(Map.of(NAME, "1"), Map.of(), Map.of()).get(EchoSettings.MAX_MESSAGE_BYTES));
    }

    @Test
    void anInvalidValueNamesTheSettingTheValueAndItsSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(), Map.of(), Map.of(ENV, "lots")));
        assertTrue(e.getMessage().contains(NAME), e.getMessage());
        assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
        assertTrue(e.getMessage().contains("environment variable " + ENV), e.getMessage());
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(NAME, "0"), Map.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(NAME, "-5"), Map.of(), Map.of()));
    }

    /** The README's configuration table lists every setting, in order, with its actual default. */
    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("| `showcase."))
                .toList();
        List<String> documented = rows.stream().map(row -> row.split("\\|")[1].trim().replace("`", "")).toList();
        assertEquals(ShowcaseListener.SETTINGS.stream().map(Setting::name).toList(), documented);
        for (int i = 0; i < rows.size(); i++) {
            Setting<?> setting = ShowcaseListener.SETTINGS.get(i);
            String shown = rows.get(i).split("\\|")[2].trim();
            String expected = setting.defaultText().isEmpty() ? "(none)" : setting.defaultText();
            assertEquals(expected, shown, "default of " + setting.name() + " in README");
        }
    }

    /** The one list holds every setting that the application and each feature declare, each once. */
    @Test
    void theListOfEverySettingHoldsThoseOfTheApplicationAndOfEveryFeature() {
        Set<Setting<?>> declared = new HashSet<>();
        for (List<Setting<?>> part : List.of(ApplicationSettings.ALL, HandshakeSettings.ALL, EchoSettings.ALL, ChatSettings.ALL, OperationsSettings.ALL)) {
            declared.addAll(part);
        }
        assertEquals(declared, Set.copyOf(ShowcaseListener.SETTINGS));
        assertEquals(declared.size(), ShowcaseListener.SETTINGS.size());
    }

    @Test
    void aChoiceNamesItsValues() {
        assertEquals(ForwardedHeaders.Family.FORWARDED, load(Map.of(), Map.of(HandshakeSettings.PROXY_HEADERS.name(), " Forwarded "), Map.of()).get(HandshakeSettings.PROXY_HEADERS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(), Map.of(HandshakeSettings.PROXY_HEADERS.name(), "x-real-ip"), Map.of()));
        assertTrue(e.getMessage().contains("expected x-forwarded or forwarded"), e.getMessage());
    }

    @Test
    void anInvalidOriginListNamesTheSettingAndTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load(Map.of(HandshakeSettings.ORIGIN_ALLOWED.name(), "https://ok.example, https://*.example"), Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("showcase.origin.allowed"), e.getMessage());
        assertTrue(e.getMessage().contains("'https://*.example' is not an origin"), e.getMessage());
    }
}
