package io.github.distilbertj.api.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints an unknown property as Spring Boot prints a bad one: what is wrong and what to do, no stack trace. */
public final class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
        return new FailureAnalysis("DistilBERT-J does not know the propert" + (cause.unknown().size() == 1 ? "y " : "ies ")
                + String.join(", ", cause.unknown()) + ".\n\n" + cause.getMessage(),
                "Correct the spelling, or remove the property. Valid properties:\n  "
                        + String.join("\n  ", cause.valid()), cause);
    }
}
