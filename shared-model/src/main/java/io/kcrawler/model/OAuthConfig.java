package io.kcrawler.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OAuth 2.0 client credentials (RFC 6749 section 4.4) for a service that takes bearer tokens: the
 * identity provider's token endpoint, the client id, a reference to the client secret and an
 * optional scope. Confluent Cloud also routes on {@code logicalCluster} (the Schema Registry's
 * {@code lsrc-…}) and {@code identityPoolId} ({@code pool-…}), sent with every request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthConfig(
    String tokenEndpointUrl,
    String clientId,
    String clientSecretRef,
    String scope,
    String logicalCluster,
    String identityPoolId) {}
