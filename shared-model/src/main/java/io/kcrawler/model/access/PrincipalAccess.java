package io.kcrawler.model.access;

import java.util.List;

/** What one principal may do: the topics it may read, write and describe, the groups it may use. */
public record PrincipalAccess(
    String principal,
    List<String> topicsRead,
    List<String> topicsWrite,
    List<String> topicsDescribe,
    List<String> groupsRead) {}
