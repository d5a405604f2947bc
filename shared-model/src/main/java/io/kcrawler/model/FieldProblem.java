package io.kcrawler.model;

/** One thing wrong with one field of a request: the field's JSON path and what was expected. */
public record FieldProblem(String field, String expected) {
  @Override
  public String toString() {
    return field + ": " + expected;
  }
}
