package io.kcrawler.devkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kit over real HTTP: routing, faults, recording, failures and latency. */
class ContractServerTest {
  private static final ErrorShape ERRORS = new ErrorShape("code", "message", "application/json");

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Faults faults = new Faults();
  private final Faults.Fault rateLimit = faults.add();
  private final Faults.Fault outage = faults.add();
  private final Routes routes =
      new Routes(ERRORS.answer(404, 40400, "no route"), ERRORS.answer(405, 40500, "no method"))
          .on("GET", "/items/{id}", (r, p) -> text(200, "item " + p.get("id")))
          .on("POST", "/items", (r, p) -> text(201, "created " + r.body()))
          .on(
              "GET",
              "/items/{id}/parts/{part}",
              (r, p) -> text(200, p.get("id") + "#" + p.get("part") + " " + r.params()))
          .on(
              "GET",
              "/boom",
              (r, p) -> {
                throw new IllegalStateException("boom");
              })
          .on(
              "GET",
              "/drop",
              (r, p) -> {
                throw new IOException("reset");
              });
  private ContractServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        ContractServer.http(
            r -> {
              Response fault = faults.next();
              return fault != null ? fault : routes.handle(r);
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Response text(int status, String body) {
    return new Response(status, body, Map.of("Content-Type", "text/plain"));
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    return send(server, method, path, body, headers);
  }

  private HttpResponse<String> send(
      ContractServer to, String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(to.url() + path)).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null);
  }

  @Test
  void listensOnLoopbackOverPlainHttp() {
    assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+");
  }

  @Test
  void routesByMethodAndPathPatternWithDecodedSegments() throws Exception {
    HttpResponse<String> item = get("/items/42");
    assertThat(item.statusCode()).isEqualTo(200);
    assertThat(item.body()).isEqualTo("item 42");
    assertThat(item.headers().firstValue("Content-Type")).hasValue("text/plain");

    // An encoded slash stays inside its segment; a plus is a plus in a path.
    assertThat(get("/items/a%2Fb").body()).isEqualTo("item a/b");
    assertThat(get("/items/a+b").body()).isEqualTo("item a+b");
    assertThat(get("/items/7/parts/x%20y?b=1&a=x+y&b=2").body())
        .isEqualTo("7#x y {b=[1, 2], a=[x y]}");

    HttpResponse<String> created = send("POST", "/items", "{\"n\":1}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("created {\"n\":1}");
  }

  @Test
  void unknownPathIs404AndKnownPathUnderAnotherMethodIs405() throws Exception {
    HttpResponse<String> missing = get("/nothing/here");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"code\":40400,\"message\":\"no route\"}");
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(get("/items").statusCode()).isEqualTo(405);
    assertThat(get("/items").body()).isEqualTo("{\"code\":40500,\"message\":\"no method\"}");
    assertThat(send("DELETE", "/items/1", null).statusCode()).isEqualTo(405);
    assertThat(get("/items/1/parts").statusCode()).isEqualTo(404);
  }

  @Test
  void armedFaultsAnswerTheNextRequestsWithRetryAfterThenTheContractResumes() throws Exception {
    rateLimit.arm(
        2, ERRORS.answer(429, "SLOW_DOWN", "rate limited").withHeader("Retry-After", "7"));

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> limited = get("/items/1");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(limited.body()).isEqualTo("{\"code\":\"SLOW_DOWN\",\"message\":\"rate limited\"}");
    }
    HttpResponse<String> ok = get("/items/1");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Retry-After")).isEmpty();
  }

  @Test
  void faultsAnswerInTheOrderTheyWereAddedAndReArmingReplacesTheCount() throws Exception {
    outage.arm(1, ERRORS.answer(500, 50001, "store down"));
    rateLimit.arm(1, ERRORS.answer(429, 42901, "slow down"));
    assertThat(get("/items/1").statusCode()).isEqualTo(429);
    assertThat(get("/items/1").statusCode()).isEqualTo(500);
    assertThat(get("/items/1").statusCode()).isEqualTo(200);

    outage.arm(5, ERRORS.answer(503, 50301, "unavailable"));
    outage.arm(1, ERRORS.answer(503, 50301, "unavailable"));
    assertThat(get("/nothing").statusCode()).as("a fault precedes routing").isEqualTo(503);
    assertThat(get("/items/1").statusCode()).isEqualTo(200);

    outage.arm(3, ERRORS.answer(500, 50001, "store down"));
    outage.arm(0, ERRORS.answer(500, 50001, "store down"));
    assertThat(get("/items/1").statusCode()).as("arming 0 disarms").isEqualTo(200);
  }

  @Test
  void recordsEveryRequestWithMethodPathQueryHeadersAndBody() throws Exception {
    get("/items/1?x=1");
    send("POST", "/items", "hello", "X-Token", "t-1");
    get("/nothing");

    List<Request> seen = server.requests();
    assertThat(seen)
        .extracting(Object::toString)
        .containsExactly("GET /items/1?x=1", "POST /items", "GET /nothing");
    Request post = seen.get(1);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/items");
    assertThat(post.query()).isNull();
    assertThat(post.body()).isEqualTo("hello");
    assertThat(post.header("x-token")).isEqualTo("t-1");
    assertThat(post.header("X-TOKEN")).isEqualTo("t-1");
    assertThat(post.header("Missing")).isNull();
    assertThat(seen.get(0).param("x")).isEqualTo("1");
    assertThat(server.count(r -> r.path().startsWith("/items"))).isEqualTo(2);

    server.clearRequests();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void faultedRequestsAreRecordedToo() throws Exception {
    outage.arm(1, ERRORS.answer(500, 50001, "store down"));
    get("/items/1");
    get("/items/1");
    assertThat(server.requests())
        .extracting(Object::toString)
        .containsExactly("GET /items/1", "GET /items/1");
  }

  @Test
  void aServerWithoutRecordingKeepsNoLog() throws Exception {
    try (ContractServer quiet =
        ContractServer.builder("quiet").recordRequests(false).start(routes)) {
      assertThat(send(quiet, "GET", "/items/9", null).body()).isEqualTo("item 9");
      assertThat(quiet.requests()).isEmpty();
    }
  }

  @Test
  void aHandlerFailureIsAnswered500AndAnIoFailureDropsTheConnection() throws Exception {
    HttpResponse<String> boom = get("/boom");
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body())
        .isEqualTo(
            "{\"error\":\"contract handler failed: java.lang.IllegalStateException: boom\"}");

    assertThatThrownBy(() -> get("/drop")).isInstanceOf(IOException.class);
    assertThat(get("/items/1").statusCode()).as("the server still serves").isEqualTo(200);
  }

  @Test
  void aServerAnswersFailuresWithItsOwnError() throws Exception {
    try (ContractServer own =
        ContractServer.builder("own")
            .onFailure(e -> ERRORS.answer(500, 50001, "store error"))
            .start(routes)) {
      HttpResponse<String> r = send(own, "GET", "/boom", null);
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).isEqualTo("{\"code\":50001,\"message\":\"store error\"}");
    }
  }

  @Test
  void latencyDelaysEveryAnswer() throws Exception {
    server.latency(Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThat(get("/items/1").statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));

    server.latency(Duration.ZERO);
    start = System.nanoTime();
    get("/items/1");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
  }

  @Test
  void anEmptyBodyIsSentAsNone() throws Exception {
    try (ContractServer empty =
        ContractServer.http(r -> new Response(204, "", Map.of("X-Seen", r.method())))) {
      HttpResponse<String> r = send(empty, "GET", "/", null);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("X-Seen")).hasValue("GET");
    }
  }
}
