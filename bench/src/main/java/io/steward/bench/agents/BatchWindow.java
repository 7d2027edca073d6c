package io.steward.bench.agents;

/**
 * The batches one connection has sent and not had answered: at most {@code size}, each with its sequence number, when
 * it was last sent, its bytes (to resend them after a Busy answer or a reconnect) and whether it waits to be resent.
 * Not thread-safe: its connection guards it.
 */
final class BatchWindow {
    private static final byte FREE = 0;
    private static final byte IN_FLIGHT = 1;
    private static final byte WAITING = 2;

    private final long[] seq;
    private final long[] sent;
    private final byte[][] frame;
    private final byte[] state;
    private int used;

    BatchWindow(int size) {
        seq = new long[size];
        sent = new long[size];
        frame = new byte[size][];
        state = new byte[size];
    }

    /** A free slot, or -1 when the window is full. */
    int free() {
        for (int i = 0; i < state.length; i++) {
            if (state[i] == FREE) {
                return i;
            }
        }
        return -1;
    }

    /** The slot of batch {@code s}, or -1 if it is not in the window (answered already, or never sent). */
    int find(long s) {
        for (int i = 0; i < seq.length; i++) {
            if (state[i] != FREE && seq[i] == s) {
                return i;
            }
        }
        return -1;
    }

    void occupy(int slot, long s, long sentNanos, byte[] bytes) {
        seq[slot] = s;
        sent[slot] = sentNanos;
        frame[slot] = bytes;
        state[slot] = IN_FLIGHT;
        used++;
    }

    /** Sent again now: in flight once more. */
    void resent(int slot, long nowNanos) {
        state[slot] = IN_FLIGHT;
        sent[slot] = nowNanos;
    }

    /** The server said Busy: the batch waits to be resent. */
    void waiting(int slot) {
        state[slot] = WAITING;
    }

    boolean isWaiting(int slot) {
        return state[slot] == WAITING;
    }

    boolean isOccupied(int slot) {
        return state[slot] != FREE;
    }

    long sentAt(int slot) {
        return sent[slot];
    }

    byte[] frame(int slot) {
        return frame[slot];
    }

    void release(int slot) {
        state[slot] = FREE;
        frame[slot] = null;
        used--;
    }

    int size() {
        return state.length;
    }

    int used() {
        return used;
    }
}
