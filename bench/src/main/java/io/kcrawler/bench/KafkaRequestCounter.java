package io.kcrawler.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Counts Kafka requests by API key from the raw client-to-broker byte stream: each request is a
 * 4-byte size followed by {@code api_key int16, api_version int16, correlation_id int32, …}.
 */
final class KafkaRequestCounter {
  private final AtomicLongArray byKey = new AtomicLongArray(Short.MAX_VALUE + 1);

  /** The parser of one connection (frames do not align with reads). */
  Stream newStream() {
    return new Stream();
  }

  final class Stream {
    private final byte[] header = new byte[6];
    private int filled;
    private long skip;

    void accept(byte[] buf, int len) {
      int i = 0;
      while (i < len) {
        if (skip > 0) {
          int n = (int) Math.min(skip, len - i);
          skip -= n;
          i += n;
          continue;
        }
        header[filled++] = buf[i++];
        if (filled == header.length) {
          int size =
              ((header[0] & 0xff) << 24)
                  | ((header[1] & 0xff) << 16)
                  | ((header[2] & 0xff) << 8)
                  | (header[3] & 0xff);
          int apiKey = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
          byKey.incrementAndGet(apiKey & 0x7fff);
          skip = size - 2L;
          filled = 0;
        }
      }
    }
  }

  /** Requests per API name since the last {@link #reset()}. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    for (int k = 0; k < byKey.length(); k++) {
      long n = byKey.get(k);
      if (n > 0) {
        out.put(ApiKeys.hasId(k) ? ApiKeys.forId(k).name : "key" + k, n);
      }
    }
    return out;
  }

  void reset() {
    for (int k = 0; k < byKey.length(); k++) {
      byKey.set(k, 0);
    }
  }
}
