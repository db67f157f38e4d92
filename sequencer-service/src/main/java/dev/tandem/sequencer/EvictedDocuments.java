package dev.tandem.sequencer;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Which documents of one partition may have been evicted from memory: a Bloom filter of fixed size, so the
 * memory it takes does not grow with the number of documents. It never says "no" for an evicted document; a
 * false "maybe" only costs a needless scan of the partition for a document that is in fact new.
 */
final class EvictedDocuments {
    private static final int BITS = 1 << 20; // 128 KiB; ~1% false positives at 100,000 evicted documents
    private static final int HASHES = 7;

    private final BitSet bits = new BitSet(BITS);

    void add(String docId) {
        long hash = hash(docId);
        for (int i = 0; i < HASHES; i++) {
            bits.set(index(hash, i));
        }
    }

    boolean mayContain(String docId) {
        long hash = hash(docId);
        for (int i = 0; i < HASHES; i++) {
            if (!bits.get(index(hash, i))) {
                return false;
            }
        }
        return true;
    }

    /** Double hashing (Kirsch and Mitzenmacher): k indexes from the two halves of one 64-bit hash. */
    private static int index(long hash, int i) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32);
        return Math.floorMod(h1 + i * h2, BITS);
    }

    /** 64-bit FNV-1a over the UTF-8 bytes, then a final mix so both halves are well spread. */
    private static long hash(String docId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : docId.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
