package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Counts parity failures and keeps the first few descriptions for the assertion message. */
final class Mismatches {

    private static final int REPORTED = 15;

    private final List<String> first = new ArrayList<>();
    private int count;
    private int checked;

    /** Records one comparison; {@code difference} is null when it matched. */
    void check(String difference) {
        checked++;
        if (difference != null) {
            if (count < REPORTED) {
                first.add(difference);
            }
            count++;
        }
    }

    void assertNone(String what) {
        if (checked == 0) {
            fail("no " + what + " were compared");
        }
        if (count > 0) {
            fail(count + " of " + checked + " " + what + " differ from Hugging Face; first ones:\n"
                    + String.join("\n", first));
        }
    }
}
