package io.github.distilbertj.tokenizer;

import java.util.Arrays;

/**
 * Open-addressing hash map from a char range to a token id, so WordPiece can look up a piece of a word without
 * building a substring. Hashes are polynomial ({@code h = 31 * h + c}, like {@link String#hashCode()}) so the
 * caller can extend the hash of a prefix one character at a time.
 */
final class TokenTable {

    private final int mask;
    /** Slot to entry index, or -1. */
    private final int[] slots;
    private final int[] entryHash;
    private final int[] entryStart;
    private final int[] entryLength;
    private final int[] entryId;
    private final char[] pool;
    private final int size;
    private final int maxLength;

    /** Builds the table; later duplicates of a key replace earlier ones, as in a Rust HashMap insert. */
    TokenTable(String[] keys, int[] ids, int count) {
        int capacity = Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
        mask = capacity - 1;
        slots = new int[capacity];
        Arrays.fill(slots, -1);
        entryHash = new int[count];
        entryStart = new int[count];
        entryLength = new int[count];
        entryId = new int[count];
        int chars = 0;
        for (int i = 0; i < count; i++) {
            chars += keys[i].length();
        }
        pool = new char[chars];
        int used = 0;
        int pos = 0;
        int longest = 0;
        for (int i = 0; i < count; i++) {
            String key = keys[i];
            int h = key.hashCode();
            int existing = find(key.toCharArray(), 0, key.length(), h, used);
            if (existing >= 0) {
                entryId[existing] = ids[i];
                continue;
            }
            key.getChars(0, key.length(), pool, pos);
            entryHash[used] = h;
            entryStart[used] = pos;
            entryLength[used] = key.length();
            entryId[used] = ids[i];
            int slot = mix(h) & mask;
            while (slots[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = used;
            pos += key.length();
            longest = Math.max(longest, key.length());
            used++;
        }
        size = used;
        maxLength = longest;
    }

    /** Number of distinct keys. */
    int size() {
        return size;
    }

    /** Length in chars of the longest key: WordPiece never needs to look further. */
    int maxLength() {
        return maxLength;
    }

    /** The id of {@code buf[start, start + length)} whose polynomial hash is {@code hash}, or -1. */
    int get(char[] buf, int start, int length, int hash) {
        int slot = mix(hash) & mask;
        while (true) {
            int e = slots[slot];
            if (e < 0) {
                return -1;
            }
            if (entryHash[e] == hash && entryLength[e] == length
                    && Arrays.equals(pool, entryStart[e], entryStart[e] + length, buf, start, start + length)) {
                return entryId[e];
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Convenience lookup of a whole string, off the hot path. */
    int get(String key) {
        return get(key.toCharArray(), 0, key.length(), key.hashCode());
    }

    private int find(char[] key, int start, int length, int hash, int limit) {
        int slot = mix(hash) & mask;
        while (true) {
            int e = slots[slot];
            if (e < 0 || e >= limit) {
                return -1;
            }
            if (entryHash[e] == hash && entryLength[e] == length
                    && Arrays.equals(pool, entryStart[e], entryStart[e] + length, key, start, start + length)) {
                return e;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B1;
        return h ^ (h >>> 15);
    }
}
