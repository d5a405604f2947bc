package io.kcrawler.devkit.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcrawler.devkit.contract.ContractServer;
import io.kcrawler.devkit.contract.ContractServer.Request;
import io.kcrawler.devkit.contract.ContractServer.Response;
import io.kcrawler.devkit.contract.Routes;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * An OAuth 2.0 authorization server's token endpoint for the client credentials grant, as RFC 6749
 * documents it (section 4.4): {@code POST /token} with a form body {@code grant_type=
 * client_credentials} (and an optional {@code scope}), the client authenticated with HTTP Basic
 * (section 2.3.1) or {@code client_id}/{@code client_secret} form fields; a JSON answer with {@code
 * access_token}, {@code token_type} Bearer and {@code expires_in}; errors as section 5.2 ({@code
 * 400 invalid_request}/{@code unsupported_grant_type}, {@code 401 invalid_client}). Issues opaque
 * tokens and says which are live, so a resource server stand-in can check them.
 */
public final class OAuthTokenContractServer implements AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final ContractServer server;
  private final Map<String, String> clients = new ConcurrentHashMap<>();
  private final Map<String, Long> expiresAtNanos = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile Duration lifetime = Duration.ofHours(1);
  private volatile RsaJsonWebKey signingKey;
  private volatile String jwtIssuer;
  private volatile String jwtAudience;

  private OAuthTokenContractServer() throws IOException {
    Routes routes =
        new Routes(
                error(404, "invalid_request", "no such endpoint"),
                error(405, "invalid_request", "method not allowed"))
            .on("POST", "/token", (r, p) -> token(r))
            .on("GET", "/jwks", (r, p) -> jwks());
    server = ContractServer.builder("oauth-token").start(routes);
  }

  public static OAuthTokenContractServer start() throws IOException {
    return new OAuthTokenContractServer();
  }

  /**
   * Issues signed JWTs (RS256, RFC 7519) instead of opaque tokens: {@code sub} the client id,
   * {@code iss}, {@code aud}, {@code iat}, {@code exp} and {@code scope}; the public key is served
   * as a JWK Set (RFC 7517) at {@code GET /jwks}, as a broker's JWKS validation expects.
   */
  public OAuthTokenContractServer signedJwts(String issuer, String audience) {
    try {
      RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
      key.setKeyId("devkit-1");
      key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
      signingKey = key;
      jwtIssuer = issuer;
      jwtAudience = audience;
      return this;
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code <base url>/jwks}. */
  public String jwksEndpoint() {
    return server.url() + "/jwks";
  }

  /** Registers a client allowed the client credentials grant. */
  public OAuthTokenContractServer client(String clientId, String clientSecret) {
    clients.put(clientId, clientSecret);
    return this;
  }

  /** How long the next tokens live ({@code expires_in}). */
  public void tokenLifetime(Duration d) {
    lifetime = d;
  }

  /** {@code <base url>/token}. */
  public String tokenEndpoint() {
    return server.url() + "/token";
  }

  /** Tokens issued so far. */
  public int issued() {
    return issued.get();
  }

  /** Whether {@code token} was issued here and has not expired. */
  public boolean live(String token) {
    Long until = expiresAtNanos.get(token);
    return until != null && System.nanoTime() - until < 0;
  }

  public ContractServer server() {
    return server;
  }

  private Response token(Request r) throws IOException {
    Map<String, String> form = form(r.body());
    String id = null;
    String secret = null;
    String basic = r.header("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String decoded =
          new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        // Section 2.3.1: both parts are form-urlencoded before the Basic encoding.
        id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
      }
    } else {
      id = form.get("client_id");
      secret = form.get("client_secret");
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return error(400, "unsupported_grant_type", "grant_type must be client_credentials");
    }
    if (id == null || secret == null || !secret.equals(clients.get(id))) {
      return error(401, "invalid_client", "Client authentication failed")
          .withHeader("WWW-Authenticate", "Basic realm=\"token\"");
    }
    Duration life = lifetime;
    String token =
        signingKey == null ? UUID.randomUUID().toString() : jwt(id, form.get("scope"), life);
    expiresAtNanos.put(token, System.nanoTime() + life.toNanos());
    issued.incrementAndGet();
    ObjectNode out = json.createObjectNode();
    out.put("access_token", token);
    out.put("token_type", "Bearer");
    out.put("expires_in", Math.max(1, life.toSeconds()));
    if (form.get("scope") != null) {
      out.put("scope", form.get("scope"));
    }
    return Response.json(200, json.writeValueAsString(out)).withHeader("Cache-Control", "no-store");
  }

  private String jwt(String subject, String scope, Duration life) {
    JwtClaims claims = new JwtClaims();
    claims.setSubject(subject);
    claims.setIssuer(jwtIssuer);
    claims.setAudience(jwtAudience);
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(life.toSeconds() / 60f);
    claims.setGeneratedJwtId();
    if (scope != null) {
      claims.setClaim("scope", scope);
    }
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(signingKey.getPrivateKey());
    jws.setKeyIdHeaderValue(signingKey.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response jwks() {
    if (signingKey == null) {
      return error(404, "invalid_request", "this server issues opaque tokens: no JWKS");
    }
    return Response.json(
        200, new JsonWebKeySet(signingKey).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
  }

  private Response error(int status, String error, String description) {
    ObjectNode out = json.createObjectNode();
    out.put("error", error);
    out.put("error_description", description);
    return Response.json(status, out.toString());
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    if (body == null || body.isBlank()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
  }
}
