package io.kcrawler.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mapper for artifacts and files. Lenient on read (an artifact written by a newer worker
 * with an extra field still reads), unlike {@link CrawlRequestParser}, which is strict on purpose.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
