package io.github.distilbertj.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.util.VersionInfo;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Re-derives the "assigned after Unicode 8.0" table from ICU4J's character ages. */
class Unicode8CategoriesTest {

    @Test
    void newerRangesAreExactlyTheRelevantCodePointsAssignedAfterUnicode8() {
        assertEquals(VersionInfo.getInstance(16, 0, 0), UCharacter.getUnicodeVersion(),
                "ICU and Java 25 must agree on Unicode 16");
        VersionInfo unicode8 = VersionInfo.getInstance(8, 0, 0);
        List<Integer> derived = new ArrayList<>();
        int start = -1;
        int previous = -2;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int t = Character.getType(cp);
            boolean relevant = t == Character.NON_SPACING_MARK || t == Character.FORMAT || t == Character.CONTROL
                    || t == Character.PRIVATE_USE || t == Character.CONNECTOR_PUNCTUATION
                    || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
                    || t == Character.END_PUNCTUATION || t == Character.OTHER_PUNCTUATION
                    || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION;
            if (relevant && UCharacter.getAge(cp).compareTo(unicode8) > 0) {
                if (cp != previous + 1) {
                    if (start >= 0) {
                        derived.add(start);
                        derived.add(previous);
                    }
                    start = cp;
                }
                previous = cp;
            }
        }
        derived.add(start);
        derived.add(previous);
        List<Integer> embedded = new ArrayList<>();
        for (int v : Unicode8Categories.NEWER_RANGES) {
            embedded.add(v);
        }
        assertEquals(derived, embedded);
    }

    @Test
    void changedCategoriesGetTheirUnicode8Value() {
        assertEquals(Character.OTHER_PUNCTUATION, Unicode8Categories.type(0x166D));
        assertEquals(Character.OTHER_SYMBOL, Character.getType(0x166D));
        assertEquals(Character.UNASSIGNED, Unicode8Categories.type(0x2E5D));
        assertEquals(Character.OTHER_PUNCTUATION, Unicode8Categories.type('!'));
    }
}
