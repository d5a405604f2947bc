package io.kcrawler.worker.cli;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** Turns an exception into the one line a person reads: the innermost useful message. */
final class Errors {
  private Errors() {}

  static String oneLine(Throwable e) {
    Throwable cur = e;
    if (cur instanceof WorkflowFailedException w && w.getCause() != null) {
      cur = w.getCause();
    }
    if (cur instanceof ApplicationFailure af) {
      return af.getType() + ": " + af.getOriginalMessage();
    }
    if (cur instanceof TemporalFailure tf) {
      return tf.getOriginalMessage();
    }
    for (Throwable c = cur; c != null; c = c.getCause()) {
      if (c instanceof DataConverterException d) {
        // A payload this CLI cannot read (e.g. a status it does not know, from a newer worker):
        // name the value and the field instead of the wrapper's "workflowId=..." message.
        return "cannot decode Temporal's answer: " + undecodable(d);
      }
      if (c instanceof StatusRuntimeException s) {
        return s.getStatus().getCode() == Status.Code.UNAVAILABLE
            ? "cannot reach Temporal: " + s.getStatus().getDescription()
            : "Temporal answered "
                + s.getStatus().getCode()
                + ": "
                + s.getStatus().getDescription();
      }
    }
    String msg = cur.getMessage();
    return msg == null ? cur.getClass().getSimpleName() : msg.replace('\n', ' ');
  }

  private static String undecodable(DataConverterException d) {
    if (d.getCause() instanceof JsonMappingException j) {
      return j.getOriginalMessage() + " (at " + j.getPathReference() + ")";
    }
    String msg = d.getMessage();
    return msg == null ? d.getClass().getSimpleName() : msg.replace('\n', ' ');
  }
}
