package dev.cogwheel.panel;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request line it cannot parse, a URI or headers too long, a method it does
 * not allow) in the API's error format, {@code {"error": "...", "field": null}}, instead of Jetty's
 * HTML page; never with a stack trace, always {@code no-store}.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
      List<Charset> charsets, int code, String message, Throwable cause) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    return ByteBuffer.wrap(body(status, reason));
  }

  private static byte[] body(int status, String reason) {
    Map<String, Object> json = new LinkedHashMap<>();
    String meaning = HttpStatus.getMessage(status);
    json.put("error", "The server refused the request: " + status + " " + meaning
        + (reason == null || reason.isBlank() || reason.equals(meaning) ? "" : " (" + reason + ")") + ".");
    json.put("field", null);
    try {
      return PanelServer.MAPPER.writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      return ("{\"error\": \"" + status + "\", \"field\": null}").getBytes(StandardCharsets.UTF_8);
    }
  }
}
