package dev.clicksim.simulation;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A 4-ary min-heap (half the depth of a binary one, children side by side in memory) of values
 * keyed by a non-negative long below 2^43 (a time offset in ms), ties broken by insertion order
 * (modulo 2^20 insertions), so the order of equal keys follows from the sequence of pushes, never
 * from the heap's layout. Key and sequence share one long, so a comparison reads one array.
 */
final class MinHeap<T> {
  private static final int SEQ_BITS = 20;
  private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
  static final long MAX_KEY = (1L << (63 - SEQ_BITS)) - 1;

  private long[] keys;
  private Object[] values;
  private int size;
  private long nextSeq;

  MinHeap(int capacity) {
    int c = Math.max(4, capacity);
    keys = new long[c];
    values = new Object[c];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The smallest key; {@link Long#MAX_VALUE} when empty. */
  long peekKey() {
    return size == 0 ? Long.MAX_VALUE : keys[0] >>> SEQ_BITS;
  }

  void push(long key, T value) {
    if (key < 0 || key > MAX_KEY) {
      throw new IllegalArgumentException("heap key out of range: " + key);
    }
    if (size == keys.length) {
      int c = keys.length * 2;
      keys = Arrays.copyOf(keys, c);
      values = Arrays.copyOf(values, c);
    }
    long k = (key << SEQ_BITS) | (nextSeq++ & SEQ_MASK);
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      long pk = keys[parent];
      if (k >= pk) {
        break;
      }
      keys[i] = pk;
      values[i] = values[parent];
      i = parent;
    }
    keys[i] = k;
    values[i] = value;
  }

  @SuppressWarnings("unchecked")
  T pop() {
    if (size == 0) {
      throw new NoSuchElementException("heap is empty");
    }
    T top = (T) values[0];
    int n = --size;
    long k = keys[n];
    Object value = values[n];
    values[n] = null;
    int i = 0;
    while (true) {
      int first = 4 * i + 1;
      if (first >= n) {
        break;
      }
      int child = first;
      long ck = keys[first];
      int last = Math.min(first + 4, n);
      for (int c = first + 1; c < last; c++) {
        if (keys[c] < ck) {
          ck = keys[c];
          child = c;
        }
      }
      if (k <= ck) {
        break;
      }
      keys[i] = ck;
      values[i] = values[child];
      i = child;
    }
    if (n > 0) {
      keys[i] = k;
      values[i] = value;
    }
    return top;
  }
}
