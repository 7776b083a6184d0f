package dev.clicksim.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinHeapTest {
  record Entry(long key, int order) {}

  @Test
  void should_pop_by_key_then_in_insertion_order() {
    SplittableRandom r = new SplittableRandom(3);
    MinHeap<Entry> heap = new MinHeap<>(2);
    List<Entry> pushed = new ArrayList<>();
    List<Entry> popped = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      Entry e = new Entry(r.nextLong(1_000), i);
      heap.push(e.key(), e);
      pushed.add(e);
      if (r.nextInt(3) == 0) {
        popped.add(heap.pop());
      }
    }
    while (!heap.isEmpty()) {
      popped.add(heap.pop());
    }
    assertThat(popped).hasSameSizeAs(pushed);
    // Interleaved pops: each pop is the smallest (key, order) among what was in the heap; checked
    // by replay.
    MinHeap<Entry> replay = new MinHeap<>(4);
    java.util.PriorityQueue<Entry> reference =
        new java.util.PriorityQueue<>(
            Comparator.comparingLong(Entry::key).thenComparingInt(Entry::order));
    SplittableRandom r2 = new SplittableRandom(3);
    int next = 0;
    for (int i = 0; i < 50_000; i++) {
      Entry e = new Entry(r2.nextLong(1_000), i);
      replay.push(e.key(), e);
      reference.add(e);
      if (r2.nextInt(3) == 0) {
        assertThat(replay.peekKey()).isEqualTo(reference.peek().key());
        assertThat(replay.pop()).isEqualTo(reference.poll()).isEqualTo(popped.get(next++));
      }
    }
    while (!reference.isEmpty()) {
      assertThat(replay.pop()).isEqualTo(reference.poll()).isEqualTo(popped.get(next++));
    }
    assertThat(replay.peekKey()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void should_count_event_ids_in_base_36_like_long_to_string() {
    EventIds ids = new EventIds("r1.");
    for (long n = 0; n < 100_000; n++) {
      assertThat(ids.next()).isEqualTo("r1.e" + Long.toString(n, 36));
    }
    EventIds empty = new EventIds("");
    assertThat(empty.next()).isEqualTo("e0");
    EventIds wide = new EventIds("ü€.");
    assertThat(wide.next()).isEqualTo("ü€.e0");
    assertThat(wide.next()).isEqualTo("ü€.e1");
  }
}
