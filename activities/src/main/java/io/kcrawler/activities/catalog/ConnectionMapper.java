package io.kcrawler.activities.catalog;

import io.kcrawler.activities.catalog.AtlanModel.Connection;

/**
 * The {@code Connection} every asset of a crawler connection hangs off, as Atlan's SDK creates one
 * ({@code Connection.creator}): qualifiedName {@code default/confluent-kafka/<epoch>},
 * connectorName {@code confluent-kafka}, category {@code eventbus}, and the admins that govern it.
 */
final class ConnectionMapper {
  private ConnectionMapper() {}

  static AtlanEntity map(
      String connectionQn, String displayName, CatalogSinkConfig.ConnectionAdmins admins) {
    return AtlanEntity.bare(Connection.TYPE)
        .attr(AtlanModel.QUALIFIED_NAME, connectionQn)
        .attr(AtlanModel.NAME, displayName)
        .attr(AtlanModel.CONNECTOR_NAME, AtlanQualifiedNames.CONNECTOR_NAME)
        .attr(Connection.CATEGORY, AtlanModel.EVENT_BUS_CATEGORY)
        .attr(Connection.ADMIN_USERS, admins.users().isEmpty() ? null : admins.users())
        .attr(Connection.ADMIN_GROUPS, admins.groups().isEmpty() ? null : admins.groups())
        .attr(Connection.ADMIN_ROLES, admins.roles().isEmpty() ? null : admins.roles())
        .build();
  }
}
