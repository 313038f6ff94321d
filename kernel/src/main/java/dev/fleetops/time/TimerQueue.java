package dev.fleetops.time;

import java.util.Arrays;

/**
 * The virtual-time kernel's pending tasks, taken out in exact (due time, submission order). A hashed timing wheel
 * of 2^14 slots of 2^20 ns (about 1 ms; about 17 s ahead in all) holds the near future, unsorted; a slot is sorted
 * once, when time reaches it, and then read in order. That is what a simulation mostly schedules (health checks,
 * sweeps, timeouts: periodic, seconds ahead), and it keeps each task's cost flat in the number pending, where a
 * binary heap of 100,000+ timers pays a cache miss per level on every pop. Two small heaps take the rest: tasks
 * for the slot being read (or an earlier one, after the clock stopped short of it), and tasks beyond the wheel,
 * moved onto it as time comes near them.
 *
 * <p>Precondition of {@link #add}: a task is never due before the last one taken out (time does not go back).
 */
final class TimerQueue {

    static final int SHIFT = 20;
    static final int SLOTS = 1 << 14;
    private static final int MASK = SLOTS - 1;
    private static final int WORDS = SLOTS / 64;
    private static final int RUN = 16;

    private final TimerTask[][] slots = new TimerTask[SLOTS][];
    private final int[] counts = new int[SLOTS];
    private final long[] occupied = new long[WORDS];
    private int onWheel;
    /** The slot being read: {@code run[runPos, runEnd)}, sorted; the wheel holds slots (current, current + SLOTS). */
    private long current;
    private TimerTask[] run = new TimerTask[16];
    private int runPos;
    private int runEnd;
    /** Due in the current slot or before it, added after it was sorted. */
    private final TaskHeap soon = new TaskHeap();
    /** Due at or beyond current + SLOTS. */
    private final TaskHeap later = new TaskHeap();
    private int size;
    private TimerTask[] scratch = new TimerTask[64];

    int size() {
        return size;
    }

    void add(TimerTask k) {
        size++;
        long s = k.at >> SHIFT;
        if (s <= current) {
            soon.push(k);
        } else if (s - current < SLOTS) {
            onWheel(k, (int) (s & MASK));
        } else {
            later.push(k);
        }
    }

    /** The next task, or null when none is left; it stays queued. */
    TimerTask peek() {
        if (runPos == runEnd && soon.isEmpty() && !advance()) return null;
        TimerTask r = runPos < runEnd ? run[runPos] : null;
        TimerTask s = soon.peek();
        if (r == null) return s;
        return s != null && s.before(r) ? s : r;
    }

    /** Takes out the next task, or returns null when none is left. */
    TimerTask poll() {
        TimerTask k = peek();
        if (k == null) return null;
        if (runPos < runEnd && run[runPos] == k) {
            run[runPos++] = null;
        } else {
            soon.pop();
        }
        size--;
        return k;
    }

    private void onWheel(TimerTask k, int slot) {
        TimerTask[] a = slots[slot];
        int n = counts[slot];
        if (a == null) {
            a = slots[slot] = new TimerTask[8];
        } else if (n == a.length) {
            a = slots[slot] = Arrays.copyOf(a, n * 2);
        }
        a[n] = k;
        counts[slot] = n + 1;
        if (n == 0) occupied[slot >>> 6] |= 1L << slot;
        onWheel++;
    }

    /** With the current slot read out and nothing sooner: moves to the next non-empty slot and sorts it. */
    private boolean advance() {
        long next;
        if (onWheel > 0) {
            next = nextOccupied();
        } else if (!later.isEmpty()) {
            next = later.peek().at >> SHIFT;
        } else {
            return false;
        }
        current = next;
        while (!later.isEmpty() && (later.peek().at >> SHIFT) - current < SLOTS) {
            TimerTask k = later.pop();
            onWheel(k, (int) ((k.at >> SHIFT) & MASK));
        }
        int slot = (int) (current & MASK);
        TimerTask[] taken = slots[slot];
        slots[slot] = run; // read out (all null): reused as this slot's next array
        run = taken;
        runEnd = counts[slot];
        runPos = 0;
        counts[slot] = 0;
        occupied[slot >>> 6] &= ~(1L << slot);
        onWheel -= runEnd;
        sort(run, runEnd);
        return true;
    }

    /** The absolute number of the first non-empty slot after the current one (the wheel is not empty). */
    private long nextOccupied() {
        int start = (int) ((current + 1) & MASK);
        int w = start >>> 6;
        long bits = occupied[w] & (-1L << start);
        while (bits == 0) {
            w = (w + 1) & (WORDS - 1);
            bits = occupied[w];
        }
        int slot = (w << 6) | Long.numberOfTrailingZeros(bits);
        return current + 1 + ((slot - start) & MASK);
    }

    /** Sorts {@code a[0, n)}: insertion sort of runs of 16, then merges through a kept buffer (no garbage per slot). */
    private void sort(TimerTask[] a, int n) {
        for (int lo = 0; lo < n; lo += RUN) insertionSort(a, lo, Math.min(lo + RUN, n));
        if (n <= RUN) return;
        if (scratch.length < n) scratch = new TimerTask[Math.max(n, scratch.length * 2)];
        TimerTask[] src = a;
        TimerTask[] dst = scratch;
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                merge(src, dst, lo, mid, Math.min(lo + 2 * width, n));
            }
            TimerTask[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) System.arraycopy(src, 0, a, 0, n);
        Arrays.fill(scratch, 0, n, null);
    }

    private static void insertionSort(TimerTask[] a, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            TimerTask k = a[i];
            int j = i - 1;
            while (j >= from && k.before(a[j])) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = k;
        }
    }

    private static void merge(TimerTask[] src, TimerTask[] dst, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            dst[k] = j >= hi || (i < mid && !src[j].before(src[i])) ? src[i++] : src[j++];
        }
    }
}
