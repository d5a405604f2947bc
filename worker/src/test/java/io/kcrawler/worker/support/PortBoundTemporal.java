package io.kcrawler.worker.support;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.worker.CrawlerWorker;
import io.kcrawler.worker.WorkerConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * Temporal's test server on a real port, with a crawler worker on it: what a CLI started from
 * another process would reach at {@code --address}. One per test class.
 */
public final class PortBoundTemporal implements AutoCloseable {
  private final TestServer.PortBoundTestServer server;
  private final WorkflowServiceStubs service;
  private final CrawlerWorker worker;
  private final int port;

  private PortBoundTemporal(Path dir) throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port, true);
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    worker =
        CrawlerWorker.onClient(
            WorkerConfig.fromEnv(Map.of())
                .withTemporalAddress(address())
                .withDirs(dir.resolve("artifacts"), dir.resolve("output")),
            WorkflowClient.newInstance(service),
            new EnvFileSecretResolver());
    worker.start();
  }

  public static PortBoundTemporal start(Path dir) throws IOException {
    return new PortBoundTemporal(dir);
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    worker.close();
    service.shutdownNow();
    server.close();
  }
}
