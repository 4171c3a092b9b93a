package dev.wsshowcase.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void valuesAreDecodedAsUtf8() {
        assertEquals("小明", QueryParameters.first("room=x&name=%E5%B0%8F%E6%98%8E", "name"));
        assertEquals("a b", QueryParameters.first("name=a+b", "name"));
        assertEquals("a b", QueryParameters.first("name=a%20b", "name"));
    }

    @Test
    void theFirstOfRepeatedParametersWins() {
        assertEquals("1", QueryParameters.first("since=1&since=2", "since"));
    }

    @Test
    void missingEmptyAndMalformedParameters() {
        assertNull(QueryParameters.first((String) null, "name"));
        assertNull(QueryParameters.first("", "name"));
        assertNull(QueryParameters.first("other=1", "name"));
        assertEquals("", QueryParameters.first("name", "name"));
        assertEquals("", QueryParameters.first("name=", "name"));
        assertNull(QueryParameters.first("name=%E5%B0%", "name"));
    }
}
