package io.kcrawler.activities.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever goes wrong, no exception (message, cause chain, stack trace) carries the secret. */
class SecretValueLeakTest {
  private static final String VALUE = "Sup3r-S3cret-Value";

  private static final Map<String, SecretStore> STORES =
      Map.of(
          // Not JSON: a parser error would quote the text.
          "aws-sm", ref -> Secret.text("not-json " + VALUE + " {"),
          // JSON without the requested key.
          "gcp-sm", ref -> Secret.text("{\"password\":\"" + VALUE + "\"}"),
          // Several Vault fields and no key given.
          "vault", ref -> Secret.fields(Map.of("a", VALUE, "b", VALUE)));

  static Stream<String> failingReferences() {
    return Stream.of(
        "aws-sm:kafka#password",
        "gcp-sm:projects/p/secrets/s#username",
        "vault:secret/kafka",
        "vault:secret/kafka#missing",
        // A value pasted where a reference belongs.
        VALUE,
        "password:" + VALUE,
        "env:NOT_SET_" + "X");
  }

  @ParameterizedTest
  @MethodSource("failingReferences")
  void givenFailingReference_whenResolved_thenNoMessageContainsTheValue(String ref) {
    var resolver = new CompositeSecretResolver(STORES, Duration.ofMinutes(5), Clock.systemUTC());

    Throwable thrown = catchThrowable(() -> resolver.resolve(ref));

    assertThat(thrown).isInstanceOf(SecretResolutionException.class);
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(VALUE);
    assertThat(new Secret(VALUE, null).toString()).doesNotContain(VALUE);
  }
}
