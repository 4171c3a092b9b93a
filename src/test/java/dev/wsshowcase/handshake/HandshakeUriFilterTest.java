package dev.wsshowcase.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeUriFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"name=%ZZ", "name=%", "name=%E", "x=%2", "%ZZ", "name=al%ice", "since=1&name=%zz"})
    void anInvalidEscapeInTheQueryIsRefused(String query) {
        assertEquals(HandshakeUriFilter.INVALID_ESCAPE, HandshakeUriFilter.problem("/websocket-showcase/chat/lobby", query));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/websocket-showcase/chat/lob%ZZby", "/websocket-showcase/echo%", "/websocket-showcase/%2G/echo"})
    void anInvalidEscapeInThePathIsRefused(String path) {
        assertEquals(HandshakeUriFilter.INVALID_ESCAPE, HandshakeUriFilter.problem(path, null));
    }

    @ParameterizedTest
    @CsvSource({
        "/websocket-showcase/chat/%FF, ",
        "/websocket-showcase/chat/lobby, name=%C3%28",
        "/websocket-showcase/chat/lobby, name=%E5%B0",
        "/websocket-showcase/chat/lobby, name=%ED%A0%80",
    })
    void escapesThatAreNotUtf8AreRefused(String path, String query) {
        assertEquals(HandshakeUriFilter.INVALID_UTF8, HandshakeUriFilter.problem(path, query));
    }

    @ParameterizedTest
    @CsvSource({
        "/websocket-showcase/chat/a[b, ",
        "/websocket-showcase/chat/a\"b, ",
        "/websocket-showcase/echo, x=a b",
    })
    void charactersAUriCannotHoldAreRefused(String path, String query) {
        assertEquals(HandshakeUriFilter.INVALID_CHARACTER, HandshakeUriFilter.problem(path, query));
    }

    @ParameterizedTest
    @CsvSource({
        "/websocket-showcase/echo, ",
        "/websocket-showcase/echo, ''",
        "/websocket-showcase/chat/lobby, name=alice&since=41",
        "/websocket-showcase/chat/%E5%A4%A7%E5%8E%85, name=%E5%B0%8F+%F0%9F%98%80",
        "/websocket-showcase/clock, zone=Asia%2FShanghai&interval=2",
        "/websocket-showcase/chat/lobby, name=a[b]",
        "/websocket-showcase/chat/大厅, name=小",
    })
    void wellFormedUrisPass(String path, String query) {
        assertNull(HandshakeUriFilter.problem(path, query));
    }
}
