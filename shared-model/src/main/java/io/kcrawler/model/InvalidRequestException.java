package io.kcrawler.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request that cannot be crawled as written. Carries every problem found, each naming its field;
 * the workflow turns it into a non-retryable {@link FailureType#INVALID_INPUT} failure.
 */
public class InvalidRequestException extends RuntimeException {
  private final List<FieldProblem> problems;

  public InvalidRequestException(List<FieldProblem> problems) {
    super(
        "invalid crawl request: "
            + problems.stream().map(FieldProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
