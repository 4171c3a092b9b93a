package dev.wsshowcase.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final String NAME = Settings.ECHO_MAX_MESSAGE_BYTES.name();
    private static final String ENV = "SHOWCASE_ECHO_MAX_MESSAGE_BYTES";

    private static Settings load(Map<String, String> context, Map<String, String> props, Map<String, String> env) {
        return Settings.load(context::get, props::get, env::get);
    }

    @Test
    void environmentVariableNamesFollowThePropertyName() {
        assertEquals(ENV, Settings.ECHO_MAX_MESSAGE_BYTES.environmentVariable());
    }

    @Test
    void defaultsApplyWhenNothingIsSet() {
        assertEquals(1024 * 1024, load(Map.of(), Map.of(), Map.of()).get(Settings.ECHO_MAX_MESSAGE_BYTES));
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsContextParameter() {
        assertEquals(3, load(Map.of(NAME, "1"), Map.of(NAME, "3"), Map.of(ENV, "2")).get(Settings.ECHO_MAX_MESSAGE_BYTES));
        assertEquals(2, load(Map.of(NAME, "1"), Map.of(), Map.of(ENV, "2")).get(Settings.ECHO_MAX_MESSAGE_BYTES));
        assertEquals(1, load(Map.of(NAME, "1"), Map.of(), Map.of()).get(Settings.ECHO_MAX_MESSAGE_BYTES));
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
}
