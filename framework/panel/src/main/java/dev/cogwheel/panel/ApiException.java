package dev.cogwheel.panel;

/** A request the API refuses: its HTTP status, the field that was wrong and what to do. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String field;

  ApiException(int status, String field, String message) {
    super(message);
    this.status = status;
    this.field = field;
  }

  static ApiException badRequest(String field, String message) {
    return new ApiException(400, field, message);
  }

  static ApiException notFound(String field, String message) {
    return new ApiException(404, field, message);
  }
}
