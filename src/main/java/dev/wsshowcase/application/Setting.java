package dev.wsshowcase.application;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One named, typed, documented configuration value.
 *
 * <p>The {@link #name() name} is both the servlet context parameter and the Java system
 * property; the environment variable is the name upper-cased with every {@code .} and
 * {@code -} turned into {@code _} (so {@code showcase.echo.max-message-bytes} is
 * {@code SHOWCASE_ECHO_MAX_MESSAGE_BYTES}).
 *
 * @param name        the property and context-parameter name
 * @param defaultText the default, as text (parsed like any other source)
 * @param parser      turns text into a value, throwing {@link IllegalArgumentException}
 *                    with the reason when the text is not acceptable
 * @param description one line for the configuration table
 * @param <T>         the value's type
 */
public record Setting<T>(String name, String defaultText, Function<String, T> parser, String description) {

    public Setting {
        Objects.requireNonNull(name);
        Objects.requireNonNull(defaultText);
        Objects.requireNonNull(parser);
    }

    /** The environment variable that sets this value. */
    public String environmentVariable() {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** A true/false setting. */
    public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
        return new Setting<>(name, Boolean.toString(defaultValue), text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        }, description);
    }

    /** One of the constants of an enum, each named by {@code text} (matched ignoring case). */
    public static <E extends Enum<E>> Setting<E> choice(String name, E defaultValue, Function<E, String> text, String description) {
        E[] values = defaultValue.getDeclaringClass().getEnumConstants();
        String expected = "expected " + String.join(" or ", Arrays.stream(values).map(text).toList());
        return new Setting<>(name, text.apply(defaultValue), given -> Arrays.stream(values)
                .filter(value -> text.apply(value).equalsIgnoreCase(given.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(expected)), description);
    }

    /** An integer setting accepting values in {@code [min, max]}. */
    public static Setting<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new Setting<>(name, Integer.toString(defaultValue), text -> {
            final int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
            }
            return value;
        }, description);
    }
}
