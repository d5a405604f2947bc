package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Optional thresholds of the risk-classified change report: how much a consumer group's total lag
 * must grow between two crawls to be reported ({@code lagGrowthFactor}, default {@value
 * #DEFAULT_LAG_GROWTH_FACTOR}), and across how many crawls a group's committed offsets must stand
 * still, with lag waiting, to be reported idle ({@code idleCrawls}, default {@value
 * #DEFAULT_IDLE_CRAWLS}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeReportConfig(Double lagGrowthFactor, Integer idleCrawls) {

  /** Lag doubling between two crawls is what a person notices on a lag chart. */
  public static final double DEFAULT_LAG_GROWTH_FACTOR = 2.0;

  /** Three crawls (two intervals) without a commit rule out a consumer merely restarting. */
  public static final int DEFAULT_IDLE_CRAWLS = 3;

  /** The most crawls idleness can span: the lag history keeps this many crawls per group. */
  public static final int MAX_IDLE_CRAWLS = 30;

  /** The largest factor accepted: beyond it the rule would never fire. */
  public static final double MAX_LAG_GROWTH_FACTOR = 1000.0;

  public double lagGrowthFactorOrDefault() {
    return lagGrowthFactor == null ? DEFAULT_LAG_GROWTH_FACTOR : lagGrowthFactor;
  }

  public int idleCrawlsOrDefault() {
    return idleCrawls == null ? DEFAULT_IDLE_CRAWLS : idleCrawls;
  }

  /** The defaults, for a request without the block. */
  public static ChangeReportConfig defaults() {
    return new ChangeReportConfig(null, null);
  }
}
