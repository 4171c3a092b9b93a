package dev.wsshowcase.application;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The application's configuration: the values of a given list of {@link Setting}s (the
 * product's are listed by {@code dev.wsshowcase.ShowcaseListener}), resolved once at startup.
 *
 * <p>Precedence, highest first: Java system property, environment variable, servlet context
 * parameter, built-in default. An operator can therefore override what a WAR's
 * {@code web.xml} says without rebuilding it. A value that does not parse stops the
 * application with an {@link IllegalArgumentException} naming the setting, the value and
 * where it came from.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Settings {

    private final Map<Setting<?>, Object> values;

    private Settings(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The values of {@code all} from system properties, environment variables and defaults (no servlet context). */
    public static Settings fromEnvironment(List<Setting<?>> all) {
        return load(all, name -> null);
    }

    /**
     * Resolves every setting of {@code all}.
     *
     * @param contextParameters looks up a servlet context parameter, or returns null
     * @throws IllegalArgumentException naming the first setting whose value is invalid
     */
    public static Settings load(List<Setting<?>> all, Function<String, String> contextParameters) {
        return load(all, contextParameters, System::getProperty, System::getenv);
    }

    /** As above, with the system properties and the environment given (for tests). */
    public static Settings load(List<Setting<?>> all, Function<String, String> contextParameters,
                         Function<String, String> systemProperties,
                         Function<String, String> environment) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : all) {
            String source = "system property " + setting.name();
            String text = systemProperties.apply(setting.name());
            if (text == null) {
                source = "environment variable " + setting.environmentVariable();
                text = environment.apply(setting.environmentVariable());
            }
            if (text == null) {
                source = "context parameter " + setting.name();
                text = contextParameters.apply(setting.name());
            }
            if (text == null) {
                source = "default of " + setting.name();
                text = setting.defaultText();
            }
            try {
                values.put(setting, setting.parser().apply(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid value '" + text + "' for " + setting.name()
                        + " (from " + source + "): " + e.getMessage(), e);
            }
        }
        return new Settings(values);
    }

    /** The resolved value of a setting. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        if (value == null) {
            throw new IllegalArgumentException("Unknown setting " + setting.name());
        }
        return (T) value;
    }
}
