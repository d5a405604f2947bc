package io.kcrawler.devkit.contract;

import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A contract's routes: method plus path pattern, such as {@code /subjects/{subject}/versions},
 * whose {@code {name}} segments match any one segment and are handed to the action decoded (see
 * {@link Request#segments()}). A path no pattern matches is answered with the service's 404; a path
 * that matches only under other methods with its 405.
 */
public final class Routes implements ContractServer.Handler {

  /** What a route answers; {@code path} holds the pattern's {@code {name}} segments. */
  @FunctionalInterface
  public interface Action {
    Response answer(Request request, Map<String, String> path) throws IOException;
  }

  private record Route(String method, List<String> pattern, Action action) {}

  private final List<Route> routes = new ArrayList<>();
  private final Response notFound;
  private final Response methodNotAllowed;

  public Routes(Response notFound, Response methodNotAllowed) {
    this.notFound = notFound;
    this.methodNotAllowed = methodNotAllowed;
  }

  public Routes on(String method, String pattern, Action action) {
    routes.add(new Route(method, ContractServer.segments(pattern), action));
    return this;
  }

  @Override
  public Response handle(Request request) throws IOException {
    List<String> segments = request.segments();
    boolean pathKnown = false;
    for (Route route : routes) {
      Map<String, String> path = match(route.pattern(), segments);
      if (path == null) {
        continue;
      }
      if (route.method().equals(request.method())) {
        return route.action().answer(request, path);
      }
      pathKnown = true;
    }
    return pathKnown ? methodNotAllowed : notFound;
  }

  private static Map<String, String> match(List<String> pattern, List<String> segments) {
    if (pattern.size() != segments.size()) {
      return null;
    }
    Map<String, String> path = new HashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      if (p.startsWith("{") && p.endsWith("}")) {
        path.put(p.substring(1, p.length() - 1), segments.get(i));
      } else if (!p.equals(segments.get(i))) {
        return null;
      }
    }
    return path;
  }
}
