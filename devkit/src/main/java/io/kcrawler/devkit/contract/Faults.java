package io.kcrawler.devkit.contract;

import io.kcrawler.devkit.contract.ContractServer.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injected faults: canned answers (a 500, a 429 with {@code Retry-After}…) that upcoming requests
 * get instead of being processed. Each {@link Fault} answers its next {@code times} requests; they
 * are consulted in the order they were added, so a stand-in that adds its kinds up front fixes
 * their precedence. The stand-in calls {@link #next()} at the point of its contract where a fault
 * replaces the answer (typically after authentication).
 */
public final class Faults {

  /** One kind of fault; {@link #arm} (again) to set how many requests it answers. */
  public static final class Fault {
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Response answer;

    private Fault() {}

    /** The next {@code times} requests get {@code answer}, replacing what was left of this one. */
    public void arm(int times, Response answer) {
      this.answer = answer;
      remaining.set(times);
    }
  }

  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  /** A new kind of fault, consulted after those added before it; answers nothing until armed. */
  public Fault add() {
    Fault f = new Fault();
    faults.add(f);
    return f;
  }

  /** The fault answer for this request, counted off its fault; null when none is armed. */
  public Response next() {
    for (Fault f : faults) {
      if (f.remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return f.answer;
      }
    }
    return null;
  }
}
