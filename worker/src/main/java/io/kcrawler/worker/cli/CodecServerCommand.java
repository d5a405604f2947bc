package io.kcrawler.worker.cli;

import io.kcrawler.activities.secrets.SecretResolver;
import io.kcrawler.activities.secrets.SecretResolvers;
import io.kcrawler.activities.secrets.SecretStoreConfig;
import io.kcrawler.worker.codec.AesGcmPayloadCodec;
import io.kcrawler.worker.codec.CodecKeys;
import io.kcrawler.worker.codec.CodecServer;
import io.kcrawler.worker.codec.CodecServerConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** Serves /encode and /decode so the Temporal UI can show decrypted payloads. */
@Command(
    name = "codec-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the payload codec for the Temporal UI (POST /encode, POST /decode).",
      "Keys: KCRAWLER_CODEC_KEYS, KCRAWLER_CODEC_CURRENT_KEY; bind and CORS:",
      "KCRAWLER_CODEC_SERVER_HOST, _PORT, _UI_ORIGIN, _TOKEN_REF."
    })
final class CodecServerCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Map<String, String> env = System.getenv();
    CodecKeys keys;
    CodecServerConfig config;
    try {
      keys = CodecKeys.fromEnv(env);
      config = CodecServerConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (keys == null) {
      throw new UsageError("KCRAWLER_CODEC_KEYS is not set: there is nothing to decode with");
    }
    SecretResolver secrets = SecretResolvers.fromConfig(SecretStoreConfig.fromEnv(env), env);
    CodecServer server =
        CodecServer.start(config, AesGcmPayloadCodec.fromConfig(keys, secrets), secrets);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "codec-server-shutdown"));
    System.out.println("codec server on " + config.host() + ":" + server.port());
    stopped.await();
    return 0;
  }
}
