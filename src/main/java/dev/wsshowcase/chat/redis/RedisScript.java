package dev.wsshowcase.chat.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One Lua script of {@code lua/}, named for the atomic operation it does. It is run by its
 * SHA-1 ({@code EVALSHA}); when Redis does not know it ({@code NOSCRIPT}: the script cache is
 * empty after a restart) it is sent whole once ({@code EVAL}, which caches it again).
 *
 * <p>Immutable and thread-safe. The returned stages complete on Lettuce's event loop: callers
 * must not block in what they chain on them.
 */
final class RedisScript {

    private final String name;
    private final String text;
    private final String sha;

    private RedisScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha = sha1(text);
    }

    /** The script {@code lua/<name>.lua} next to this class. */
    static RedisScript load(String name) {
        String resource = "lua/" + name + ".lua";
        try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing script " + resource);
            }
            return new RedisScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading script " + resource + " failed", e);
        }
    }

    /** Runs the script; the result is what the script returns, as Lettuce gives it for {@code type}. */
    <T> CompletionStage<T> run(RedisAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        redis.<T>evalsha(sha, type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (unwrap(failure) instanceof RedisNoScriptException) {
                redis.<T>eval(text, type, keys, args).whenComplete((again, failed) -> {
                    if (failed == null) {
                        result.complete(again);
                    } else {
                        result.completeExceptionally(failed);
                    }
                });
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /**
     * Puts the script in Redis's cache ({@code SCRIPT LOAD}); commands sent after it on the same
     * connection find it there.
     */
    CompletionStage<String> preload(RedisAsyncCommands<String, String> redis) {
        return redis.scriptLoad(text);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + ".lua";
    }
}
