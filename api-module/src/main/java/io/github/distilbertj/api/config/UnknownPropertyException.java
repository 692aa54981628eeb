package io.github.distilbertj.api.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Start-up failure: {@code distilbertj.*} properties that no setting has, with where each was given. */
public final class UnknownPropertyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final List<String> unknown;
    private final List<String> valid;

    UnknownPropertyException(Map<String, String> unknownWithOrigin, List<String> valid) {
        super("unknown propert" + (unknownWithOrigin.size() == 1 ? "y " : "ies ")
                + unknownWithOrigin.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "))
                + "; the distilbertj.* properties are: " + String.join(", ", valid));
        this.unknown = List.copyOf(unknownWithOrigin.keySet());
        this.valid = List.copyOf(valid);
    }

    public List<String> unknown() {
        return unknown;
    }

    public List<String> valid() {
        return valid;
    }
}
