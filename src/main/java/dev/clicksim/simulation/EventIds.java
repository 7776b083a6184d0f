package dev.clicksim.simulation;

import java.nio.charset.StandardCharsets;

/**
 * Event ids {@code prefix + "e" + n in base 36} for n = 0, 1, 2, ...: the same strings as {@code
 * prefix + "e" + Long.toString(n, 36)}, made by counting in base-36 digits in place, without a
 * division or an intermediate string per id (this is on the generator's hot path).
 */
final class EventIds {
  private final String prefix;
  private final boolean latin1;
  private byte[] buf;
  private final int start;
  private int length;
  private long next;

  EventIds(String prefix) {
    this.prefix = prefix;
    this.latin1 = prefix.chars().allMatch(c -> c <= 0xFF);
    byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
    this.start = p.length + 1;
    this.buf = new byte[start + 16];
    System.arraycopy(p, 0, buf, 0, p.length);
    buf[p.length] = 'e';
    buf[start] = '0';
    this.length = start + 1;
  }

  String next() {
    long n = next++;
    if (!latin1) {
      return prefix + "e" + Long.toString(n, 36);
    }
    String id = new String(buf, 0, length, StandardCharsets.ISO_8859_1);
    increment();
    return id;
  }

  private void increment() {
    int i = length - 1;
    while (i >= start) {
      byte d = buf[i];
      if (d == 'z') {
        buf[i] = '0';
        i--;
      } else {
        buf[i] = d == '9' ? (byte) 'a' : (byte) (d + 1);
        return;
      }
    }
    // All digits were z: one more digit, 1 followed by zeros.
    if (length == buf.length) {
      buf = java.util.Arrays.copyOf(buf, buf.length + 8);
    }
    buf[start] = '1';
    for (int k = start + 1; k <= length; k++) {
      buf[k] = '0';
    }
    length++;
  }
}
