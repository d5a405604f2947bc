package io.kcrawler.activities.catalog;

import io.kcrawler.model.access.ResourceAccess;
import java.util.List;

/**
 * Who may access a topic, as the text of its {@code assetSourceReadme}: Atlan's attribute for a
 * readme "as extracted from source", shown on the asset's readme tab. Atlan's model has no
 * attribute for access rights in the source ({@code sourceRead*} are usage, {@code viewerUsers} and
 * the like are Atlan's own users), and the readme is the one place a data owner looks that the
 * source may fill without touching what people wrote ({@code userDescription}, their own Readme
 * assets). Markdown, read as plain text too; stable between crawls while the ACLs are.
 */
final class TopicAccessReadme {
  /**
   * Principals named per operation; the rest are counted, so a topic open to thousands stays small.
   */
  static final int MAX_PRINCIPALS = 25;

  private TopicAccessReadme() {}

  static String of(ResourceAccess access) {
    StringBuilder md = new StringBuilder();
    md.append("## Access (Kafka ACLs at the last crawl)\n\n");
    line(md, "Read (consume)", access.read());
    line(md, "Write (produce)", access.write());
    line(md, "Describe", access.describe());
    if (!access.denied().isEmpty()) {
      line(md, "Denied despite a wildcard allow", access.denied());
    }
    if (!access.hostRestricted().isEmpty()) {
      line(md, "Only from given hosts", access.hostRestricted());
    }
    md.append(
        "\n`User:*` means every authenticated principal. Super users (`super.users`) are not"
            + " listed: the broker lets them do anything, outside the ACLs.\n");
    return md.toString();
  }

  private static void line(StringBuilder md, String label, List<String> who) {
    md.append("- **").append(label).append("**: ");
    if (who.isEmpty()) {
      md.append("nobody through the ACLs\n");
      return;
    }
    List<String> shown = who.size() > MAX_PRINCIPALS ? who.subList(0, MAX_PRINCIPALS) : who;
    md.append(String.join(", ", shown.stream().map(p -> "`" + p + "`").toList()));
    if (who.size() > shown.size()) {
      md.append(" and ").append(who.size() - shown.size()).append(" more");
    }
    md.append('\n');
  }
}
