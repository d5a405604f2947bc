package io.kcrawler.activities.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves {@code env:NAME} from the worker's environment and {@code file:/path} from a file
 * (trailing newline dropped): the references that need no secret store.
 */
public final class EnvFileSecretResolver implements SecretResolver {
  private final Map<String, String> env;

  public EnvFileSecretResolver() {
    this(System.getenv());
  }

  public EnvFileSecretResolver(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public String resolve(String ref) {
    if (ref.startsWith("env:")) {
      String name = ref.substring(4);
      String value = env.get(name);
      if (value == null) {
        throw new SecretResolutionException(
            "credential reference "
                + ref
                + ": environment variable "
                + name
                + " is not set on this worker");
      }
      return value;
    }
    if (ref.startsWith("file:")) {
      Path path = Path.of(ref.substring(5));
      try {
        return Files.readString(path, StandardCharsets.UTF_8).stripTrailing();
      } catch (NoSuchFileException e) {
        throw new SecretResolutionException(
            "credential reference " + ref + ": no such file on this worker");
      } catch (IOException e) {
        throw new SecretResolutionException(
            "credential reference "
                + ref
                + ": cannot read the file ("
                + e.getClass().getSimpleName()
                + ")",
            false,
            null);
      }
    }
    throw new SecretResolutionException(
        "credential reference scheme of "
            + ref.substring(0, Math.max(0, ref.indexOf(':')))
            + ": no secret store for it is configured on this worker");
  }
}
