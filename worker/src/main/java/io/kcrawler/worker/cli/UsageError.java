package io.kcrawler.worker.cli;

/** A command used wrongly (bad request file, bad option value): exit code 2. */
final class UsageError extends RuntimeException {
  UsageError(String message) {
    super(message);
  }
}
