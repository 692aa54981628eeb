package io.github.distilbertj.api.scheduling;

import io.github.distilbertj.api.error.ApiException;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which end of a too long input loses tokens; TEI spells them {@code Left} and {@code Right}. */
public enum TruncationDirection {
    LEFT("Left"),
    RIGHT("Right");

    private final String wireName;

    TruncationDirection(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Accepts TEI's {@code Left} / {@code Right} in any case. */
    @JsonCreator
    public static TruncationDirection parse(String value) {
        for (TruncationDirection d : values()) {
            if (d.wireName.equalsIgnoreCase(value)) {
                return d;
            }
        }
        throw ApiException.validation("truncation_direction must be \"Left\" or \"Right\", got \"" + value + "\"");
    }
}
