package dev.fleetops.time;

import java.util.Arrays;

/** A binary min-heap of tasks on (due time, submission order). */
final class TaskHeap {

    private TimerTask[] heap = new TimerTask[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first task, or null. */
    TimerTask peek() {
        return size == 0 ? null : heap[0];
    }

    void push(TimerTask k) {
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerTask p = heap[parent];
            if (!k.before(p)) break;
            heap[i] = p;
            i = parent;
        }
        heap[i] = k;
    }

    TimerTask pop() {
        TimerTask first = heap[0];
        TimerTask last = heap[--size];
        heap[size] = null;
        if (size == 0) return first;
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            TimerTask c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].before(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.before(last)) break;
            heap[i] = c;
            i = child;
        }
        heap[i] = last;
        return first;
    }
}
