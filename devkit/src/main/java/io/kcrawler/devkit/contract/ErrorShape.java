package io.kcrawler.devkit.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcrawler.devkit.contract.ContractServer.Response;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's error body: one JSON object of a code and a message, such as Confluent's {@code
 * {"error_code":40401,"message":…}} or Atlas's {@code {"errorCode":"ATLAS-404-00-009",
 * "errorMessage":…}}, sent with the service's content type.
 */
public record ErrorShape(String codeField, String messageField, String contentType) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body; a numeric {@code code} is written as a number, anything else as a string. */
  public String body(Object code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(codeField, code);
    body.put(messageField, message);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Response answer(int status, Object code, String message) {
    return new Response(status, body(code, message), Map.of("Content-Type", contentType));
  }
}
