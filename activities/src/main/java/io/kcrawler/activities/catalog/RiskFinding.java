package io.kcrawler.activities.catalog;

/**
 * One risky change: which rule fired on what (a topic, group, subject or principal), one sentence a
 * data owner understands, and the value before and after the change.
 */
public record RiskFinding(
    String rule, RiskLevel risk, String subject, String sentence, String before, String after) {

  static RiskFinding of(
      RiskRule rule, String subject, String sentence, Object before, Object after) {
    return new RiskFinding(
        rule.id(),
        rule.level(),
        subject,
        sentence,
        before == null ? null : before.toString(),
        after == null ? null : after.toString());
  }
}
