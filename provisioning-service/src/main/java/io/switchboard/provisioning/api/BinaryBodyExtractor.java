package io.switchboard.provisioning.api;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.Map;

/**
 * vertx-openapi 5.0.8 hands an {@code application/octet-stream} body to the JSON Schema validator
 * as a Buffer, which it cannot validate whatever the schema. Such a body is hidden from validation
 * (the contract declares it not required); the operation reads it from the routing context and
 * checks it itself (a restore reads the archive whole before anything changes). Parameters and
 * every other body are validated from the contract as before.
 */
final class BinaryBodyExtractor implements RequestExtractor {
  static final String BINARY = "application/octet-stream";

  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(
      RoutingContext ctx, Operation operation) {
    return extractor
        .extractValidatableRequest(ctx, operation)
        .map(request -> isBinary(request) ? new WithoutBody(request) : request);
  }

  private static boolean isBinary(ValidatableRequest request) {
    String type = request.getContentType();
    return type != null && type.regionMatches(true, 0, BINARY, 0, BINARY.length());
  }

  private record WithoutBody(ValidatableRequest request) implements ValidatableRequest {
    @Override
    public String getContentType() {
      return request.getContentType();
    }

    @Override
    public Map<String, RequestParameter> getCookies() {
      return request.getCookies();
    }

    @Override
    public Map<String, RequestParameter> getPathParameters() {
      return request.getPathParameters();
    }

    @Override
    public Map<String, RequestParameter> getQuery() {
      return request.getQuery();
    }

    @Override
    public Map<String, RequestParameter> getHeaders() {
      return request.getHeaders();
    }

    @Override
    public RequestParameter getBody() {
      return null;
    }
  }
}
